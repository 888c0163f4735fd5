#!/usr/bin/env bash
# Package test (./test.sh runs it): builds the linux-x64 artefacts with build/package.sh, checks the tarball and the
# .deb (files, modes, conffiles, maintainer scripts, the unit with systemd-analyze), installs the .deb into a
# temporary root (dpkg -x plus the maintainer scripts with DPKG_ROOT), starts the installed panel as the panelhost
# user and checks it serves /login, then upgrades in place and purges. Needs root (creates the panelhost system user).
#   tests/package/run.sh [artefact folder]   (an existing folder with the built artefacts skips the build)
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "PACKAGE TEST FAILED: $*" >&2; exit 1; }
step() { echo "package test: $*"; }
[ "$(id -u)" -eq 0 ] || fail "run as root (it creates the panelhost system user and switches to it)"
for tool in dpkg-deb systemd-analyze setpriv curl python3; do
  command -v "$tool" >/dev/null || fail "$tool is missing"
done

work=$(mktemp -d)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

version=$(dotnet msbuild host/PanelHost/PanelHost.csproj -nologo -getProperty:Version)
if [ -n "${1:-}" ]; then
  art=$1
else
  art=$work/artifacts
  step "building the linux-x64 artefacts"
  build/package.sh --rid linux-x64 --out "$art"
fi
tarball=$art/panelhost-$version-linux-x64.tar.gz
deb=$art/panelhost_${version}_amd64.deb
[ -f "$tarball" ] || fail "no $tarball"
[ -f "$deb" ] || fail "no $deb"

step "tarball contents"
listing=$(tar -tzvf "$tarball")
for path in PanelHost VERSION appsettings.json plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll \
            plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.deps.json libe_sqlite3.so; do
  grep -q " panelhost-$version-linux-x64/$path\$" <<<"$listing" || fail "tarball lacks $path"
done
[ "$(tar -xzOf "$tarball" "panelhost-$version-linux-x64/VERSION")" = "$version" ] || fail "tarball VERSION is not $version"
grep -q "^-rwxr-xr-x 0/0 .* panelhost-$version-linux-x64/PanelHost\$" <<<"$listing" || fail "tarball PanelHost is not 0755 owned by 0/0"

step "ReadyToRun code in the host, its module and the packages they start with"
# build/shipped-publish.sh publishes with ReadyToRun and the benchmarks measure that (ADR-0027): an IL-only host or
# module would start slower than measured, every method waiting for the JIT.
mkdir "$work/tarball"
tar -C "$work/tarball" -xzf "$tarball"
root=$work/tarball/panelhost-$version-linux-x64
checker=$(pwd)/tests/package/readytorun.py
( cd "$root" && python3 "$checker" PanelHost.dll Panel.Contracts.dll Microsoft.EntityFrameworkCore*.dll \
    McMaster.NETCore.Plugins.dll plugins/*/*.dll ) || fail "the tarball holds IL-only assemblies (above)"
[ ! -e "$root/plugins/Panel.Modules.Hetzner/Panel.Contracts.dll" ] || fail "the module's folder holds a copy of the contract (shared with the host)"

step ".deb control, files and modes"
[ "$(dpkg-deb -f "$deb" Package)" = panelhost ] || fail "Package is not panelhost"
[ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ] || fail "Architecture is not amd64"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
files=$(dpkg-deb -c "$deb")
expect_mode() { # mode path
  grep -Eq "^$1 root/root +[0-9]+ [0-9-]+ [0-9:]+ \./$2( ->.*)?\$" <<<"$files" || fail "$2 is not $1 root/root in the .deb"
}
expect_mode -rwxr-xr-x opt/panelhost/PanelHost
expect_mode -rw-r--r-- opt/panelhost/VERSION
expect_mode -rw-r--r-- opt/panelhost/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll
expect_mode -rw-r----- etc/panelhost/appsettings.json
expect_mode -rw-r--r-- usr/share/panelhost/panelhost.env.example
# The environment file is the provider's (postinst copies the template when there is none), so one written before the
# first install never meets a conffile prompt.
! grep -q ' \./etc/panelhost/panelhost.env$' <<<"$files" || fail "the .deb ships /etc/panelhost/panelhost.env"
expect_mode -rw-r--r-- usr/lib/systemd/system/panelhost.service
expect_mode -rwxr-xr-x usr/bin/panelhost
# Data is made by postinst and systemd, never shipped: an upgrade must not touch it.
! grep -q ' \./var/' <<<"$files" || fail "the .deb ships files under /var"
! grep -E '^-..[^-]|^-.....[^-]|^-........[^-]' <<<"$files" | grep -Ev '(PanelHost|createdump|\.so|usr/bin/panelhost)$' | grep -q . \
  || fail "executable files other than the host, createdump, native libraries and the wrapper: $(grep -E '^-..x' <<<"$files" | grep -Ev '(PanelHost|createdump|\.so|usr/bin/panelhost)$' | head -3)"

ctrl=$work/control
dpkg-deb -e "$deb" "$ctrl"
[ "$(cat "$ctrl/conffiles")" = /etc/panelhost/appsettings.json ] || fail "conffiles: $(cat "$ctrl/conffiles")"
for script in postinst prerm postrm; do
  [ "$(stat -c %a "$ctrl/$script")" = 755 ] || fail "$script is not 0755"
  sh -n "$ctrl/$script" || fail "$script has a syntax error"
done
grep -q 'useradd --system' "$ctrl/postinst" || fail "postinst does not create a system user"

step "systemd unit"
root=$work/root
mkdir -p "$root"
dpkg-deb -x "$deb" "$root"
unit=$root/usr/lib/systemd/system/panelhost.service
for setting in 'Type=notify' 'User=panelhost' 'StateDirectory=panelhost' 'StateDirectoryMode=0700' 'ConfigurationDirectory=panelhost' \
               'EnvironmentFile=-/etc/panelhost/panelhost.env' 'Environment=Panel__DataPath=/var/lib/panelhost' 'ProtectSystem=strict' 'ProtectHome=yes' 'NoNewPrivileges=yes' \
               'PrivateTmp=yes' 'PrivateDevices=yes' 'CapabilityBoundingSet=' 'RestrictNamespaces=yes' 'LockPersonality=yes' \
               'SystemCallFilter=@system-service' 'MemoryDenyWriteExecute=no' 'Restart=on-failure' \
               'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK'; do
  grep -qxF "$setting" "$unit" || fail "the unit lacks $setting"
done
# verify checks that ExecStart exists, so a copy points into the temporary root.
sed "s:/opt/panelhost:$root/opt/panelhost:g" "$unit" > "$work/panelhost.service"
systemd-analyze verify "$work/panelhost.service" || fail "systemd-analyze verify"
exposure=$(systemd-analyze security --offline=yes --root="$root" panelhost.service 2>/dev/null | sed -n 's/.*Overall exposure level for panelhost.service: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || fail "systemd-analyze security printed no exposure level"
echo "  systemd-analyze security exposure: $exposure (0 best, 10 worst)"
awk -v e="$exposure" 'BEGIN { exit !(e <= 3.0) }' || fail "exposure $exposure is above 3.0"

step "install into $root (maintainer scripts with DPKG_ROOT)"
# The panelhost user must reach the install folder inside the temporary root.
chmod 0755 "$work" "$root"
# A provider's preset, written before the first install (a server image), read the way systemd's EnvironmentFile=
# reads it: the first admin exists at the first start, and postinst neither replaces the file nor asks about it.
install -d -m 0755 "$root/etc/panelhost"
cat > "$root/etc/panelhost/panelhost.env" <<'ENV'
Panel__Bootstrap__AdminUser=admin
Panel__Bootstrap__AdminPassword=package-test-password
ENV
env_sum=$(sha256sum < "$root/etc/panelhost/panelhost.env")
DPKG_ROOT=$root "$ctrl/postinst" configure ""
[ "$(sha256sum < "$root/etc/panelhost/panelhost.env")" = "$env_sum" ] || fail "postinst changed the provider's panelhost.env"
getent passwd panelhost >/dev/null || fail "postinst did not create the panelhost user"
[ "$(getent passwd panelhost | cut -d: -f7)" = /usr/sbin/nologin ] || fail "panelhost has a login shell"
[ "$(stat -c '%a %U:%G' "$root/var/lib/panelhost")" = "700 panelhost:panelhost" ] || fail "/var/lib/panelhost: $(stat -c '%a %U:%G' "$root/var/lib/panelhost")"
[ "$(stat -c '%a %U:%G' "$root/var/lib/panelhost/plugins")" = "700 panelhost:panelhost" ] || fail "/var/lib/panelhost/plugins: $(stat -c '%a %U:%G' "$root/var/lib/panelhost/plugins")"
[ "$(stat -c '%a %U:%G' "$root/etc/panelhost")" = "750 root:panelhost" ] || fail "/etc/panelhost: $(stat -c '%a %U:%G' "$root/etc/panelhost")"
[ "$(stat -c '%a %U:%G' "$root/etc/panelhost/panelhost.env")" = "640 root:panelhost" ] || fail "panelhost.env: $(stat -c '%a %U:%G' "$root/etc/panelhost/panelhost.env")"


start_panel() { # log file
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # The service's data folder moved into the temporary root, and a free port.
  local preset
  mapfile -t preset < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$root/etc/panelhost/panelhost.env")
  (cd / && exec setpriv --reuid=panelhost --regid=panelhost --init-groups --inh-caps=-all -- env -i PATH=/usr/bin:/bin \
      "${preset[@]}" Panel__DataPath="$root/var/lib/panelhost" \
      "$root/opt/panelhost/PanelHost" --contentRoot "$root/opt/panelhost" --urls "http://127.0.0.1:$port") >"$1" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    code=$(curl -s -o "$work/login.html" -w '%{http_code}' "http://127.0.0.1:$port/login" || true)
    [ "$code" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$1"; fail "the installed panel exited"; }
    sleep 1
  done
  [ "$code" = 200 ] || { cat "$1"; fail "GET /login answered $code"; }
  grep -qi '<form' "$work/login.html" || fail "/login has no form"
  [ "$(ps -o user= -p "$pid" | tr -d ' ')" = panelhost ] || fail "the panel does not run as panelhost"
  grep -q '"Loaded module hetzner ' "$1" || { cat "$1"; fail "the bundled Hetzner module was not loaded"; }
}
stop_panel() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}

step "the installed panel as panelhost"
start_panel "$work/first.log"
stop_panel
grep -q 'Bootstrap created admin admin' "$work/first.log" || { cat "$work/first.log"; fail "the preset admin from panelhost.env was not created"; }
[ "$(stat -c %U "$root/var/lib/panelhost/panel.db")" = panelhost ] || fail "panel.db is not panelhost's"

step "the panelhost command: --version, backup, and the README's restore into the package's data folder"
# The wrapper with its paths moved into the temporary root; run from / as root, as an admin would with sudo.
sed "s:/opt/panelhost:$root/opt/panelhost:g; s:/etc/panelhost:$root/etc/panelhost:g; s:/var/lib/panelhost:$root/var/lib/panelhost:g" \
  "$root/usr/bin/panelhost" > "$work/panelhost"
chmod 0755 "$work/panelhost"
printed=$(cd / && timeout 60 "$work/panelhost" --version) || fail "panelhost --version failed or did not end: $printed"
[[ "$printed" =~ ^PanelHost\ $version([+][0-9a-f]+)?$ ]] || fail "panelhost --version printed: $printed"
install -d -m 0700 -o panelhost -g panelhost "$work/backups"
(cd / && timeout 120 "$work/panelhost" backup "$work/backups/panel.tar.gz") || fail "panelhost backup failed"
[ "$(stat -c '%a %U' "$work/backups/panel.tar.gz")" = "600 panelhost" ] || fail "the backup is not 0600 panelhost's"
mv "$root/var/lib/panelhost" "$root/var/lib/panelhost.old"
# What the README says: a new data folder as the package makes it (with its empty folder for added modules).
install -d -m 0700 -o panelhost -g panelhost "$root/var/lib/panelhost" "$root/var/lib/panelhost/plugins"
(cd / && timeout 120 "$work/panelhost" restore "$work/backups/panel.tar.gz") || fail "panelhost restore failed"
[ -f "$root/var/lib/panelhost/panel.db" ] && [ -d "$root/var/lib/panelhost/keys" ] || fail "the restore did not bring back panel.db and keys"
rm -rf "$root/var/lib/panelhost.old"
db_sum=$(sha256sum "$root/var/lib/panelhost/panel.db" | cut -d' ' -f1)

step "upgrade in place keeps data and added modules"
setpriv --reuid=panelhost --regid=panelhost --init-groups -- mkdir -p "$root/var/lib/panelhost/plugins/Acme.Extra"
setpriv --reuid=panelhost --regid=panelhost --init-groups -- sh -c "echo module > '$root/var/lib/panelhost/plugins/Acme.Extra/Acme.Extra.txt'"
DPKG_ROOT=$root "$ctrl/prerm" upgrade "$version"
dpkg-deb -x "$deb" "$root"
DPKG_ROOT=$root "$ctrl/postinst" configure "$version"
[ "$(sha256sum < "$root/etc/panelhost/panelhost.env")" = "$env_sum" ] || fail "the upgrade changed panelhost.env"
[ -f "$root/var/lib/panelhost/plugins/Acme.Extra/Acme.Extra.txt" ] || fail "the upgrade lost an added module"
[ "$(sha256sum "$root/var/lib/panelhost/panel.db" | cut -d' ' -f1)" = "$db_sum" ] || fail "the upgrade changed panel.db"
[ "$(stat -c '%a %U' "$root/var/lib/panelhost")" = "700 panelhost" ] || fail "the upgrade changed /var/lib/panelhost's mode or owner"
start_panel "$work/second.log"
stop_panel
! grep -q 'Bootstrap created admin' "$work/second.log" || fail "the restored panel created its admin again (the restore lost panel.db)"

step "remove keeps data, purge deletes it"
DPKG_ROOT=$root "$ctrl/prerm" remove
DPKG_ROOT=$root "$ctrl/postrm" remove
[ -f "$root/var/lib/panelhost/panel.db" ] || fail "remove deleted the data"
DPKG_ROOT=$root "$ctrl/postrm" purge
[ ! -e "$root/var/lib/panelhost" ] || fail "purge kept /var/lib/panelhost"
[ ! -e "$root/etc/panelhost" ] || fail "purge kept /etc/panelhost"

echo "package test: passed"

# From the previous release to this .deb, with state at the simulator (a script of its own: it runs a simulator).
tests/package/upgrade.sh "$deb"
