# Sourced by bench scripts: publishes a project the way bench/startup measures it, as a hosting provider would ship
# it: Release, framework-dependent, ReadyToRun for this machine's runtime identifier (the plugin is published with the
# same settings by build/PublishPlugins.targets).
# Usage: publish_like_shipped <project folder> <output folder>
publish_like_shipped() {
  local rid
  rid=$(dotnet --info | awk '/^ RID:/ {print $2; exit}')
  dotnet publish "$1" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true --nologo -v q -o "$2" >/dev/null
}
