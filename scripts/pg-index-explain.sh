#!/usr/bin/env bash
# The range read of the PostgreSQL ledger on 20,000 bookings, with the exclusion index ordered as
# v1–v5 made it (calendar, lineage, range) and as v6 makes it (calendar, range, lineage): the
# figure docs/performance.md quotes. Usage: scripts/pg-index-explain.sh postgres://URL (a cluster;
# a database of its own is made and dropped).
set -euo pipefail
url=${1:?usage: scripts/pg-index-explain.sh postgres://URL}
db=index_explain_$$
psql "$url" -q -c "CREATE DATABASE $db"
trap 'psql "$url" -q -c "DROP DATABASE IF EXISTS $db"' EXIT
target="${url%/*}/$db"
psql "$target" -q -c "CREATE EXTENSION btree_gist"
for order in "lineage WITH <>, tstzrange(block_start, block_end, '[)') WITH &&" "tstzrange(block_start, block_end, '[)') WITH &&, lineage WITH <>"; do
  psql "$target" -q <<SQL
SET client_min_messages TO warning;
DROP TABLE IF EXISTS booking;
CREATE TABLE booking (id text PRIMARY KEY, lineage text NOT NULL, calendar text NOT NULL, status text NOT NULL,
  block_start timestamptz NOT NULL, block_end timestamptz NOT NULL, hold_until bigint, created_at bigint NOT NULL,
  EXCLUDE USING gist (calendar WITH =, $order) WHERE (status IN ('claimed', 'confirmed')));
INSERT INTO booking SELECT 'bk_' || i, 'bk_' || i, 'google:maria', 'confirmed', to_timestamp(1796000000 + i * 600),
  to_timestamp(1796000000 + i * 600 + 300), NULL, 1796000000 FROM generate_series(1, 20000) i;
ANALYZE booking;
SQL
  echo "exclusion (calendar WITH =, $order):"
  for i in 1 2 3; do
    psql "$target" -At -c "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM booking WHERE calendar = 'google:maria'
      AND status IN ('claimed', 'confirmed') AND tstzrange(block_start, block_end, '[)') && tstzrange(to_timestamp(1796090000 + $i * 1000),
      to_timestamp(1796100000 + $i * 1000), '[)')" | grep -E "Bitmap Index Scan|Buffers: shared hit=[0-9]+$" | head -2 | tr '\n' ' '
    echo
  done
done
