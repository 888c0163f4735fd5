#!/usr/bin/env bash
# Plugin folder sizes (issue 9: at most 5 MB for the Hetzner module): publishes the Hetzner module twice in this
# invocation, once as the module SDK trims it and once untrimmed (the baseline: every package it references, native
# SQLite libraries for every runtime included), and prints both sizes and their ratio.
# Full mode also runs tests/sdk/run.sh and prints the time from `dotnet new panel-module` to the new module answering
# in a running panel (goal: under 120 s with a warm package cache) and the generated module's plugin folder size.
# --smoke: the two publishes only.
source "$(dirname "$0")/../lib.sh"
smoke=false
[ "${1:-}" != --smoke ] || smoke=true

step "publish the Hetzner module as the SDK trims it"
publish modules/Hetzner "$bench_tmp/trimmed"
step "publish the Hetzner module untrimmed (baseline)"
publish modules/Hetzner "$bench_tmp/untrimmed" -p:PanelModuleTrimPublish=false
trimmed=$(du -sk "$bench_tmp/trimmed" | cut -f1)
untrimmed=$(du -sk "$bench_tmp/untrimmed" | cut -f1)
echo "hetzner-plugin-folder-kb $(figure trimmed "$trimmed")"
echo "hetzner-plugin-folder-untrimmed-kb $(figure untrimmed "$untrimmed")"
# bc prints ".063" for 0.063; printf gives the leading zero figure() expects.
echo "hetzner-plugin-folder-ratio $(figure ratio "$(printf "%.3f" "$(bc <<<"scale=3; $trimmed / $untrimmed")")")"
[ "$trimmed" -le 5120 ] || fail "the Hetzner plugin folder is $trimmed KB, over the 5 MB limit"

if [ "$smoke" = false ]; then
  step "dotnet new to a module answering in a running panel (tests/sdk/run.sh)"
  "$bench_root/tests/sdk/run.sh" >"$bench_tmp/e2e.out" || fail "tests/sdk/run.sh failed"
  echo "new-to-answering-seconds $(figure seconds "$(awk '/^new-to-answering-seconds/ {print $2}' "$bench_tmp/e2e.out")")"
  echo "generated-plugin-folder-kb $(figure generated "$(awk '/^generated-plugin-folder-kb/ {print $2}' "$bench_tmp/e2e.out")")"
fi
