#!/usr/bin/env bash
# Builds the deployable site into dist/: compiles the bundled sample data (or the dataset in
# KG_DATA_DIR, already compiled by `kgdata publish`), builds the app in release mode and
# finalises the HTML (CSP-clean loader, one index.html per route for plain static hosts).
#   KG_BASE_PATH=/jyj/kg/   serve the site under a sub-path (default /)
#   KG_DATA_DIR=path        a compiled dataset to ship instead of the sample data
#   KG_DIST=dir             output folder (default dist)
#   KG_BENCH=1              include the benchmark's entry points in the finder (scripts/bench.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
BASE="${KG_BASE_PATH:-/}"
case "$BASE" in /*/|/) ;; *) echo "KG_BASE_PATH must start and end with '/': $BASE" >&2; exit 2 ;; esac

DIST="${KG_DIST:-dist}"
if [ -n "${KG_SKIP_DATA:-}" ]; then
  [ -f public/data/manifest.json ] || { echo "KG_SKIP_DATA set but public/data has no manifest" >&2; exit 2; }
elif [ -n "${KG_DATA_DIR:-}" ]; then
  rm -rf public/data.tmp && cp -r "$KG_DATA_DIR" public/data.tmp && rm -rf public/data && mv public/data.tmp public/data
else
  cargo run --quiet --locked --profile native-release -p kg-data -- sample --out public/data
fi

export PATH="$PWD/node_modules/.bin:$PATH"
TRUNK_OFFLINE=true trunk build --release --locked --public-url "$BASE" --dist "$DIST"
# The other entries (each page loads only its own code; see app/src/lib.rs `Pages`): the reading
# pages, the finder, the map, county progress, 数据发布 and its dictionaries, and one entry per kind of widget (see
# app/src/widget/mod.rs `Widgets`). postbuild merges them into $DIST. Their pages are app/index.html
# (app/widget.html for widgets) with another bin and without the data copy.
for entry in pages finder map progress publish dicts widget-scorecard widget-chart widget-zone widget-map; do
  template=app/index.html
  case "$entry" in widget-*) template=app/widget.html ;; esac
  html="app/.entry-$entry.html"
  features=""
  if [ "$entry" = finder ] && [ -n "${KG_BENCH:-}" ]; then features=' data-cargo-features="bench"'; fi
  # 数据发布 is its own crate (app/publish), so no other entry's build sees the pipeline's dependencies.
  manifest="Cargo.toml"
  if [ "$entry" = publish ]; then manifest="publish/Cargo.toml"; fi
  # The dictionaries the 数据发布 page loads after its first report: a module, not a page.
  if [ "$entry" = dicts ]; then manifest="dicts/Cargo.toml"; fi
  sed -e "s/data-bin=\"kg-[a-z-]*\"/data-bin=\"kg-$entry\"$features/" -e "s#href=\"Cargo.toml\"#href=\"$manifest\"#" \
    -e '/rel="copy-dir"/d' -e '/rel="copy-file"/d' "$template" > "$html"
  TRUNK_OFFLINE=true trunk build "$html" --release --locked --public-url "$BASE" --dist "$DIST-$entry"
done
node scripts/postbuild.mjs "$DIST" "$BASE"
