#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing: the tests render `preview --format html` in it headless.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing chromium (apt-get), for the preview's browser tests"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi
