#!/usr/bin/env bash
# Builds the release artefacts: per runtime a self-contained tarball (the host, its bundled modules in plugins/, a
# VERSION file) and a Debian package made with dpkg-deb (docs/adr/0021-packages.md).
#   build/package.sh [--rid linux-x64|linux-arm64|all] [--out artifacts/]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
source build/shipped-publish.sh

rids=(linux-x64)
out=artifacts
while [ $# -gt 0 ]; do
  case "$1" in
    --rid)
      case "${2:-}" in
        all) rids=(linux-x64 linux-arm64) ;;
        linux-x64|linux-arm64) rids=("$2") ;;
        *) echo "package.sh: --rid takes linux-x64, linux-arm64 or all, not '${2:-}'" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --out) out=${2:?package.sh: --out needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
command -v dpkg-deb >/dev/null || { echo "package.sh: dpkg-deb is missing (apt-get install dpkg)" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The version MSBuild gives the host (PanelHostVersion in Directory.Build.props), not a copy parsed from a file.
version=$(dotnet msbuild host/PanelHost/PanelHost.csproj -nologo -getProperty:Version)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+~.][0-9A-Za-z.+~-]*)?$ ]] || { echo "package.sh: the host's version is \"$version\", not a version" >&2; exit 1; }
commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for rid in "${rids[@]}"; do
  case "$rid" in
    linux-x64) debarch=amd64 ;;
    linux-arm64) debarch=arm64 ;;
  esac
  name="panelhost-$version-$rid"
  app="$work/$rid/$name"
  echo "Publishing $rid ..."
  # The host's publish also publishes the bundled modules into plugins/ (build/PublishPlugins.targets).
  shipped_publish_args "$rid"
  dotnet publish host/PanelHost/PanelHost.csproj -c Release "${shipped_publish_args[@]}" -o "$app" -v q --nologo
  [ -f "$app/plugins/Panel.Modules.Hetzner/Panel.Modules.Hetzner.dll" ] || { echo "package.sh: the Hetzner module is missing from $app/plugins" >&2; exit 1; }
  # NuGet's cache leaves files 0744; an install folder every user may read (the data folder is what stays private).
  find "$app" -type d -exec chmod 0755 {} +
  find "$app" -type f -exec chmod 0644 {} +
  find "$app" -type f \( -name PanelHost -o -name createdump -o -name '*.so' \) -exec chmod 0755 {} +
  printf '%s\n' "$version" > "$app/VERSION"
  printf '%s\n' "$commit" > "$app/COMMIT"
  cp README.md "$app/README.md"

  echo "Tarball $name.tar.gz"
  tar -C "$work/$rid" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"

  pkg="$work/$rid/deb"
  install -d "$pkg/DEBIAN" "$pkg/opt" "$pkg/etc/panelhost" "$pkg/usr/lib/systemd/system" "$pkg/usr/bin" "$pkg/usr/share/panelhost"
  cp -a "$app" "$pkg/opt/panelhost"
  install -m 0640 build/deb/appsettings.json "$pkg/etc/panelhost/"
  install -m 0644 build/deb/panelhost.env "$pkg/usr/share/panelhost/panelhost.env.example"
  install -m 0644 build/deb/panelhost.service "$pkg/usr/lib/systemd/system/panelhost.service"
  install -m 0755 build/deb/panelhost "$pkg/usr/bin/panelhost"
  install -m 0755 build/deb/postinst build/deb/prerm build/deb/postrm "$pkg/DEBIAN/"
  printf '/etc/panelhost/appsettings.json\n' > "$pkg/DEBIAN/conffiles"
  size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
  cat > "$pkg/DEBIAN/control" <<CONTROL
Package: panelhost
Version: $version
Architecture: $debarch
Maintainer: PanelHost <panelhost@localhost>
Installed-Size: $size
Depends: passwd, util-linux, libc6, libgcc-s1, libstdc++6, libicu70 | libicu72 | libicu74 | libicu76, zlib1g, libssl3 | libssl3t64, ca-certificates
Section: admin
Priority: optional
Description: modular server control panel
 PanelHost is a server control panel with plugin modules; the Hetzner Cloud
 module (snapshots of the server, scheduled with retention) is bundled.
 Self-contained .NET build ($commit): no .NET runtime needed.
CONTROL
  echo "Package panelhost_${version}_$debarch.deb"
  dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$out/panelhost_${version}_$debarch.deb" >/dev/null
done
ls -l "$out"
