#!/usr/bin/env bash
# Counts the Hetzner API requests the panel's client needs for two jobs, next to the hcloud CLI doing the same jobs
# against the same simulator:
#   (a) create a snapshot of server 42 and wait until it is available;
#   (b) list 500 snapshots.
# Then, with 1,000 snapshots and the whole module (its own wiring, a temp data folder), the panel's own budget
# (ADR-0026): the requests of one automatic run (create, wait, prune 5 expired automatic snapshots) and how many of
# them started a pass over the whole list, and the requests of a panel nobody looks at, per hour (the highest of 6
# hours simulated on a fake clock: the scheduler passes the worker would run, each at the wake-up time it returned).
# Usage: bench/api-requests/run.sh [action-duration-ms]   (default 5000; the CLI polls every 500 ms)
#        bench/api-requests/run.sh --smoke                (actions of 500 ms: both jobs in seconds)
source "$(dirname "$0")/../lib.sh"

here="$bench_root/bench/api-requests"
action_ms=5000
if [ "${1:-}" = --smoke ]; then
  action_ms=500
  shift
fi
[ $# -eq 0 ] || action_ms=$1
[[ "$action_ms" =~ ^[0-9]+$ ]] || fail "the action duration must be a number of milliseconds, not \"$action_ms\""
server_id=42
snapshots=500

for tool in dotnet curl jq hcloud; do
  command -v "$tool" >/dev/null || fail "$tool is required"
done

step "building the simulator and the client runner"
for project in "$bench_root/tests/Hetzner.Simulator" "$here/ClientRunner"; do
  dotnet build "$project" --nologo -v q -clp:ErrorsOnly >"$bench_tmp/build.log" 2>&1 \
    || fail "dotnet build $project failed: $(tail -n 20 "$bench_tmp/build.log")"
done
sim_dll="$bench_root/tests/Hetzner.Simulator/bin/Debug/net10.0/Hetzner.Simulator.dll"
runner_dll="$here/ClientRunner/bin/Debug/net10.0/ApiRequests.ClientRunner.dll"

step "starting the simulator"
sim="http://127.0.0.1:$(free_port)"
start_process simulator "$bench_root" "$bench_tmp/simulator.log" dotnet "$sim_dll" --urls "$sim"
wait_http "$sim/_sim/requests/count" "$bench_last_pid"
json PUT "$sim/_sim/settings" "{\"actionDurationMs\":$action_ms}" >/dev/null

reset_count() { http DELETE "$sim/_sim/requests" >/dev/null; }
count() { figure "request count" "$(http GET "$sim/_sim/requests/count" | jq -r .count)"; }
client() { dotnet "$runner_dll" "$sim/v1" "$sim_token" "$@"; }
cli() { HCLOUD_ENDPOINT="$sim/v1" HCLOUD_TOKEN="$sim_token" HCLOUD_CONFIG=/nonexistent hcloud "$@"; }

step "creating a snapshot with the panel's client"
reset_count
client create "$server_id" >&2
client_create=$(count)

step "creating a snapshot with the hcloud CLI"
reset_count
cli server create-image --type snapshot "$server_id" >&2
cli_create=$(count)

step "seeding $snapshots snapshots"
existing=$(http GET "$sim/_sim/images" | jq 'map(select(.type == "snapshot")) | length')
json POST "$sim/_sim/images" "{\"serverId\":$server_id,\"count\":$((snapshots - existing)),\"description\":\"benchmark\"}" >/dev/null

step "listing the snapshots with the panel's client"
reset_count
client_listed=$(client list | awk '{print $1}')
client_list=$(count)

step "listing the snapshots with the hcloud CLI"
reset_count
cli_listed=$(cli image list --type snapshot -o json | jq length)
cli_list=$(count)

if [[ "$client_listed" != "$snapshots" || "$cli_listed" != "$snapshots" ]]; then
  fail "expected $snapshots snapshots, the client listed $client_listed and the CLI $cli_listed"
fi

# seed_to N [JSON of extra images]: adds manual snapshots of the server until there are N snapshots in all.
seed_to() {
  local want=$1 extra=${2:-} have extras=0
  have=$(http GET "$sim/_sim/images" | jq 'map(select(.type == "snapshot")) | length')
  [ -z "$extra" ] || extras=$(jq '.count' <<<"$extra")
  local images="{\"serverId\":$server_id,\"count\":$((want - have - extras)),\"description\":\"benchmark\"}"
  [ -z "$extra" ] || images="$images,$extra"
  json POST "$sim/_sim/images" "{\"images\":[$images]}" >/dev/null
}

step "an automatic run of the panel with 1,000 snapshots (5 of them expired automatic ones)"
expired="{\"serverId\":$server_id,\"count\":5,\"description\":\"expired automatic\",\"created\":\"$(date -u -d '30 days ago' +%FT%TZ)\",\"labels\":{\"managed-by\":\"panelhost\",\"panelhost.io/schedule\":\"auto\",\"panelhost.io/server\":\"$server_id\"}}"
seed_to 1000 "$expired"
read -r run_requests run_passes <<<"$(client automatic-run)"
run_requests=$(figure "automatic run requests" "$run_requests")
run_passes=$(figure "automatic run list passes" "$run_passes")

step "a panel with 1,000 snapshots nobody looks at, 6 simulated hours"
seed_to 1000
read -r idle_max idle_mean <<<"$(client idle 6)"
idle_max=$(figure "idle requests per hour" "$idle_max")
idle_mean=$(figure "idle requests per hour (mean)" "$idle_mean")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '%-48s %8s %8s %12s\n' "job (action duration ${action_ms} ms)" client hcloud client/CLI
printf '%-48s %8s %8s %12s\n' "create snapshot of server $server_id and wait" "$client_create" "$cli_create" "$(ratio "$client_create" "$cli_create")"
printf '%-48s %8s %8s %12s\n' "list $snapshots snapshots" "$client_list" "$cli_list" "$(ratio "$client_list" "$cli_list")"
echo "automatic run requests (1,000 snapshots): $run_requests (list passes: $run_passes)"
echo "idle requests per hour (1,000 snapshots): $idle_max"
echo "idle requests per hour, mean of 6 simulated hours: $idle_mean"
