#!/usr/bin/env bash
# Cold start to the first served page, and resident memory after one request: PanelHost (with the Hetzner module
# from its plugins folder) against a bare ASP.NET Core app published the same way. Prints medians and host/bare ratios.
# A third app, StackFloorApp, is the least the design card's stack does to serve the same page (Razor components, a
# form with an antiforgery token, EF Core on SQLite readied in the background): its ratio to the bare app is the floor
# no panel built on that stack goes below, measured in the same invocation.
# Usage: bench/startup/run.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
out=$(pwd)/bench/out/startup
rm -rf "$out"
# All the same way (bench/startup/publish.sh).
. bench/startup/publish.sh
echo "Publishing (Release, ReadyToRun) ..." >&2
publish_like_shipped host/PanelHost "$out/host"
publish_like_shipped bench/startup/BareApp "$out/bare"
publish_like_shipped bench/startup/StackFloorApp "$out/floor"
[ -f "$out/host/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] || { echo "plugin missing from the published host" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# measure DIR DLL PATH DATA -> prints "<ms> <rss_kib>"
measure() {
  local dir=$1 dll=$2 path=$3 data=$4 port pid start end code rss
  port=$(free_port)
  start=$(date +%s%N)
  (cd "$dir" && exec env Panel__DataPath="$data" Panel__Bootstrap__AdminUser=bench Panel__Bootstrap__AdminPassword=bench-password-123 \
      DOTNET_gcServer=0 dotnet "$dll" --urls "http://127.0.0.1:$port" >/dev/null 2>&1) &
  pid=$!
  code=000
  for _ in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path" || true)
    [ "$code" = 200 ] && break
    sleep 0.01
  done
  end=$(date +%s%N)
  [ "$code" = 200 ] || { kill "$pid" 2>/dev/null; echo "no 200 from $dll at $path" >&2; exit 1; }
  sleep 0.5
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$(pgrep -P "$pid" -f "$dll" || echo "$pid")/status" 2>/dev/null || awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# A cold start is a new process on an installed panel: the first start (databases created, admin provisioned) is
# measured once and reported apart, then every measured run starts a new process on that data folder.
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
read -r first_ms first_rss < <(measure "$out/host" PanelHost.dll /login "$data")
echo "first start of a new panel (creates its databases): ${first_ms} ms, ${first_rss} KiB" >&2
floor_data=$(mktemp -d)
trap 'rm -rf "$data" "$floor_data"' EXIT
measure "$out/floor" StackFloorApp.dll /login "$floor_data" >/dev/null
host_ms=(); host_rss=(); bare_ms=(); bare_rss=(); floor_ms=(); floor_rss=()
for i in $(seq 1 "$runs"); do
  read -r ms rss < <(measure "$out/bare" BareApp.dll / "$data"); bare_ms+=("$ms"); bare_rss+=("$rss")
  read -r ms rss < <(measure "$out/floor" StackFloorApp.dll /login "$floor_data"); floor_ms+=("$ms"); floor_rss+=("$rss")
  read -r ms rss < <(measure "$out/host" PanelHost.dll /login "$data"); host_ms+=("$ms"); host_rss+=("$rss")
  echo "run $i: bare ${bare_ms[-1]} ms ${bare_rss[-1]} KiB | stack floor ${floor_ms[-1]} ms ${floor_rss[-1]} KiB | host ${host_ms[-1]} ms ${host_rss[-1]} KiB" >&2
done

hm=$(printf '%s\n' "${host_ms[@]}" | median); bm=$(printf '%s\n' "${bare_ms[@]}" | median)
hr=$(printf '%s\n' "${host_rss[@]}" | median); br=$(printf '%s\n' "${bare_rss[@]}" | median)
fm=$(printf '%s\n' "${floor_ms[@]}" | median); fr=$(printf '%s\n' "${floor_rss[@]}" | median)
printf 'first start of a new panel: %s ms (not in the ratio)\n' "$first_ms"
printf 'cold start to first page (median of %d): host %s ms, bare %s ms, ratio %.2f (target <= 1.5)\n' "$runs" "$hm" "$bm" "$(echo "$hm / $bm" | bc -l)"
printf 'resident memory after one request:       host %s KiB, bare %s KiB, ratio %.2f (target <= 1.5)\n' "$hr" "$br" "$(echo "$hr / $br" | bc -l)"
printf 'stack floor (StackFloorApp):             %s ms, ratio %.2f; %s KiB, ratio %.2f (the least this stack costs)\n' "$fm" "$(echo "$fm / $bm" | bc -l)" "$fr" "$(echo "$fr / $br" | bc -l)"
printf 'host against the stack floor:            time ratio %.2f, memory ratio %.2f\n' "$(echo "$hm / $fm" | bc -l)" "$(echo "$hr / $fr" | bc -l)"
