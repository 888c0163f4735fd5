#!/usr/bin/env bash
# Idle CPU: clock ticks per minute (utime + stime from /proc/<pid>/stat) that PanelHost uses while nobody uses it,
# next to a bare ASP.NET Core app published the same way and measured over the same windows. Three states of one
# panel, provisioned unattended (Panel:Bootstrap:*): fresh (no token), a token saved against the Hetzner simulator
# with the schedule off, and the schedule on between two runs (after the first automatic run has finished).
# Nothing else is set: no DOTNET_* tuning, the shipped configuration plus the simulator's address.
# Usage: bench/idle-cpu/run.sh [--smoke]   (--smoke: short windows, prints the same figures; no targets checked)
set -euo pipefail
cd "$(dirname "$0")/../.."
warmup=30 window=60
if [ "${1:-}" = --smoke ]; then warmup=8 window=5; fi
out=$(pwd)/bench/out/idle-cpu
mkdir -p "$out"

. bench/startup/publish.sh
echo "Publishing (Release, ReadyToRun) ..." >&2
publish_like_shipped host/PanelHost "$out/host"
publish_like_shipped bench/startup/BareApp "$out/bare"
dotnet publish tests/Hetzner.Simulator -c Release --nologo -v q -o "$out/simulator" >/dev/null
[ -f "$out/host/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] || { echo "plugin missing from the published host" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# thread_ticks PID: "<ticks> <thread name>" per thread, to name what used the host's ticks
thread_ticks() {
  local t
  for t in /proc/"$1"/task/*; do
    echo "$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null || echo 0) $(tr " " _ 2>/dev/null <"$t/comm") ${t##*/}"
  done
}
wait_for() { # URL [curl args...]: until it answers 2xx
  local url=$1; shift
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$@" "$url" && return 0; sleep 0.1; done
  echo "no answer from $url" >&2; exit 1
}

data=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

sim_port=$(free_port)
(cd "$out/simulator" && exec dotnet Hetzner.Simulator.dll --urls "http://127.0.0.1:$sim_port" >/dev/null 2>&1) &
pids+=($!)
bare_port=$(free_port)
(cd "$out/bare" && exec dotnet BareApp.dll --urls "http://127.0.0.1:$bare_port" >/dev/null 2>&1) &
bare=$!; pids+=("$bare")
key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
host_port=$(free_port)
(cd "$out/host" && exec env Panel__DataPath="$data" Panel__Bootstrap__AdminUser=bench Panel__Bootstrap__AdminPassword=bench-password-123 \
    Panel__Bootstrap__ApiKey="$key" \
    Modules__Hetzner__ApiBaseUrl="http://127.0.0.1:$sim_port/v1" \
    Modules__Hetzner__MetadataBaseUrl="http://127.0.0.1:$sim_port/hetzner/v1/metadata" \
    dotnet PanelHost.dll --urls "http://127.0.0.1:$host_port" >"$out/host.log" 2>&1) &
host=$!; pids+=("$host")

api=http://127.0.0.1:$host_port/api/modules/hetzner
auth=(-H "Authorization: Bearer $key")
wait_for "http://127.0.0.1:$sim_port/hetzner/v1/metadata/instance-id"
wait_for "http://127.0.0.1:$bare_port/"
wait_for "http://127.0.0.1:$host_port/healthz"
curl -sf -o /dev/null "http://127.0.0.1:$bare_port/"
curl -sf -o /dev/null "http://127.0.0.1:$host_port/login"

# measure LABEL: warm-up, then host and bare ticks over the same window, as ticks per minute
measure() {
  sleep "$warmup"
  local h0 b0 h1 b1 threads
  h0=$(ticks "$host"); b0=$(ticks "$bare"); thread_ticks "$host" >"$out/threads.before"
  sleep "$window"
  h1=$(ticks "$host"); b1=$(ticks "$bare"); thread_ticks "$host" >"$out/threads.after"
  # The host's busiest threads in the window (thread ticks, not per minute), e.g. Kestrel_Timer: the heartbeat both apps have.
  threads=$(join -1 3 -2 3 <(sort -k3 "$out/threads.before") <(sort -k3 "$out/threads.after") \
    | awk '$4 > $2 { print $4 - $2, $3 }' | sort -rn | head -3 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')
  printf '%-28s host %5.1f   bare %5.1f   ticks/min   (host threads: %s)\n' "$1:" \
    "$(echo "($h1 - $h0) * 60 / $window" | bc -l)" "$(echo "($b1 - $b0) * 60 / $window" | bc -l)" "${threads:-none}"
}

printf 'idle CPU, clock ticks per minute (CLK_TCK %s), %s s windows after %s s of warm-up (target: host <= 3, bare 0)\n' \
  "$(getconf CLK_TCK)" "$window" "$warmup"
measure "fresh panel"

curl -sf -o /dev/null -X PUT "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"token":"hcloud-simulator-read-write-token-012345678901234567890123456789"}' "$api/settings/token"
measure "token saved, schedule off"

curl -sf -o /dev/null -X PUT "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"enabled":true,"frequencyHours":24,"retentionDays":7,"keepNewest":2}' "$api/settings/schedule"
# The schedule's first run is due at once; measure after it has finished, between it and the next one a day later.
for _ in $(seq 1 600); do
  curl -sf "${auth[@]}" "$api/operations/1" 2>/dev/null | grep -Eq '"status":"(Succeeded|Failed)"' && break
  sleep 0.1
done
curl -sf "${auth[@]}" "$api/operations/1" | grep -q '"status":"Succeeded"' || { echo "the first automatic run did not succeed" >&2; exit 1; }
measure "schedule on, between runs"
