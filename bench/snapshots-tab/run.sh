#!/usr/bin/env bash
# The Snapshots tab with 1,000 snapshots in the project while the Hetzner API simulator answers every call after one
# second: the 95th percentile time to serve the tab, next to the time of one list call to the simulator, and their ratio.
# Usage: bench/snapshots-tab/run.sh [requests]   (default 200, after 10 warm-up requests)
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-200}
out=$(pwd)/bench/out/snapshots-tab
rm -rf "$out"; mkdir -p "$out"
echo "Publishing (Release) ..." >&2
dotnet publish host/PanelHost -c Release -o "$out/host" --nologo -v q >/dev/null
dotnet publish tests/Hetzner.Simulator -c Release -o "$out/simulator" --nologo -v q >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }

sim_port=$(free_port); host_port=$(free_port)
sim="http://127.0.0.1:$sim_port"; host="http://127.0.0.1:$host_port"
key=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
token=hcloud-simulator-read-write-token-012345678901234567890123456789
data=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

(cd "$out/simulator" && exec dotnet Hetzner.Simulator.dll --urls "$sim" >"$out/simulator.log" 2>&1) & pids+=($!)
wait_for "$sim/_sim/requests/count"
curl -sf -X POST -H 'Content-Type: application/json' -d '{"serverId":42,"count":1000,"description":"bench"}' "$sim/_sim/images" >/dev/null
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"latencyMs":1000}' "$sim/_sim/settings" >/dev/null

(cd "$out/host" && exec env Panel__DataPath="$data" Panel__Bootstrap__AdminUser=bench Panel__Bootstrap__AdminPassword=bench-password-123 \
   Panel__Bootstrap__ApiKey="$key" Modules__Hetzner__ApiBaseUrl="$sim/v1" Modules__Hetzner__MetadataBaseUrl="$sim/hetzner/v1/metadata" \
   dotnet PanelHost.dll --urls "$host" >"$out/host.log" 2>&1) & pids+=($!)
wait_for "$host/healthz"

auth="Authorization: Bearer $key"
echo "Saving the token and filling the mirror from the slow API (1,000 snapshots, 1 s a call) ..." >&2
curl -sf -X PUT -H "$auth" -H 'Content-Type: application/json' -d "{\"token\":\"$token\"}" "$host/api/modules/hetzner/settings/token" >/dev/null
curl -sf -X POST -H "$auth" "$host/api/modules/hetzner/snapshots/refresh" >/dev/null
page=$(curl -sf -H "$auth" "$host/m/hetzner/snapshots")
rows=$(echo "$page" | grep -o '([0-9]* snapshots)' | grep -o '[0-9]*' | head -1)
shown=$(echo "$page" | grep -c 'data-snapshot-id=' || true)
[ "${rows:-0}" -ge 1000 ] || { echo "the tab knows ${rows:-0} snapshots, expected 1000" >&2; exit 1; }

list_call=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$sim/v1/images?type=snapshot&per_page=50&page=1")

for _ in $(seq 1 10); do curl -s -o /dev/null -H "$auth" "$host/m/hetzner/snapshots"; done
for _ in $(seq 1 "$requests"); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "$auth" "$host/m/hetzner/snapshots"
done > "$out/times.txt"
bad=$(awk '$1 != 200' "$out/times.txt" | wc -l)
[ "$bad" -eq 0 ] || { echo "$bad requests did not answer 200" >&2; exit 1; }
p95=$(awk '{print $2}' "$out/times.txt" | sort -n | awk -v n="$requests" '{a[NR]=$1} END {i=int(0.95*n+0.999); print a[i]}')
p50=$(awk '{print $2}' "$out/times.txt" | sort -n | awk -v n="$requests" '{a[NR]=$1} END {print a[int(n/2)]}')

printf 'Snapshots tab with %d snapshots (%d rows on its first page), %d requests: p50 %.1f ms, p95 %.1f ms (target <= 50 ms)\n' "$rows" "$shown" "$requests" "$(echo "$p50*1000" | bc -l)" "$(echo "$p95*1000" | bc -l)"
printf 'One list call to the simulator (1 s latency): %.1f ms\n' "$(echo "$list_call*1000" | bc -l)"
printf 'Ratio tab p95 / list call: %.3f\n' "$(echo "$p95 / $list_call" | bc -l)"
