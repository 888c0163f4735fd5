#!/usr/bin/env bash
# Idle CPU: clock ticks per minute (utime + stime from /proc/<pid>/stat) that PanelHost uses while nobody uses it,
# next to a bare ASP.NET Core app published the same way, all measured over the same window. Three panels, one per
# state, provisioned unattended (Panel:Bootstrap:*): fresh (no token), a token saved against the Hetzner simulator
# with the schedule off, and the schedule on between two runs (after the first automatic run has finished).
# Nothing else is set: no DOTNET_* tuning, the shipped configuration plus the simulator's address.
# The warm-up is long on purpose: code that runs once a second (Kestrel's heartbeat) reaches tiered compilation's
# 30-call threshold after 30 s and is recompiled in the background after that; a shorter warm-up measures the JIT,
# not the idle process (ADR-0017).
# Usage: bench/idle-cpu/run.sh [--smoke]   (--smoke: short windows, prints the same figures; no targets checked)
source "$(dirname "$0")/../lib.sh"
warmup=120 window=60
if [ "${1:-}" = --smoke ]; then warmup=8 window=5; fi
out="$bench_root/bench/out/idle-cpu"
rm -rf "$out"
mkdir -p "$out"

step "publishing the host and the bare app like shipped (build/shipped-publish.sh: self-contained, ReadyToRun), and the simulator"
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

step "starting the simulator and the bare app"
start_simulator "$out" "$out/simulator.log"
bare="http://127.0.0.1:$(free_port)"
start_process bare "$out/bare" "$out/bare.log" ./BareApp --urls "$bare"
bare_pid=$bench_last_pid
wait_http "$bare/" "$bare_pid"
http GET "$bare/" >/dev/null

# Each state is its own panel (own data folder and port), so all three are measured over one window.
labels=("fresh panel" "token saved, schedule off" "schedule on, between runs")
pids=()
for state in 0 1 2; do
  step "starting a panel for: ${labels[$state]}"
  host=""
  start_host "$out" "$bench_tmp/data$state" "$out/host$state.log"
  http GET "$host/login" >/dev/null
  if [ "$state" -ge 1 ]; then
    api PUT modules/hetzner/settings/token "{\"token\":\"$sim_token\"}" >/dev/null
  fi
  if [ "$state" -eq 2 ]; then
    api PUT modules/hetzner/settings/schedule '{"enabled":true,"frequencyHours":24,"retentionDays":7,"keepNewest":2}' >/dev/null
    # The schedule's first run is due at once; measure after it has finished, between it and the next one a day later.
    status=""
    for _ in $(seq 1 600); do
      status=$(curl -sf -H "Authorization: Bearer $api_key" "$host/api/modules/hetzner/operations/1" | jq -r '.status // empty' || true)
      [[ "$status" == Succeeded || "$status" == Failed ]] && break
      sleep 0.1
    done
    [ "$status" = Succeeded ] || fail "the first automatic run ended as \"${status:-unknown}\", not Succeeded"
  fi
  pids[$state]=$host_pid
done

step "warming up for $warmup s, then measuring all four processes over the same $window s"
sleep "$warmup"
declare -A before after
for state in 0 1 2; do before[$state]=$(ticks "${pids[$state]}"); thread_ticks "${pids[$state]}" >"$out/threads$state.before"; done
bare0=$(ticks "$bare_pid")
sleep "$window"
for state in 0 1 2; do after[$state]=$(ticks "${pids[$state]}"); thread_ticks "${pids[$state]}" >"$out/threads$state.after"; done
bare1=$(ticks "$bare_pid")

printf 'idle CPU, clock ticks per minute (CLK_TCK %s), one %s s window after %s s of warm-up (target: host <= 3, bare 0)\n' \
  "$(getconf CLK_TCK)" "$window" "$warmup"
bare_rate=$(figure "bare ticks" "$(echo "($bare1 - $bare0) * 60 / $window" | bc -l)")
for state in 0 1 2; do
  # The host's busiest threads in the window (thread ticks, not per minute), e.g. Kestrel_Timer: the heartbeat both apps have.
  threads=$(join -1 3 -2 3 <(sort -k3 "$out/threads$state.before") <(sort -k3 "$out/threads$state.after") \
    | awk '$4 > $2 { print $4 - $2, $3 }' | sort -rn | head -3 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1 }')
  host_rate=$(figure "host ticks" "$(echo "(${after[$state]} - ${before[$state]}) * 60 / $window" | bc -l)")
  # host - bare: what the panel adds to the ASP.NET Core floor measured in the same window (ADR-0017)
  printf '%-28s host %5.1f   bare %5.1f   host-bare %5.1f   ticks/min   (host threads: %s)\n' "${labels[$state]}:" \
    "$host_rate" "$bare_rate" "$(echo "$host_rate - $bare_rate" | bc -l)" "${threads:-none}"
done
