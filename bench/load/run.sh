#!/usr/bin/env bash
# Memory and latency of PanelHost under load, as shipped (build/shipped-publish.sh: self-contained, ReadyToRun;
# nothing set but the data folder, the bootstrap admin and key, and the simulator's address): 20 clients for 30 s on
# the JSON API (list snapshots, settings, events; every 20th request creates a snapshot), 200 snapshots in the
# simulator. Prints p50/p95/p99 per kind, the errors, and the resident memory after the first request, right after
# the load and after 60 s idle.
# Targets (issue 12): 0 errors, p95 of reads <= 50 ms, RSS after load <= 1.3x and after idle <= 1.1x the first.
# Variants measure runtime settings against the shipped host in the same invocation, alternately (ADR-0027):
#   NAME=PROPERTY:VALUE[,PROPERTY:VALUE...]  runtimeconfig.json configProperties on a copy of the published host,
#   e.g. workstation=System.GC.Server:false  conserve=System.GC.ConserveMemory:5
# Usage: bench/load/run.sh [--smoke] [--rounds N] [VARIANT...]   (--smoke: 5 clients, 5 s, 5 s idle)
source "$(dirname "$0")/../lib.sh"
clients=20 seconds=30 idle=60 rounds=1
if [ "${1:-}" = --smoke ]; then clients=5 seconds=5 idle=5; shift; fi
if [ "${1:-}" = --rounds ]; then rounds=$2; shift 2; fi
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || fail "rounds must be a positive number, not \"$rounds\""
variants=("shipped=" "$@")
for tool in dotnet curl jq python3; do command -v "$tool" >/dev/null || fail "$tool is required"; done
out="$bench_root/bench/out/load"
rm -rf "$out"
mkdir -p "$out"

step "publishing the host like shipped (build/shipped-publish.sh: self-contained, ReadyToRun) and the simulator"
publish_like_shipped host/PanelHost "$out/shipped/host"
[ -f "$out/shipped/host/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] || fail "the plugin is missing from the published host"
publish tests/Hetzner.Simulator "$out/simulator"
for variant in "${variants[@]:1}"; do
  runtime_variant "$out/shipped/host" "$out/${variant%%=*}/host" "$variant"
done

step "starting the simulator with 200 snapshots"
start_simulator "$out" "$out/simulator.log"
json PUT "$sim/_sim/settings" '{"actionDurationMs":2000}' >/dev/null
json POST "$sim/_sim/images" '{"serverId":42,"count":200,"description":"load"}' >/dev/null

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "load: $clients clients, $seconds s, then $idle s idle; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    name=${variant%%=*}
    step "round $round: $name"
    host=""
    start_host "$out/$name" "$bench_tmp/data-$name-$round" "$out/host-$name-$round.log"
    api PUT modules/hetzner/settings/token "{\"token\":\"$sim_token\"}" >/dev/null
    api GET "modules/hetzner/snapshots?page=1&pageSize=50" >/dev/null
    sleep 1
    first=$(figure "RSS after the first request" "$(rss "$host_pid")")
    python3 "$bench_root/bench/load/load.py" "$host" "$api_key" "$clients" "$seconds" >"$out/load-$name-$round.json"
    loaded=$(figure "RSS after the load" "$(rss "$host_pid")")
    sleep "$idle"
    rested=$(figure "RSS after idle" "$(rss "$host_pid")")
    kill "$host_pid"
    wait "$host_pid" 2>/dev/null || true
    summary="$out/load-$name-$round.json"
    jq -r --arg v "$name" '"\($v): reads p50 \(.kinds.reads.p50) p95 \(.kinds.reads.p95) p99 \(.kinds.reads.p99) ms (\(.kinds.reads.count) reads; snapshots p95 \(.kinds.snapshots.p95), settings p95 \(.kinds.settings.p95), events p95 \(.kinds.events.p95)); create p50 \(.kinds.create.p50) p95 \(.kinds.create.p95) p99 \(.kinds.create.p99) ms (\(.kinds.create.count), \(.refused_409) refused: run in progress); errors \(.errors)"' "$summary"
    echo "$name: RSS after first request $first KiB, after load $loaded KiB (x$(ratio "$loaded" "$first"), target <= 1.3), after $idle s idle $rested KiB (x$(ratio "$rested" "$first"), target <= 1.10)"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
