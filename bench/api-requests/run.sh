#!/usr/bin/env bash
# Counts the Hetzner API requests the panel's client needs for two jobs, next to the hcloud CLI doing the same jobs
# against the same simulator:
#   (a) create a snapshot of server 42 and wait until it is available;
#   (b) list 500 snapshots.
# Usage: bench/api-requests/run.sh [action-duration-ms]   (default 5000; the CLI polls every 500 ms)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
action_ms=${1:-5000}
token=hcloud-simulator-read-write-token-012345678901234567890123456789
server_id=42
snapshots=500

for tool in dotnet curl jq hcloud; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done

echo "building the simulator and the client runner..." >&2
dotnet build "$root/tests/Hetzner.Simulator" --nologo -v q -clp:ErrorsOnly >&2
dotnet build "$here/ClientRunner" --nologo -v q -clp:ErrorsOnly >&2
sim_dll="$root/tests/Hetzner.Simulator/bin/Debug/net10.0/Hetzner.Simulator.dll"
runner_dll="$here/ClientRunner/bin/Debug/net10.0/ApiRequests.ClientRunner.dll"

# A free loopback port: bind port 0, read what the kernel chose, release it.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
sim_log=$(mktemp)
dotnet "$sim_dll" --urls "$base" >"$sim_log" 2>&1 &
sim_pid=$!
cleanup() {
  kill "$sim_pid" 2>/dev/null || true
  wait "$sim_pid" 2>/dev/null || true
  rm -f "$sim_log"
}
trap cleanup EXIT INT TERM

for _ in $(seq 1 100); do
  curl -sf "$base/_sim/requests/count" >/dev/null 2>&1 && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$sim_log" >&2; echo "run.sh: the simulator did not start" >&2; exit 1; }
  sleep 0.1
done
curl -sf "$base/_sim/requests/count" >/dev/null || { echo "run.sh: the simulator does not answer on $base" >&2; exit 1; }

curl -sf -X PUT -H 'Content-Type: application/json' -d "{\"actionDurationMs\":$action_ms}" "$base/_sim/settings" >/dev/null

reset_count() { curl -sf -X DELETE "$base/_sim/requests" >/dev/null; }
count() { curl -sf "$base/_sim/requests/count" | jq -r .count; }
client() { dotnet "$runner_dll" "$base/v1" "$token" "$@"; }
cli() { HCLOUD_ENDPOINT="$base/v1" HCLOUD_TOKEN="$token" HCLOUD_CONFIG=/nonexistent hcloud "$@"; }

reset_count
client create "$server_id" >&2
client_create=$(count)

reset_count
cli server create-image --type snapshot "$server_id" >&2
cli_create=$(count)

existing=$(curl -sf "$base/_sim/images" | jq 'map(select(.type == "snapshot")) | length')
curl -sf -X POST -H 'Content-Type: application/json' \
  -d "{\"serverId\":$server_id,\"count\":$((snapshots - existing)),\"description\":\"benchmark\"}" "$base/_sim/images" >/dev/null

reset_count
client_listed=$(client list | awk '{print $1}')
client_list=$(count)

reset_count
cli_listed=$(cli image list --type snapshot -o json | jq length)
cli_list=$(count)

if [[ "$client_listed" != "$snapshots" || "$cli_listed" != "$snapshots" ]]; then
  echo "run.sh: expected $snapshots snapshots, the client listed $client_listed and the CLI $cli_listed" >&2
  exit 1
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-48s %8s %8s %12s\n' "job (action duration ${action_ms} ms)" client hcloud client/CLI
printf '%-48s %8s %8s %12s\n' "create snapshot of server $server_id and wait" "$client_create" "$cli_create" "$(ratio "$client_create" "$cli_create")"
printf '%-48s %8s %8s %12s\n' "list $snapshots snapshots" "$client_list" "$cli_list" "$(ratio "$client_list" "$cli_list")"
