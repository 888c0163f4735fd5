#!/usr/bin/env bash
# The Snapshots tab, read as a browser reads it (an admin logged in with a cookie session), with 1,000 and then 10,000
# snapshots in the project while the Hetzner API simulator answers every call after one second: p50 and p95 of the
# time to serve the tab, its size, the time of one list call to the simulator, and the ratio tab p95 / list call.
# The mirror is filled with the simulator answering at once (10,000 snapshots are 200 pages), then the latency is set:
# serving the tab never calls Hetzner.
# Usage: bench/snapshots-tab/run.sh [requests] [snapshot counts...]   (default 200 requests; 1000 and 10000 snapshots)
#        bench/snapshots-tab/run.sh --smoke   (5 requests with 60 and then 120 snapshots: the whole path in seconds)
source "$(dirname "$0")/../lib.sh"

requests=200
counts=(1000 10000)
if [ "${1:-}" = --smoke ]; then
  requests=5
  counts=(60 120)
  shift
fi
if [ $# -ge 1 ]; then
  requests=$1
  shift
fi
[ $# -eq 0 ] || counts=("$@")
[[ "$requests" =~ ^[1-9][0-9]*$ ]] || fail "requests must be a positive number, not \"$requests\""
previous=0
for count in "${counts[@]}"; do
  [[ "$count" =~ ^[1-9][0-9]*$ && "$count" -gt "$previous" ]] || fail "snapshot counts must be positive and rising, not \"${counts[*]}\""
  previous=$count
done

out="$bench_root/bench/out/snapshots-tab"
rm -rf "$out"
mkdir -p "$out"

step "publishing the host and the simulator (Release)"
publish_panel "$bench_root/bench/out/panel"

step "starting the simulator and the host"
start_simulator "$bench_root/bench/out/panel" "$out/simulator.log"
start_host "$bench_root/bench/out/panel" "$bench_tmp/data" "$out/host.log"

step "saving the Hetzner token"
api PUT modules/hetzner/settings/token "{\"token\":\"$sim_token\"}" >/dev/null

step "logging in as the admin (cookie session)"
jar="$bench_tmp/cookies"
login "$jar"

tab="$host/m/hetzner/snapshots"
# One GET of the tab as a browser sends it: the session cookie, an HTML Accept header, no automation key.
read_tab() { curl -s -o "$1" -w '%{http_code} %{time_total} %{size_download}\n' -b "$jar" -H 'Accept: text/html' "$tab"; }

seeded=0
for count in "${counts[@]}"; do
  step "seeding $count snapshots and filling the panel's mirror"
  json PUT "$sim/_sim/settings" '{"latencyMs":0}' >/dev/null
  for ((left = count - seeded; left > 0; left -= 10000)); do
    batch=$((left > 10000 ? 10000 : left))
    json POST "$sim/_sim/images" "{\"serverId\":42,\"count\":$batch,\"description\":\"bench\"}" >/dev/null
  done
  seeded=$count
  api POST modules/hetzner/snapshots/refresh >/dev/null
  json PUT "$sim/_sim/settings" '{"latencyMs":1000}' >/dev/null

  step "reading the tab with $count snapshots"
  read -r code _ _ < <(read_tab "$out/page-$count.html")
  [ "$code" = 200 ] || fail "GET $tab with the session cookie answered $code"
  # The table's count line ("60 snapshots"), which counts every snapshot matching the (empty) search, not one page.
  rows=$(grep -o 'data-testid="match-count">[0-9]* snapshot' "$out/page-$count.html" | grep -o '[0-9]*' | head -n 1 || true)
  [ "${rows:-0}" -eq "$count" ] || fail "the tab says it has ${rows:-no} snapshots, expected $count (page saved in $out/page-$count.html)"
  shown=$(grep -c 'data-snapshot-id=' "$out/page-$count.html" || true)
  [ "$shown" -ge 1 ] || fail "the tab shows no snapshot rows (page saved in $out/page-$count.html)"

  step "timing $requests requests of the tab with $count snapshots (after 10 warm-up requests)"
  for _ in $(seq 1 10); do read_tab /dev/null >/dev/null; done
  for _ in $(seq 1 "$requests"); do read_tab /dev/null; done >"$out/times-$count.txt"
  bad=$(awk '$1 != 200' "$out/times-$count.txt" | wc -l)
  [ "$bad" -eq 0 ] || fail "$bad of $requests requests of the tab did not answer 200 (see $out/times-$count.txt)"
  p50=$(figure "p50" "$(awk '{print $2}' "$out/times-$count.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')")
  p95=$(figure "p95" "$(awk '{print $2}' "$out/times-$count.txt" | sort -n | awk '{a[NR]=$1} END {i=int(0.95*NR+0.999); print a[i]}')")
  kib=$(figure "page size" "$(awk '{s+=$3} END {printf "%.1f", s/NR/1024}' "$out/times-$count.txt")")

  step "timing one list call to the simulator (1 s latency)"
  list_call=$(figure "list call" "$(curl -sS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $sim_token" "$sim/v1/images?type=snapshot&per_page=50&page=1")")

  printf 'Snapshots tab with %d snapshots (%d rows on its first page, %s KiB), %d requests: p50 %.1f ms, p95 %.1f ms (target: p95 <= 50 ms at 1,000, <= 20 ms at 10,000)\n' \
    "$rows" "$shown" "$kib" "$requests" "$(echo "$p50*1000" | bc -l)" "$(echo "$p95*1000" | bc -l)"
  printf '  one list call to the simulator (1 s latency): %.1f ms; ratio tab p95 / list call: %.3f\n' \
    "$(echo "$list_call*1000" | bc -l)" "$(echo "$p95 / $list_call" | bc -l)"
done
