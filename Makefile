# slotplan — the two set-up commands of a new machine are `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/debug/slotplan

.PHONY: demo test build deps venv browser bench fuzz tables openapi clean-generated pg-start pg-stop

## The main job on the embedded defaults: check the example campaigns, compile their plans,
## preview and explain the slots of one against the sample calendar, book one (SQLite + vdir), and
## start `slotplan serve` for a few seconds: one offers call and one booking through it with curl.
DEMO_NOW ?= 2026-11-30T14:00:00Z
demo: deps build
	$(BIN) check campaigns
	$(BIN) compile campaigns --out out/plans
	$(BIN) preview q4-renewals --busy examples/maria-calendar.ics --now $(DEMO_NOW) --phone +13125550100 --days 5
	$(BIN) preview q4-renewals --busy examples/maria-calendar.ics --now $(DEMO_NOW) --phone +13125550100 --format html > out/q4-renewals-preview.html
	$(BIN) explain q4-renewals --at 2026-12-01T15:00:00Z --busy examples/maria-calendar.ics --now $(DEMO_NOW)
	mkdir -p out/calendar && cp examples/maria-calendar.ics out/calendar/
	$(BIN) book q4-renewals --at 2026-12-01T15:15:00Z --email ana@example.com --first-name Ana --now $(DEMO_NOW) \
	  --ledger sqlite:out/slotplan.db --calendar vdir:out/calendar
	scripts/demo-serve.sh
	@echo "plans in out/plans/, the week view in out/q4-renewals-preview.html, the booked events in out/calendar/, the server's log in out/serve.log"

## Every test, with the peers they compare against (venv) and a throwaway PostgreSQL cluster.
test: deps venv browser
	@scripts/pg-test-cluster.sh start >/dev/null
	@status=0; SLOTPLAN_REQUIRE_PEERS=1 SLOTPLAN_TEST_POSTGRES_URL=$$(cat .build-pg/url) $(SWIFT) test || status=$$?; \
	  scripts/pg-test-cluster.sh stop; exit $$status

build: deps
	$(SWIFT) build --product slotplan

deps:
	@scripts/setup-deps.sh

venv:
	@scripts/setup-venv.sh

browser:
	@scripts/setup-browser.sh

## Benchmarks (figures in docs/performance.md).
bench: deps venv
	@command -v wrk >/dev/null || { sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; $$sudo apt-get install -y wrk; }
	scripts/bench-check.py 10000
	.venv/bin/python scripts/bench-slots.py
	.venv/bin/python scripts/bench-ics.py 2000
	scripts/bench-diff.py 1000 100
	swift build -c release --product slotplan-bench
	swift build -c release --product slotplan
	.build/release/slotplan-bench ledger sqlite 2000
	@scripts/pg-test-cluster.sh start >/dev/null
	@status=0; url=$$(cat .build-pg/url); db=bench_ledger_$$(date +%s); psql "$$url" -q -c "CREATE DATABASE $$db" || status=$$?; \
	  .build/release/slotplan-bench ledger "$${url%/*}/$$db" 2000 || status=$$?; \
	  scripts/pg-index-explain.sh "$$url" || status=$$?; \
	  .venv/bin/python scripts/bench-serve.py $$(cat .build-pg/url) || status=$$?; scripts/pg-test-cluster.sh stop; exit $$status

## libFuzzer on the YAML front end; FUZZ_SECONDS=600 make fuzz for a longer run.
FUZZ_SECONDS ?= 300
fuzz: deps
	SLOTPLAN_FUZZ=1 $(SWIFT) build --sanitize fuzzer --product FuzzFrontEnd --scratch-path .build-fuzz
	mkdir -p .build-fuzz/corpus && cp -n Fuzz/corpus/* .build-fuzz/corpus/
	SWIFT_BACKTRACE=enable=no .build-fuzz/debug/FuzzFrontEnd .build-fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1

clean-generated:
	rm -rf out .build-bench

## Embed openapi/slotplan.openapi.json (the HTTP contract) into the server after editing it.
openapi:
	python3 scripts/embed-openapi.py

## Regenerate the compiled-in data tables (NANP time zones, Windows zone names) from pinned packages.
tables: venv
	.venv/bin/python scripts/generate-tables.py

## A throwaway PostgreSQL cluster for running single tests by hand (its URL is in .build-pg/url).
pg-start:
	scripts/pg-test-cluster.sh start
pg-stop:
	scripts/pg-test-cluster.sh stop
