#!/usr/bin/env bash
# The service part of `make demo`: starts `slotplan serve` on the compiled example plans for a few
# seconds, asks for offers and books the second one with curl, then stops the server by its id.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/slotplan
export SLOTPLAN_API_KEYS=demo-key            # the demo's key; a real deployment sets its own
out=$(mktemp)
$bin serve --plans out/plans --ledger sqlite:out/slotplan.db --calendar vdir:out/calendar \
  --listen 127.0.0.1:0 --now "${DEMO_NOW:-2026-11-30T14:00:00Z}" >"$out" 2>out/serve.log &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 50); do grep -q "listening on" "$out" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out")
echo "slotplan serve is listening on $url"
auth="Authorization: Bearer demo-key"
echo "\$ curl -s -H '$auth' -d '{\"call_id\": \"demo-call\", \"recipient\": {\"phone\": \"+13125550100\"}}' $url/v1/campaigns/q4-renewals/offers"
offers=$(curl -s -H "$auth" -d '{"call_id": "demo-call", "recipient": {"phone": "+13125550100"}}' "$url/v1/campaigns/q4-renewals/offers")
echo "$offers" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'
offer=$(echo "$offers" | python3 -c 'import json, sys; print(json.load(sys.stdin)["offers"][1]["id"])')
body="{\"campaign\": \"q4-renewals\", \"offer_id\": \"$offer\", \"call_id\": \"demo-call\", \"recipient\": {\"email\": \"ben@example.com\", \"first_name\": \"Ben\"}}"
echo "\$ curl -s -H '$auth' -H 'Idempotency-Key: demo-call-1' -d '{\"campaign\": \"q4-renewals\", \"offer_id\": \"…\", …}' $url/v1/bookings"
curl -s -H "$auth" -H "Idempotency-Key: demo-call-1" -d "$body" "$url/v1/bookings" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), indent=2, ensure_ascii=False))'
