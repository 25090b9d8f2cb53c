# Sourced by the bench/*.sh scripts: their shared paths, the published vigil they time, and the timing helper.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${VIGIL_SHARED_DIR:-$root/../shared}
out=$here/out
runs=${RUNS:-5}
vigil=$out/bin/vigil
mkdir -p "$out"

# Times the binary users run (Release, ReadyToRun), not `dotnet run`.
publish_vigil() {
  [ -n "${VIGIL_BENCH_PUBLISHED:-}" ] && return  # a script that runs the others published it once already
  echo "publishing vigil (Release, ReadyToRun)..." >&2
  dotnet publish "$root/src/Vigil.Cli/Vigil.Cli.csproj" -c Release -r linux-x64 --self-contained false \
    -p:PublishReadyToRun=true -o "$out/bin" >/dev/null
}

# measure NAME CMD...: runs CMD $runs times; prints median and worst wall time and the largest max RSS.
measure() {
  local name=$1; shift
  python3 "$here/measure.py" "$runs" "$name" "$@"
}
