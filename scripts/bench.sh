#!/usr/bin/env bash
# Benchmarks (not timed tests): figures as medians and p95 over repeated runs, all in one run on
# this machine. Builds a dataset whose largest city has ~20,000 records and the national sample
# (~280,000 records), then measures decoding in headless Chromium and the publishing tool, and
# compares the portal with sql.js, DuckDB-WASM and a static page on the same rows.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser >/dev/null
export PATH="$PWD/node_modules/.bin:$PATH"
cargo build --quiet --locked --profile native-release -p kg-data
KG=target/native-release/kgdata

echo "== national sample: generate + validate + compile + publish"
/usr/bin/time -f "national wall %e s, peak RSS %M KB" $KG sample --national --out target/kg-national/site | tail -1

echo "== big-city sample (--scale 12)"
$KG sample --scale 12 --out target/kg-bench/data --work target/kg-sample/bench | tail -1

KG_BENCH=1 KG_DATA_DIR=target/kg-bench/data KG_DIST=dist-bench bash scripts/build.sh >/dev/null
# The national shards, same-origin, for the query benchmark in wasm.
rm -rf dist-bench/bench-national && cp -r target/kg-national/site dist-bench/bench-national
node tests/bench/bench.mjs dist-bench target/kg-national/site
# The peers of ../shared/BENCHMARKS.md (sql.js, DuckDB-WASM) and the static-page floor, on the same
# records (the bench city and the national sample as CSV) with the portal's own Q1–Q5 parameters,
# the portal's finder taking its turn in each round of cold loads; then kgportal side by side with
# them and the targets (a few minutes).
$KG bench-export target/kg-bench/data target/bench-export/city --city 440100
$KG bench-export target/kg-national/site target/bench-export/national
KG_SITE=dist-bench KG_SITE_CITY=440100 node tests/bench/peers.mjs target/bench-export/city target/bench-export/national target/bench/peers.json
node tests/bench/compare.mjs target/bench/peers.json target/bench/kgportal.json
# The bench build replaced public/data; put the bundled sample back for serve and test.
target/native-release/kgdata sample --out public/data >/dev/null
