#!/usr/bin/env bash
# End-to-end test of the module SDK (issue 9), run by ./test.sh: packs the four packages into a temporary folder feed,
# installs the template into a temporary template hive, generates a module outside the repository (its nuget.config
# names that feed and nuget.org only), runs its generated tests, publishes it, drops it into a published panel's
# plugins folder, starts the panel and checks the module over HTTP and in chromium.
# Prints "new-to-answering-seconds N" and the plugin folder size; bench/plugin-size/run.sh reads them.
# Uses bench/lib.sh for its step/fail reporting and process helpers.
source "$(dirname "$0")/../../bench/lib.sh"
bench_name=sdk-e2e
root=$bench_root
work=$bench_tmp
feed=$work/feed
name=Acme.Backups
id=acme-backups
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step "pack the SDK packages into a temporary feed"
dotnet pack "$root/sdk/Panel.Sdk.slnf" -c Release -o "$feed" --nologo -v q -clp:ErrorsOnly >"$work/pack.log" 2>&1 \
  || fail "dotnet pack failed: $(tail -n 20 "$work/pack.log")"
for package in Panel.Contracts Panel.Module.Sdk Panel.Module.Testing Panel.Templates; do
  compgen -G "$feed/$package.*.nupkg" >/dev/null || fail "$package was not packed"
done

step "publish the panel"
publish host/PanelHost "$work/panel/host"

step "install the template into a temporary hive"
hive=$work/hive
dotnet new install "$(ls "$feed"/Panel.Templates.*.nupkg)" --debug:custom-hive "$hive" >"$work/install.log" 2>&1 \
  || fail "dotnet new install failed: $(tail -n 20 "$work/install.log")"

# Outside the repository (no Directory.Build.props or Directory.Packages.props of ours applies), with a packages
# folder of its own so that Panel.* 1.0.0 is always this run's; the machine's package cache is a read-only fallback.
outside=$work/outside
mkdir -p "$outside"
cat >"$outside/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="panel-sdk" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <fallbackPackageFolders>
    <add key="machine" value="${NUGET_PACKAGES:-$HOME/.nuget/packages}" />
  </fallbackPackageFolders>
</configuration>
CONFIG

step "an invalid name gets a clear message"
(cd "$outside" && dotnet new panel-module -n 'acme backups!' -o invalid --debug:custom-hive "$hive") >"$work/invalid.log" 2>&1 \
  || fail "dotnet new failed: $(cat "$work/invalid.log")"
# In an if: a failing command there does not trip bench/lib.sh's error trap.
if (cd "$outside/invalid" && dotnet build src/*/*.csproj --nologo -v q) >>"$work/invalid.log" 2>&1; then
  fail "a module with an invalid name built"
fi
grep -q "is not a valid module name: use letters and digits" "$work/invalid.log" \
  || fail "no clear message for an invalid name: $(tail -n 20 "$work/invalid.log")"

step "dotnet new panel-module -n $name"
started=$(date +%s.%N)
(cd "$outside" && dotnet new panel-module -n "$name" --debug:custom-hive "$hive") >"$work/new.log" 2>&1 \
  || fail "dotnet new failed: $(cat "$work/new.log")"
grep -rq "$id" "$outside/$name/src/$name/Module.cs" || fail "the generated module does not have the id $id"

generated=$(date +%s.%N)

step "run the generated tests"
(cd "$outside/$name" && dotnet test --nologo -v q) >"$work/test.log" 2>&1 \
  || fail "the generated tests failed: $(grep -E 'error|Failed' "$work/test.log" | head -n 20)"
grep -Eq 'Passed!|Passed: +[1-9]|succeeded: +[1-9]' "$work/test.log" || fail "no generated test ran: $(tail -n 10 "$work/test.log")"

tested=$(date +%s.%N)

step "the template uses the panel's EF Core and dotnet-ef versions"
ef_version=$(sed -n 's:.*<EfCoreVersion>\(.*\)</EfCoreVersion>.*:\1:p' "$root/Directory.Packages.props")
[ -n "$ef_version" ] || fail "no EfCoreVersion in Directory.Packages.props"
for package in Microsoft.EntityFrameworkCore.Sqlite Microsoft.EntityFrameworkCore.Design; do
  grep -q "Include=\"$package\" Version=\"$ef_version\"" "$outside/$name/Directory.Packages.props" \
    || fail "the generated $package is not the host's $ef_version: $(grep EntityFrameworkCore "$outside/$name/Directory.Packages.props")"
done
grep -q "\"version\": \"$ef_version\"" "$outside/$name/dotnet-tools.json" || fail "the generated dotnet-ef is not $ef_version: $(cat "$outside/$name/dotnet-tools.json")"

step "dotnet ef migrations add in the generated module"
note=$outside/$name/src/$name/Data/Note.cs
sed -i 's/^    public DateTimeOffset CreatedAt { get; set; }$/&\n\n    public string? Tag { get; set; }/' "$note"
grep -q 'public string? Tag' "$note" || fail "could not add a property to $note"
(cd "$outside/$name" && dotnet tool restore && dotnet ef migrations add AddTag --project "src/$name" --output-dir Data/Migrations) \
  >"$work/ef.log" 2>&1 || fail "dotnet ef migrations add failed: $(tail -n 20 "$work/ef.log")"
migration=$(ls "$outside/$name/src/$name/Data/Migrations/"*_AddTag.cs 2>/dev/null | head -n 1)
[ -n "$migration" ] || fail "dotnet ef wrote no AddTag migration: $(tail -n 10 "$work/ef.log")"
grep -q 'name: "Tag"' "$migration" || fail "the AddTag migration does not add Tag: $(cat "$migration")"
# The template's initial migration and snapshot match its model exactly, so the new migration holds nothing else.
up=$(awk '/void Up\(/,/void Down\(/' "$migration")
if [ "$(grep -c 'migrationBuilder\.' <<<"$up")" != 1 ] || ! grep -q 'migrationBuilder.AddColumn<string>' <<<"$up"; then
  fail "the AddTag migration changes more than the new column (the template's snapshot is off): $(cat "$migration")"
fi
(cd "$outside/$name" && dotnet build --nologo -v q) >"$work/ef-build.log" 2>&1 \
  || fail "the module with its new migration does not build: $(grep -E 'error' "$work/ef-build.log" | head -n 10)"

step "a manifest the host would refuse fails the module's build"
bad=$outside/bad-manifest
cp -r "$outside/$name" "$bad"
rm -rf "$bad/src/$name/bin" "$bad/src/$name/obj"
sed -i "s/\"$id\"/\"Acme Backups!\"/" "$bad/src/$name/Module.cs"
# In an if: a failing command there does not trip bench/lib.sh's error trap.
if (cd "$bad" && dotnet build "src/$name" --nologo -v q) >"$work/bad-manifest.log" 2>&1; then
  fail "a module with an invalid manifest id built"
fi
grep -q "error PANEL001: manifest id 'Acme Backups!'" "$work/bad-manifest.log" \
  || fail "no clear message for an invalid manifest id: $(grep -E 'error' "$work/bad-manifest.log" | head -n 10)"
# Ends the untimed stretch (generated tests, dotnet ef, the bad-manifest build): publishing is timed again.
checked=$(date +%s.%N)

step "publish the module into the panel's plugins folder"
plugin=$work/panel/host/plugins/$name
(cd "$outside/$name" && dotnet publish "src/$name" -c Release -o "$plugin" --nologo -v q -clp:ErrorsOnly) >"$work/publish.log" 2>&1 \
  || fail "publishing the module failed: $(tail -n 20 "$work/publish.log")"
[ ! -e "$plugin/Panel.Contracts.dll" ] || fail "the plugin folder ships Panel.Contracts.dll"
[ ! -e "$plugin/Microsoft.EntityFrameworkCore.dll" ] || fail "the plugin folder ships EF Core, which the host carries"
[ ! -d "$plugin/runtimes" ] || fail "the plugin folder ships native libraries the host carries: $(ls "$plugin/runtimes")"
[ -f "$plugin/wwwroot/notes.css" ] || fail "the plugin folder has no wwwroot/notes.css"

step "start the panel"
api_key=$(random_hex)
sim=http://127.0.0.1:9
data=$work/data
start_host "$work/panel" "$data" "$work/host.log"
for ((i = 0; i < 600; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $api_key" "$host/api/modules/$id/status")" = 200 ] && break
  sleep 0.1
done
answered=$(date +%s.%N)
modules=$(api GET modules)
jq -e --arg id "$id" '.loaded | any(.id == $id)' <<<"$modules" >/dev/null || fail "the panel did not load the module: $modules"

step "check the module over HTTP"
jar=$work/cookies
login "$jar"
home=$(http GET "$host/" -b "$jar" -c "$jar")
grep -q "href=\"/m/$id/notes\"" <<<"$home" || fail "the menu has no entry for the module"
tab=$(http GET "$host/m/$id/notes" -b "$jar" -c "$jar")
grep -q 'class="tab active"' <<<"$tab" || fail "the Notes tab is not drawn"
token=$(grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' <<<"$tab" | sed 's/.*value="//; s/"$//' | head -n 1)
posted=$(curl -sS -b "$jar" -c "$jar" --data-urlencode _handler=add-note --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Form.Text=saved with curl" "$host/m/$id/notes")
grep -q "<li>saved with curl</li>" <<<"$posted" || fail "the form post did not save the note"
css_headers=$(curl -sS -D - -o "$work/notes.css" "$host/_content/$name/notes.css")
grep -q "notes-saved" "$work/notes.css" || fail "/_content/$name/notes.css is not the module's stylesheet"
grep -qi '^cache-control: public, max-age=3600' <<<"$css_headers" || fail "the stylesheet has no cache header: $css_headers"
grep -qi '^content-security-policy:' <<<"$css_headers" || fail "the stylesheet is served outside the CSP"
saved=$(api POST "modules/$id/notes" '{"text":"saved with the API"}')
jq -e '.text == "saved with the API"' <<<"$saved" >/dev/null || fail "the endpoint did not save: $saved"
status=$(api GET "modules/$id/status")
jq -e '.notes == 2 and .workerStartedAt != null and .workerRounds > 0' <<<"$status" >/dev/null \
  || fail "the migration or the hosted service did not run: $status"
python3 - "$data/modules/$id/notes.db" <<'PY' || fail "the migrations (Initial, then AddTag from dotnet ef) were not applied to the module's database"
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("select MigrationId from __EFMigrationsHistory").fetchall()
columns = [c[1] for c in sqlite3.connect(sys.argv[1]).execute("pragma table_info(Notes)").fetchall()]
ids = [r[0] for r in rows]
sys.exit(0 if any(i.endswith("_Initial") for i in ids) and any(i.endswith("_AddTag") for i in ids) and "Tag" in columns else 1)
PY

step "check the module in chromium"
dotnet run --project "$root/tests/sdk/BrowserCheck" -c Release -- "$host" "$admin_user" "$admin_password" "$id" notes "$name" \
  >"$work/browser.log" 2>&1 || fail "the browser check failed: $(tail -n 20 "$work/browser.log")"

# The generated tests, the dotnet ef step and the bad-manifest build are part of this test, not of getting a module
# to answer.
echo "new-to-answering-seconds $(bc <<<"scale=1; ($answered - $started - ($checked - $generated)) / 1")"
echo "generated-tests-seconds $(bc <<<"scale=1; ($tested - $generated) / 1")"
echo "generated-plugin-folder-kb $(du -sk "$plugin" | cut -f1)"
echo "SDK end-to-end test passed" >&2
