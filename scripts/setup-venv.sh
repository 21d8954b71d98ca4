#!/usr/bin/env bash
# Creates .venv with the pinned Python peers the tests and benchmarks compare against.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import sys; sys.exit(0)' 2>/dev/null; then
  rm -rf .venv && python3 -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum scripts/requirements-peers.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-peers.txt
  echo "$want" > "$stamp"
fi
