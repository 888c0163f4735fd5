#!/usr/bin/env bash
# Cold start to the first served page, and resident memory after one request: PanelHost (with the Hetzner module
# from its plugins folder) against a bare ASP.NET Core app published the same way. Prints medians and host/bare ratios.
# A third app, StackFloorApp, is the least the design card's stack does to serve the same page (Razor components, a
# form with an antiforgery token, EF Core on SQLite readied in the background): its ratio to the bare app is the floor
# no panel built on that stack goes below, measured in the same invocation. Nothing is set that the apps do not ship
# (no DOTNET_* variables): the runtime settings are the ones in each project (ADR-0027).
# Each app's CPU time (user + system, from /proc/<pid>/stat) up to its first page is printed too, with medians and
# ratios: the issue's target is wall time, but on a 2-core machine shared with builds and tests the wall time mostly
# measures the waiting for a core (±30% from run to run even when quiet), while the CPU time a process spends to its
# first page barely moves with other load, so it is the figure to compare changes by (ADR-0027).
# Usage: bench/startup/run.sh [runs] [VARIANT...]   (default 5 runs)
#        bench/startup/run.sh --smoke  (one run: the same three publishes and starts, for CI)
# VARIANT (NAME=PROPERTY:VALUE[,...], runtimeconfig.json configProperties on a copy of the published host, e.g.
# workstation=System.GC.Server:false) is started in every run beside the shipped host and printed against the floor.
source "$(dirname "$0")/../lib.sh"
runs=5
if [ "${1:-}" = --smoke ]; then
  runs=1
  shift
fi
if [ $# -gt 0 ]; then runs=$1; shift; fi
variants=("$@")
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || fail "runs must be a positive number, not \"$runs\""
out="$bench_root/bench/out/startup"
rm -rf "$out"
mkdir -p "$out"
step "publishing the host, the bare app and the stack floor app like shipped (build/shipped-publish.sh: self-contained, ReadyToRun)"
publish_like_shipped host/PanelHost "$out/host"
publish_like_shipped bench/startup/BareApp "$out/bare"
publish_like_shipped bench/startup/StackFloorApp "$out/floor"
[ -f "$out/host/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] || fail "the plugin is missing from the published host"
declare -A variant_ms variant_rss variant_cpu
for variant in "${variants[@]}"; do
  runtime_variant "$out/host" "$out/${variant%%=*}" "$variant"
done

clock_ticks=$(getconf CLK_TCK)

# cpu_ms PID: the user + system CPU time PID has used so far, in ms (fields 14 and 15 of /proc/PID/stat, counted after
# the command name, which may hold spaces).
cpu_ms() {
  local stat
  stat=$(cat "/proc/$1/stat") || fail "process $1 is gone"
  stat=${stat##*) }
  awk -v hz="$clock_ticks" '{print int(($12 + $13) * 1000 / hz)}' <<<"$stat"
}

# measure DIR DLL PATH DATA: starts DLL, waits for a 200 at PATH; sets ms (start to first 200), cpu (CPU ms used up to
# the first 200) and rss (KiB after it).
measure() {
  local dir=$1 dll=$2 path=$3 data=$4 port pid start end code
  port=$(free_port)
  start=$(date +%s%N)
  (cd "$dir" && exec env Panel__DataPath="$data" Panel__Bootstrap__AdminUser="$admin_user" Panel__Bootstrap__AdminPassword="$admin_password" \
      "./${dll%.dll}" --urls "http://127.0.0.1:$port" >"$out/$dll.log" 2>&1) &
  pid=$!
  bench_pids+=("$pid")
  code=000
  for _ in $(seq 1 6000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path" || true)
    [ "$code" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { bench_logs+=("$out/$dll.log"); fail "$dll exited before it served $path"; }
    sleep 0.01
  done
  end=$(date +%s%N)
  [ "$code" = 200 ] || { bench_logs+=("$out/$dll.log"); fail "no 200 from $dll at $path (last answer $code)"; }
  cpu=$(cpu_ms "$pid")
  sleep 0.5
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  ms=$(( (end - start) / 1000000 ))
  figure "start time of $dll" "$ms" >/dev/null
  figure "CPU time of $dll" "$cpu" >/dev/null
  figure "resident memory of $dll" "$rss" >/dev/null
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# A cold start is a new process on an installed panel: the first start (databases created, admin provisioned) is
# measured once and reported apart, then every measured run starts a new process on that data folder.
data="$bench_tmp/data"
floor_data="$bench_tmp/floor-data"
step "first start of a new panel"
measure "$out/host" PanelHost.dll /login "$data"
first_ms=$ms
echo "first start of a new panel (creates its databases): ${first_ms} ms, ${rss} KiB" >&2
measure "$out/floor" StackFloorApp.dll /login "$floor_data"
# The module is published with ReadyToRun like the host; its code must then not wait for the JIT at start-up. Crossgen2
# skips every method that touches a type it has no reference for, so a plugin publish that drops the contract or EF
# Core from its references before compiling leaves most of the module to the JIT (ADR-0027). A separate start with the
# JIT's method list (diagnostics only; not a measured run) fails the benchmark when any module method was JIT-compiled.
step "checking that the module runs its ReadyToRun code"
jit_list="$out/jit-methods.txt"
rm -f "$jit_list"
(cd "$out/host" && exec env DOTNET_JitDisasmSummary=1 DOTNET_JitStdOutFile="$jit_list" Panel__DataPath="$data" \
    ./PanelHost --urls "http://127.0.0.1:$(free_port)" >"$out/jit-check.log" 2>&1) &
jit_pid=$!
bench_pids+=("$jit_pid")
# The module's workers start after its InitializeAsync: by then its start-up code has run (generic instantiations over
# its types, such as the workers' async state machines, are always JIT-compiled and do not count).
started=no
for _ in $(seq 1 1200); do
  if grep -q 'SnapshotWorker' "$jit_list" 2>/dev/null; then started=yes; break; fi
  kill -0 "$jit_pid" 2>/dev/null || break
  sleep 0.1
done
sleep 1
kill "$jit_pid" 2>/dev/null || true
wait "$jit_pid" 2>/dev/null || true
[ "$started" = yes ] || { bench_logs+=("$out/jit-check.log"); fail "the module's workers did not start within 120 s"; }
jitted=$(grep -c 'JIT compiled Panel\.Modules\.' "$jit_list" || true)
[ "$jitted" = 0 ] || fail "$jitted methods of the module were JIT-compiled although it was published with ReadyToRun, e.g. $(grep -m 1 -o 'Panel\.Modules\.[^(]*' "$jit_list")"
echo "module methods JIT-compiled at start-up: 0" >&2

host_ms=(); host_rss=(); host_cpu=(); bare_ms=(); bare_rss=(); bare_cpu=(); floor_ms=(); floor_rss=(); floor_cpu=()
for i in $(seq 1 "$runs"); do
  step "run $i of $runs"
  measure "$out/bare" BareApp.dll / "$data"; bare_ms+=("$ms"); bare_rss+=("$rss"); bare_cpu+=("$cpu")
  measure "$out/floor" StackFloorApp.dll /login "$floor_data"; floor_ms+=("$ms"); floor_rss+=("$rss"); floor_cpu+=("$cpu")
  measure "$out/host" PanelHost.dll /login "$data"; host_ms+=("$ms"); host_rss+=("$rss"); host_cpu+=("$cpu")
  for variant in "${variants[@]}"; do
    name=${variant%%=*}
    measure "$out/$name" PanelHost.dll /login "$data"
    variant_ms[$name]+="$ms "; variant_rss[$name]+="$rss "; variant_cpu[$name]+="$cpu "
    echo "run $i: $name ${ms} ms (CPU ${cpu} ms) ${rss} KiB" >&2
  done
  echo "run $i (load average $(cut -d' ' -f1 /proc/loadavg)): bare ${bare_ms[-1]} ms (CPU ${bare_cpu[-1]} ms) ${bare_rss[-1]} KiB | stack floor ${floor_ms[-1]} ms (CPU ${floor_cpu[-1]} ms) ${floor_rss[-1]} KiB | host ${host_ms[-1]} ms (CPU ${host_cpu[-1]} ms) ${host_rss[-1]} KiB" >&2
done

hm=$(printf '%s\n' "${host_ms[@]}" | median); bm=$(printf '%s\n' "${bare_ms[@]}" | median)
hr=$(printf '%s\n' "${host_rss[@]}" | median); br=$(printf '%s\n' "${bare_rss[@]}" | median)
fm=$(printf '%s\n' "${floor_ms[@]}" | median); fr=$(printf '%s\n' "${floor_rss[@]}" | median)
hc=$(printf '%s\n' "${host_cpu[@]}" | median); bc=$(printf '%s\n' "${bare_cpu[@]}" | median); fc=$(printf '%s\n' "${floor_cpu[@]}" | median)
printf 'first start of a new panel: %s ms (not in the ratio)\n' "$first_ms"
printf 'cold start to first page (median of %d): host %s ms, bare %s ms, ratio %.2f\n' "$runs" "$hm" "$bm" "$(echo "$hm / $bm" | bc -l)"
printf 'resident memory after one request:       host %s KiB, bare %s KiB, ratio %.2f\n' "$hr" "$br" "$(echo "$hr / $br" | bc -l)"
printf 'stack floor (StackFloorApp):             %s ms, ratio %.2f; %s KiB, ratio %.2f (the least this stack costs)\n' "$fm" "$(echo "$fm / $bm" | bc -l)" "$fr" "$(echo "$fr / $br" | bc -l)"
printf 'host against the stack floor:            time ratio %.2f (target <= 1.3), memory ratio %.2f (target <= 1.15)\n' "$(echo "$hm / $fm" | bc -l)" "$(echo "$hr / $fr" | bc -l)"
printf 'CPU time to first page (median):         host %s ms, stack floor %s ms, bare %s ms; host/floor %.2f, floor/bare %.2f\n' "$hc" "$fc" "$bc" "$(echo "$hc / $fc" | bc -l)" "$(echo "$fc / $bc" | bc -l)"
printf 'load average at the end (1/5/15 min):    %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
for variant in "${variants[@]}"; do
  name=${variant%%=*}
  vm=$(printf '%s\n' ${variant_ms[$name]} | median); vr=$(printf '%s\n' ${variant_rss[$name]} | median)
  vc=$(printf '%s\n' ${variant_cpu[$name]} | median)
  printf 'variant %s against the stack floor: %s ms, time ratio %.2f; CPU %s ms, ratio %.2f; %s KiB, memory ratio %.2f\n' "$name" "$vm" "$(echo "$vm / $fm" | bc -l)" "$vc" "$(echo "$vc / $fc" | bc -l)" "$vr" "$(echo "$vr / $fr" | bc -l)"
done
