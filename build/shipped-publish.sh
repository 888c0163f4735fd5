# The `dotnet publish` arguments of what ships: sourced by build/package.sh and by the benchmarks (bench/lib.sh), so
# the benchmarks measure the code the Debian package and the tarball hold (ADR-0027).
# shipped_publish_args RID: sets the array shipped_publish_args for that runtime identifier (the callers add -c Release,
# which their other publishes share). Self-contained (the package brings its runtime), ReadyToRun (the host, its
# bundled modules and their packages start from precompiled code instead of waiting for the JIT;
# build/PublishPlugins.targets publishes the modules with the same settings), no symbol files or XML documentation in
# the install folder. tests/package/run.sh checks the ReadyToRun images in the tarball.
shipped_publish_args() {
  shipped_publish_args=(-r "$1" --self-contained true -p:PublishReadyToRun=true
    -p:DebugType=none -p:GenerateDocumentationFile=false)
}
