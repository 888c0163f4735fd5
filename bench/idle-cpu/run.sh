#!/usr/bin/env bash
# Idle CPU: clock ticks per minute (utime + stime from /proc/<pid>/stat) that PanelHost uses while nobody uses it,
# next to a bare ASP.NET Core app published the same way and measured over the same windows. Three states of one
# panel, provisioned unattended (Panel:Bootstrap:*): fresh (no token), a token saved against the Hetzner simulator
# with the schedule off, and the schedule on between two runs (after the first automatic run has finished).
# Nothing else is set: no DOTNET_* tuning, the shipped configuration plus the simulator's address.
# Usage: bench/idle-cpu/run.sh [--smoke]   (--smoke: short windows, prints the same figures; no targets checked)
source "$(dirname "$0")/../lib.sh"
warmup=30 window=60
if [ "${1:-}" = --smoke ]; then warmup=8 window=5; fi
out="$bench_root/bench/out/idle-cpu"
rm -rf "$out"
mkdir -p "$out"

step "publishing the host and the bare app like shipped (Release, ReadyToRun), and the simulator"
publish_like_shipped host/PanelHost "$out/host"
publish_like_shipped bench/startup/BareApp "$out/bare"
[ -f "$out/host/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] || fail "the plugin is missing from the published host"
publish tests/Hetzner.Simulator "$out/simulator"

ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# thread_ticks PID: "<ticks> <thread name> <tid>" per thread, to name what used the host's ticks (a thread may end
# between the listing and the read: it is skipped)
thread_ticks() {
  local t stat comm
  for t in /proc/"$1"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    comm=$(cat "$t/comm" 2>/dev/null) || continue
    echo "$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' <<<"$stat") ${comm// /_} ${t##*/}"
  done
}

step "starting the simulator, the bare app and the host"
start_simulator "$out" "$out/simulator.log"
bare="http://127.0.0.1:$(free_port)"
start_process bare "$out/bare" "$out/bare.log" dotnet BareApp.dll --urls "$bare"
bare_pid=$bench_last_pid
wait_http "$bare/" "$bare_pid"
start_host "$out" "$bench_tmp/data" "$out/host.log"
http GET "$host/login" >/dev/null

# measure LABEL: warm-up, then host and bare ticks over the same window, as ticks per minute
measure() {
  step "measuring: $1"
  sleep "$warmup"
  local h0 b0 h1 b1 threads
  h0=$(ticks "$host_pid"); b0=$(ticks "$bare_pid"); thread_ticks "$host_pid" >"$out/threads.before"
  sleep "$window"
  h1=$(ticks "$host_pid"); b1=$(ticks "$bare_pid"); thread_ticks "$host_pid" >"$out/threads.after"
  # The host's busiest threads in the window (thread ticks, not per minute), e.g. Kestrel_Timer: the heartbeat both apps have.
  threads=$(join -1 3 -2 3 <(sort -k3 "$out/threads.before") <(sort -k3 "$out/threads.after") \
    | awk '$4 > $2 { print $4 - $2, $3 }' | sort -rn | head -3 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')
  printf '%-28s host %5.1f   bare %5.1f   ticks/min   (host threads: %s)\n' "$1:" \
    "$(figure "host ticks" "$(echo "($h1 - $h0) * 60 / $window" | bc -l)")" \
    "$(figure "bare ticks" "$(echo "($b1 - $b0) * 60 / $window" | bc -l)")" "${threads:-none}"
}

printf 'idle CPU, clock ticks per minute (CLK_TCK %s), %s s windows after %s s of warm-up (target: host <= 3, bare 0)\n' \
  "$(getconf CLK_TCK)" "$window" "$warmup"
measure "fresh panel"

step "saving the token"
api PUT modules/hetzner/settings/token "{\"token\":\"$sim_token\"}" >/dev/null
measure "token saved, schedule off"

step "switching the schedule on and waiting for its first run"
api PUT modules/hetzner/settings/schedule '{"enabled":true,"frequencyHours":24,"retentionDays":7,"keepNewest":2}' >/dev/null
# The schedule's first run is due at once; measure after it has finished, between it and the next one a day later.
status=""
for _ in $(seq 1 600); do
  status=$(curl -sf -H "Authorization: Bearer $api_key" "$host/api/modules/hetzner/operations/1" | jq -r '.status // empty' || true)
  [[ "$status" == Succeeded || "$status" == Failed ]] && break
  sleep 0.1
done
[ "$status" = Succeeded ] || fail "the first automatic run ended as \"${status:-unknown}\", not Succeeded"
measure "schedule on, between runs"
