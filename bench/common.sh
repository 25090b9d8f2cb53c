# Sourced by the bench/*.sh scripts: their shared paths, the published vigil they time, and the timing helper.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${VIGIL_SHARED_DIR:-$root/../shared}
out=$here/out
runs=${RUNS:-5}
vigil=$out/bin/vigil
mkdir -p "$out"

# Times what users install (scripts/install.sh, the README's install line: the native front end and the managed
# build beside it), not `dotnet run`.
publish_vigil() {
  [ -n "${VIGIL_BENCH_PUBLISHED:-}" ] && return  # a script that runs the others published it once already
  bash "$root/scripts/install.sh" "$out/bin"
  [ -d "$out/bin/managed" ] || { echo "bench: the native front end was not built (see scripts/install.sh)" >&2; exit 1; }
}

# measure NAME CMD...: runs CMD $runs times; prints median and worst wall time and the largest max RSS.
measure() {
  local name=$1; shift
  python3 "$here/measure.py" "$runs" "$name" "$@"
}
