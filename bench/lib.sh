# Shared by the bench/*/run.sh scripts (source it first thing). It gives them:
#  - step/fail reporting: a failing command anywhere, also inside a command substitution, ends the script with one
#    line naming the script, the step and the command (set -e alone exits silently there), plus the tail of the logs
#    of the processes the script started;
#  - processes started in the background and stopped on exit, free loopback ports, waiting for an answer;
#  - the published host and simulator, and an admin's cookie login as a browser does it.
# Scripts print progress on stderr and their figures on stdout; `figure` refuses an empty or non-numeric figure.
set -Eeuo pipefail

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench_name=$(basename "$(cd "$(dirname "$0")" && pwd)")
bench_step="start"
bench_tmp=$(mktemp -d)
bench_pids=()
bench_logs=()

step() {
  bench_step=$*
  echo "[$bench_name] $*" >&2
}

# Ends the script (or the command substitution it runs in: the outer script then ends without a second message).
fail() {
  if [ ! -e "$bench_tmp/failed" ]; then
    : >"$bench_tmp/failed"
    local log
    for log in "${bench_logs[@]}"; do
      if [ -s "$log" ]; then
        echo "--- last lines of $log:" >&2
        tail -n 15 "$log" >&2
      fi
    done
    echo "bench/$bench_name/run.sh: FAILED in step \"$bench_step\": $*" >&2
  fi
  exit 1
}

bench_on_error() {
  local status=$1 line=$2 command=$3
  fail "\`$command\` exited with status $status (line $line)"
}
trap 'bench_on_error $? $LINENO "$BASH_COMMAND"' ERR

bench_cleanup() {
  local status=$? pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${bench_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  # A failure reported inside a command substitution whose status nothing checked (an argument of a command) still
  # fails the script.
  [ ! -e "$bench_tmp/failed" ] || status=1
  rm -rf "$bench_tmp"
  exit "$status"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# figure NAME VALUE: echoes VALUE when it is a number, else fails naming the figure. VALUE is usually a command
# substitution, whose failure (already reported) does not stop figure by itself: curl -w prints a time even when the
# request fails.
figure() {
  [ ! -e "$bench_tmp/failed" ] || exit 1
  [[ "$2" =~ ^-?[0-9]+([.][0-9]+)?$ ]] || fail "figure \"$1\" is \"$2\", not a number"
  echo "$2"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

random_hex() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

# http METHOD URL [curl options...]: prints the body of a 2xx answer; any other answer fails with its status.
http() {
  local method=$1 url=$2 body code
  shift 2
  body="$bench_tmp/body.$BASHPID"
  code=$(curl -sS -o "$body" -w '%{http_code} %{redirect_url}' -X "$method" "$@" "$url") \
    || fail "$method $url: no answer (curl exit status $?)"
  case $code in
    2??\ *) cat "$body" ;;
    *) fail "$method $url answered ${code% } $(head -c 300 "$body" | tr '\n' ' ')" ;;
  esac
}

# json_post METHOD URL JSON [curl options...]
json() {
  local method=$1 url=$2 data=$3
  shift 3
  http "$method" "$url" -H 'Content-Type: application/json' -d "$data" "$@"
}

# start_process NAME DIR LOG COMMAND...: starts COMMAND in DIR in the background; its pid is in $bench_last_pid.
start_process() {
  local name=$1 dir=$2 log=$3
  shift 3
  (cd "$dir" && exec "$@" >>"$log" 2>&1) &
  bench_last_pid=$!
  bench_pids+=("$bench_last_pid")
  bench_logs+=("$log")
  echo "[$bench_name] started $name (pid $bench_last_pid, log $log)" >&2
}

# wait_http URL PID [seconds]: waits for a 200 from URL while PID lives.
wait_http() {
  local url=$1 pid=$2 seconds=${3:-300} i
  for ((i = 0; i < seconds * 10; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ] && return 0
    kill -0 "$pid" 2>/dev/null || fail "the process $pid exited before $url answered 200"
    sleep 0.1
  done
  fail "no 200 from $url within $seconds s"
}

# publish PROJECT OUT [dotnet publish options...]: Release publish of a project of the repository into OUT.
publish() {
  local project=$1 out=$2 log
  shift 2
  log="$bench_tmp/publish.log"
  dotnet publish "$bench_root/$project" -c Release -o "$out" --nologo -v q -clp:ErrorsOnly "$@" >"$log" 2>&1 \
    || fail "dotnet publish $project failed: $(tail -n 20 "$log")"
}

# publish_like_shipped PROJECT OUT: as build/package.sh publishes what ships (build/shipped-publish.sh: self-contained,
# ReadyToRun) for this machine's runtime identifier. Start what it publishes with its own executable (./PanelHost), as
# the package's systemd unit does.
publish_like_shipped() {
  local rid
  rid=$(dotnet --info | awk '/^ RID:/ {print $2; exit}')
  [ -n "$rid" ] || fail "dotnet --info names no runtime identifier"
  # shellcheck source=../build/shipped-publish.sh
  source "$bench_root/build/shipped-publish.sh"
  shipped_publish_args "$rid"
  publish "$1" "$2" "${shipped_publish_args[@]}"
}

# runtime_variant SHIPPED OUT VARIANT: copies the published host folder SHIPPED to OUT and sets the runtimeconfig.json
# configProperties that VARIANT (NAME=PROPERTY:VALUE[,PROPERTY:VALUE...]) names, as the matching MSBuild properties
# would; sets variant_name. Used to measure a runtime setting against the host as shipped, in the same invocation.
runtime_variant() {
  local shipped=$1 out=$2 variant=$3 settings config pair pairs
  variant_name=${variant%%=*} settings=${variant#*=}
  [[ "$variant_name" =~ ^[a-z0-9-]+$ && "$settings" == *:* ]] || fail "variant \"$variant\" is not NAME=PROPERTY:VALUE[,...]"
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
  cp -r "$shipped" "$out"
  config="$out/PanelHost.runtimeconfig.json"
  IFS=, read -ra pairs <<<"$settings"
  for pair in "${pairs[@]}"; do
    jq --arg k "${pair%%:*}" --argjson v "${pair#*:}" '.runtimeOptions.configProperties[$k] = $v' "$config" >"$config.new"
    mv "$config.new" "$config"
  done
}

# The Hetzner token the simulator accepts, and server 42, its demo server (docs/simulator.md).
sim_token=hcloud-simulator-read-write-token-012345678901234567890123456789

# publish_panel OUT: the host (with its module in plugins/) as shipped, and the simulator as a Release build, into
# OUT/host and OUT/simulator.
publish_panel() {
  local out=$1
  publish_like_shipped host/PanelHost "$out/host"
  [ -f "$out/host/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] \
    || fail "the Hetzner module is missing from the published host ($out/host/plugins)"
  publish tests/Hetzner.Simulator "$out/simulator"
}

# start_simulator PUBLISHED LOG: sets sim (its URL) and sim_pid.
start_simulator() {
  local published=$1 log=$2
  sim="http://127.0.0.1:$(free_port)"
  start_process simulator "$published/simulator" "$log" dotnet Hetzner.Simulator.dll --urls "$sim"
  sim_pid=$bench_last_pid
  wait_http "$sim/_sim/requests/count" "$sim_pid"
}

# Every host a script starts uses this admin and this automation key.
admin_user=bench
admin_password=bench-password-123
api_key=$(random_hex)

# start_host PUBLISHED DATA LOG [NAME=VALUE...]: starts the published host on the data folder DATA against the simulator
# (started before) and waits until it is ready; sets host (its URL; kept across restarts of the same script) and host_pid.
start_host() {
  local published=$1 data=$2 log=$3
  shift 3
  host=${host:-"http://127.0.0.1:$(free_port)"}
  start_process host "$published/host" "$log" env Panel__DataPath="$data" \
    Panel__Bootstrap__AdminUser="$admin_user" Panel__Bootstrap__AdminPassword="$admin_password" Panel__Bootstrap__ApiKey="$api_key" \
    Modules__Hetzner__ApiBaseUrl="$sim/v1" Modules__Hetzner__MetadataBaseUrl="$sim/hetzner/v1/metadata" \
    "$@" ./PanelHost --urls "$host"
  host_pid=$bench_last_pid
  wait_http "$host/healthz" "$host_pid"
}

# api METHOD PATH [JSON]: the panel's JSON API with the automation key (PATH below /api/).
api() {
  local method=$1 path=$2
  if [ $# -ge 3 ]; then
    json "$method" "$host/api/$path" "$3" -H "Authorization: Bearer $api_key"
  else
    http "$method" "$host/api/$path" -H "Authorization: Bearer $api_key"
  fi
}

# login JAR: logs the admin in as a browser does (the login form's antiforgery token and cookie, then the form post)
# and keeps the session cookie in the cookie jar JAR.
login() {
  local jar=$1 form token answer
  form=$(http GET "$host/login" -c "$jar" -b "$jar")
  token=$(grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' <<<"$form" | sed 's/.*value="//; s/"$//' | head -n 1)
  [ -n "$token" ] || fail "the login page has no antiforgery token"
  answer=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode _handler=login --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Model.UserName=$admin_user" --data-urlencode "Model.Password=$admin_password" "$host/login") \
    || fail "POST $host/login: no answer"
  [[ "$answer" == 302\ * && "$answer" != *"/login"* ]] || fail "logging in as $admin_user answered \"$answer\", not a redirect into the panel"
}
