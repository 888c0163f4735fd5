#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing, runs every test in the solution, then
# every benchmark in its quick mode (--smoke: end to end in seconds, figures printed, no timing asserted).
# SKIP_BENCH_SMOKE=1 ./test.sh skips the benchmarks (for a quick filtered run; CI never sets it).
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v hcloud >/dev/null 2>&1 || need+=(hcloud-cli)
# The benchmark scripts' and the package test's tools.
for tool in jq bc curl python3 sqlite3 systemd-analyze; do
  command -v "$tool" >/dev/null 2>&1 || need+=("${tool/systemd-analyze/systemd}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
bench_out=$(mktemp)
bench_err=$(mktemp)
trap 'rm -f "$log" "$bench_out" "$bench_err"' EXIT
set +e
dotnet test PanelHost.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The release artefacts: builds the linux-x64 tarball and .deb, checks them, installs the .deb into a temporary root
# and starts the installed panel as the panelhost user (tests/package/run.sh; needs root, as CI runs).
if [ "$(id -u)" -eq 0 ]; then
  set +e
  tests/package/run.sh
  package_status=$?
  set -e
  echo "Package test: $([ "$package_status" -eq 0 ] && echo passed || echo FAILED)"
  [ "$package_status" -eq 0 ] || status=1
else
  echo "Package test: skipped (not root: it creates the panelhost user)"
fi

# The module SDK end to end (tests/sdk/run.sh): packages, template, generated tests, the module in a published panel.
set +e
tests/sdk/run.sh
sdk_status=$?
set -e
echo "SDK end-to-end test: $([ "$sdk_status" -eq 0 ] && echo passed || echo FAILED)"
[ "$sdk_status" -eq 0 ] || status=1

# Every script in bench/ runs here in its quick mode, one line each. A bench/*/run.sh missing from this list fails
# the run, so no benchmark can rot unnoticed.
benches=(
  bench/startup/run.sh
  bench/api-requests/run.sh
  bench/snapshots-tab/run.sh
  bench/reliability/run.sh
  bench/idle-cpu/run.sh
  bench/load/run.sh
  bench/plugin-size/run.sh
)
bench_passed=0
bench_failed=0
bench_failures=()
if [ "${SKIP_BENCH_SMOKE:-0}" != 1 ]; then
  for script in bench/*/run.sh; do
    if [[ " ${benches[*]} " != *" $script "* ]]; then
      bench_failed=$((bench_failed + 1))
      bench_failures+=("$script is not in test.sh's list of benchmarks: add it there (it must accept --smoke)")
    fi
  done
  for script in "${benches[@]}"; do
    echo "Benchmark (quick mode): $script --smoke"
    started=$(date +%s)
    set +e
    timeout -k 10 1800 "./$script" --smoke >"$bench_out" 2>"$bench_err"
    bench_status=$?
    set -e
    took=$(($(date +%s) - started))
    reason=""
    if [ "$bench_status" -eq 124 ]; then
      reason="timed out after 30 minutes"
    elif [ "$bench_status" -ne 0 ]; then
      reason=$(grep -F 'FAILED in step' "$bench_err" | tail -n 1 || true)
      reason=${reason:-"exit status $bench_status: $(tail -n 1 "$bench_err")"}
    elif ! grep -q '[0-9]' "$bench_out"; then
      reason="it exited 0 but printed no figures"
    fi
    if [ -n "$reason" ]; then
      tail -n 40 "$bench_err"
      cat "$bench_out"
      bench_failed=$((bench_failed + 1))
      bench_failures+=("$script --smoke: $reason")
      echo "Benchmark $script --smoke FAILED after ${took} s: $reason"
    else
      sed 's/^/  /' "$bench_out"
      bench_passed=$((bench_passed + 1))
      echo "Benchmark $script --smoke passed in ${took} s"
    fi
  done
  for failure in "${bench_failures[@]}"; do
    echo "Benchmark failed: $failure"
  done
  echo "Benchmarks (quick mode): $bench_passed passed, $bench_failed failed"
  [ "$bench_failed" -eq 0 ] || [ "$status" -ne 0 ] || status=1
fi

# One closing line for the whole run, summed over the test projects.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | paste -sd+ - | bc 2>/dev/null || echo 0)
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | paste -sd+ - | bc 2>/dev/null || echo 0)
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | grep -Eo '[0-9]+' | paste -sd+ - | bc 2>/dev/null || echo 0)
echo "Tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
