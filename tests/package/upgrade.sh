#!/usr/bin/env bash
# Upgrade test (tests/package/run.sh runs it; needs root): the previous release (the last commit before issue 10's
# start-up and packaging changes, published from its own source, as it was installed then: one folder, started from
# there) is installed into a temporary root and provisioned: an admin and an automation key, a Hetzner token, a
# schedule, snapshots at the simulator (one automatic run, one manual), and a third-party module (tests/TestPlugins/
# AcmeExtra) in the added-modules folder. Then the new .deb replaces it (its maintainer scripts with DPKG_ROOT) and
# the new panel, started as the panelhost user, must keep all of it: the admin logs in, the key works, the token
# decrypts (a refresh and a new snapshot reach the simulator), the schedule (also against a provider's preset, which
# never overwrites saved settings) and the snapshot list are as before, the
# added module loads with its data, and the migrations the old release lacked are applied.
#   tests/package/upgrade.sh DEB
set -Eeuo pipefail
deb=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/../.."
source bench/lib.sh
bench_name=package-upgrade
repo=$(pwd)
# The previous release: main before issue 10 (no /etc configuration, one plugins folder, panel and module
# databases without the ModuleDataRecords and PruneJournal migrations).
previous=758cf7e
[ "$(id -u)" -eq 0 ] || fail "run as root (it switches to the panelhost user)"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing"

work=$bench_tmp
root=$work/root
mkdir -p "$root/opt"
chmod 0755 "$work" "$root" "$root/opt"

step "publishing the previous release ($previous), the simulator and the third-party module"
if ! git -C "$repo" cat-file -e "$previous^{commit}" 2>/dev/null && [ "$(git -C "$repo" rev-parse --is-shallow-repository)" = true ]; then
  git -C "$repo" fetch -q --unshallow || true
fi
git -C "$repo" cat-file -e "$previous^{commit}" 2>/dev/null || fail "commit $previous is not in this clone (CI clones need the whole history)"
mkdir -p "$work/previous-src"
git -C "$repo" archive "$previous" | tar -x -C "$work/previous-src"
dotnet publish "$work/previous-src/host/PanelHost" -c Release -o "$root/opt/panelhost" --nologo -v q -clp:ErrorsOnly >"$work/publish-previous.log" 2>&1 \
  || fail "publishing $previous failed: $(tail -n 20 "$work/publish-previous.log")"
[ -f "$root/opt/panelhost/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] || fail "the previous release has no Hetzner module"
chmod -R a+rX "$root/opt/panelhost"
publish tests/Hetzner.Simulator "$work/simulator"
publish tests/TestPlugins/AcmeExtra "$work/acme"

step "installing the previous release's state folders as the package makes them"
id panelhost >/dev/null 2>&1 || useradd --system --home-dir /var/lib/panelhost --no-create-home --shell /usr/sbin/nologin panelhost
data=$root/var/lib/panelhost
mkdir -p "$data/plugins/AcmeExtra"
cp -r "$work/acme/." "$data/plugins/AcmeExtra/"
chown -R panelhost:panelhost "$root/var"
chmod 0700 "$data" "$data/plugins"

start_simulator "$work" "$work/simulator.log"
host="http://127.0.0.1:$(free_port)"
hetzner_env=(Modules__Hetzner__ApiBaseUrl="$sim/v1" Modules__Hetzner__MetadataBaseUrl="$sim/hetzner/v1/metadata")

step "the previous release, provisioned"
start_process previous "$root/opt/panelhost" "$work/previous.log" setpriv --reuid=panelhost --regid=panelhost --init-groups --inh-caps=-all -- \
  env -i PATH=/usr/bin:/bin HOME=/nonexistent Panel__DataPath="$data" \
  Panel__Bootstrap__AdminUser="$admin_user" Panel__Bootstrap__AdminPassword="$admin_password" Panel__Bootstrap__ApiKey="$api_key" \
  "${hetzner_env[@]}" dotnet PanelHost.dll --urls "$host"
previous_pid=$bench_last_pid
wait_http "$host/healthz" "$previous_pid"
api PUT modules/hetzner/settings/token "{\"token\":\"$sim_token\"}" >/dev/null
api PUT modules/hetzner/settings/schedule '{"enabled":true,"frequencyHours":24,"retentionDays":30,"keepNewest":3}' >/dev/null
wait_run() { # operation id
  local status=""
  for _ in $(seq 1 600); do
    status=$(curl -sf -H "Authorization: Bearer $api_key" "$host/api/modules/hetzner/operations/$1" | jq -r '.status // empty' || true)
    [[ "$status" == Succeeded || "$status" == Failed ]] && break
    sleep 0.2
  done
  [ "$status" = Succeeded ] || fail "operation $1 ended as \"${status:-unknown}\", not Succeeded"
}
wait_run 1
manual=$(api POST modules/hetzner/snapshots '{"description":"before the upgrade"}' | jq -r '.id')
wait_run "$manual"
api POST modules/hetzner/snapshots/refresh >/dev/null
before=$(api GET 'modules/hetzner/snapshots?page=1&pageSize=100' | jq -c '[.snapshots[] | {id, description, automatic}] | sort_by(.id)')
[ "$(jq length <<<"$before")" -ge 2 ] || fail "the previous release lists $(jq length <<<"$before") snapshots, not the automatic and the manual one"
schedule_before=$(api GET modules/hetzner/settings | jq -c '.schedule')
kill "$previous_pid"
wait "$previous_pid" 2>/dev/null || true
migrations() { sqlite3 "$1" 'SELECT MigrationId FROM __EFMigrationsHistory ORDER BY 1' | tr '\n' ' '; }
hetzner_db=$(find "$data" -name '*.db' -path '*hetzner*' | head -n 1)
[ -n "$hetzner_db" ] || fail "the previous release left no Hetzner database in $data"
[[ "$(migrations "$data/panel.db")" != *ModuleDataRecords* ]] || fail "the previous release already has ModuleDataRecords: not a previous release"

step "upgrading to the new .deb"
dpkg-deb -x "$deb" "$root"
ctrl=$work/control
dpkg-deb -e "$deb" "$ctrl"
DPKG_ROOT=$root "$ctrl/postinst" configure ""
[ -f "$data/plugins/AcmeExtra/AcmeExtra.dll" ] || fail "the upgrade lost the added module"
[ "$(stat -c '%a %U' "$data")" = "700 panelhost" ] || fail "the upgrade changed the data folder's mode or owner"

step "the new panel keeps everything"
# The packaged configuration, with its paths moved into the temporary root (as the unit's Panel__DataPath does) and
# its HTTPS listener off (a fixed port, and plain HTTP would redirect to it; HTTPS is tested in HttpsTests).
start_new() {
  start_process new / "$work/new.log" setpriv --reuid=panelhost --regid=panelhost --init-groups --inh-caps=-all -- \
    env -i PATH=/usr/bin:/bin HOME=/nonexistent PANELHOST_CONFIG="$root/etc/panelhost/appsettings.json" Panel__DataPath="$data" \
    Panel__PluginsPath__0="$root/opt/panelhost/plugins" Panel__PluginsPath__1="$data/plugins" Panel__Https__Port= "${hetzner_env[@]}" \
    Modules__Hetzner__Preset__Token="$sim_token" Modules__Hetzner__Preset__Schedule__Enabled=false \
    Modules__Hetzner__Preset__Schedule__FrequencyHours=6 Modules__Hetzner__Preset__Schedule__RetentionDays=14 \
    Modules__Hetzner__Preset__Schedule__KeepNewest=1 \
  "$root/opt/panelhost/PanelHost" --urls "$host"
  new_pid=$bench_last_pid
  wait_http "$host/healthz/ready" "$new_pid"
}
start_new
[ "$(ps -o user= -p "$new_pid" | tr -d ' ')" = panelhost ] || fail "the new panel does not run as panelhost"
version=$(api GET info | jq -r '.version')
[ "$version" = "$(cat "$root/opt/panelhost/VERSION")" ] || fail "/api/info says version $version, VERSION says $(cat "$root/opt/panelhost/VERSION")"
login "$work/cookies"
http GET "$host/m/hetzner/snapshots" -b "$work/cookies" | grep -q 'before the upgrade' || fail "the Snapshots tab does not list the snapshot made before the upgrade"
# Every field the previous release had keeps its value; fields a newer release added take their defaults (a newer
# release may add settings, never change the ones it finds).
schedule_after=$(api GET modules/hetzner/settings | jq -c '.schedule')
[ "$(jq -c --argjson before "$schedule_before" 'with_entries(select(.key as $k | $before | has($k)))' <<<"$schedule_after")" = "$schedule_before" ] \
  || fail "the schedule changed: $schedule_after, was $schedule_before"
[ "$(jq -c '[.keepDaily // 0, .keepWeekly // 0, .keepMonthly // 0, .timeZone // "UTC"]' <<<"$schedule_after")" = '[0,0,0,"UTC"]' ] \
  || fail "settings the previous release did not have are not at their defaults: $schedule_after"
api POST modules/hetzner/snapshots/refresh >/dev/null
after=$(api GET 'modules/hetzner/snapshots?page=1&pageSize=100' | jq -c '[.snapshots[] | {id, description, automatic}] | sort_by(.id)')
[ "$after" = "$before" ] || fail "the snapshot list changed: $after, was $before"
made=$(api POST modules/hetzner/snapshots '{"description":"after the upgrade"}' | jq -r '.id')
wait_run "$made"
[ "$(api GET modules/acme-extra/starts | jq -r '.starts')" = 1 ] || fail "the added module did not load (starts: $(api GET modules/acme-extra/starts))"
kill "$new_pid"
wait "$new_pid" 2>/dev/null || true
[[ "$(migrations "$data/panel.db")" == *ModuleDataRecords* ]] || fail "panel.db lacks the ModuleDataRecords migration: $(migrations "$data/panel.db")"
[[ "$(migrations "$hetzner_db")" == *PruneJournal* ]] || fail "the Hetzner database lacks the PruneJournal migration: $(migrations "$hetzner_db")"
step "upgrading in place again keeps the added module's data"
DPKG_ROOT=$root "$ctrl/prerm" upgrade "$version"
dpkg-deb -x "$deb" "$root"
DPKG_ROOT=$root "$ctrl/postinst" configure "$version"
start_new
[ "$(api GET modules/acme-extra/starts | jq -r '.starts')" = 2 ] || fail "the added module lost its data in the upgrade (starts: $(api GET modules/acme-extra/starts))"
[ "$(api GET 'modules/hetzner/snapshots?page=1&pageSize=100' | jq '.snapshots | length')" = "$(( $(jq length <<<"$before") + 1 ))" ] || fail "the second upgrade changed the snapshot list"
kill "$new_pid"
wait "$new_pid" 2>/dev/null || true

echo "package upgrade test: passed ($previous to $version: admin, key, token, schedule, $(jq length <<<"$before") snapshots and the added module kept; migrations applied)"
