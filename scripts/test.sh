#!/usr/bin/env bash
# Runs every check kgportal has, installing what is missing first. Ends with a summary and a
# non-zero exit if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser || { echo "setup failed"; exit 1; }
export PATH="$PWD/node_modules/.bin:$PATH"

declare -a RESULTS=()
FAILED=0
step() {
  local name="$1"; shift
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local t0=$SECONDS
  if "$@"; then RESULTS+=("PASS  $name ($((SECONDS - t0)) s)")
  else RESULTS+=("FAIL  $name ($((SECONDS - t0)) s)"); FAILED=$((FAILED + 1)); fi
}

step "rustfmt" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (wasm32 app)" cargo clippy -p kg-app -p kg-publish-page --all-targets --all-features --target wasm32-unknown-unknown --locked -- -D warnings
step "native tests" cargo test --workspace --locked
step "component tests (wasm, headless Chromium)" env \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p kg-app --target wasm32-unknown-unknown --locked
step "publishing pipeline in the browser = natively (wasm, headless Chromium)" env \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=300 \
  cargo test -p kg-pipeline --target wasm32-unknown-unknown --locked --test same_publication
step "release build at /" bash scripts/build.sh
step "release build at /jyj/kg/" env KG_BASE_PATH=/jyj/kg/ KG_DIST=dist-sub KG_SKIP_DATA=1 bash scripts/build.sh
step "end-to-end tests (Playwright, Chromium, axe)" node --test --test-concurrency=1 tests/e2e/

printf '\n\033[1m==> Summary\033[0m\n'
printf '%s\n' "${RESULTS[@]}"
TOTAL=${#RESULTS[@]}
echo "steps: $((TOTAL - FAILED)) passed, $FAILED failed"
[ "$FAILED" = 0 ]
