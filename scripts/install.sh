#!/usr/bin/env bash
# Installs vigil into DIR (default ~/.local/lib/vigil), replacing an earlier installation there:
#   DIR/managed/  the whole of vigil on the .NET runtime (ReadyToRun): the server, the database, every command;
#   DIR/vigil     the native front end (compiled ahead of time), which runs scans and feed imports itself and hands
#                 every other command line to DIR/managed/vigil (see NativeCommandSet in src/Vigil.Cli).
# The native front end needs a C toolchain (clang or gcc) and zlib1g-dev, which .NET's ahead-of-time compiler links
# with; without them, or with --managed-only, DIR/vigil is the managed build itself, about 0.1 s slower per command.
# Then put it on the PATH: ln -s DIR/vigil ~/.local/bin/vigil
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

managed_only=false
dir=
for arg in "$@"; do
  case $arg in
    --managed-only) managed_only=true ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; echo "usage: scripts/install.sh [--managed-only] [DIR]"; exit 0 ;;
    -*) echo "install.sh: unknown option $arg (expected --managed-only or a directory)" >&2; exit 1 ;;
    *) [ -z "$dir" ] || { echo "install.sh: one directory only, got '$dir' and '$arg'" >&2; exit 1; }; dir=$arg ;;
  esac
done
dir=${dir:-$HOME/.local/lib/vigil}

# Only a directory that is empty or holds an earlier installation is replaced.
if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ] && [ ! -e "$dir/vigil" ]; then
  echo "install.sh: $dir is not empty and holds no vigil installation; choose another directory" >&2
  exit 1
fi

if ! $managed_only && ! { { command -v clang || command -v gcc; } >/dev/null && [ -e /usr/include/zlib.h ]; }; then
  echo "install.sh: no C toolchain or no zlib1g-dev (apt-get install clang zlib1g-dev): installing the managed build only" >&2
  managed_only=true
fi

# Built beside DIR and moved into place at the end: a failed build leaves the earlier installation as it was.
mkdir -p "$(dirname "$dir")"
stage=$(mktemp -d "$(dirname "$dir")/.vigil-install.XXXXXX")
trap 'rm -rf "$stage"' EXIT
project=$root/src/Vigil.Cli/Vigil.Cli.csproj
managed=$stage/managed
$managed_only && managed=$stage
echo "publishing vigil (managed, ReadyToRun)..." >&2
dotnet publish "$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$managed" >/dev/null
if ! $managed_only; then
  echo "publishing vigil's native front end (ahead-of-time compiled, a few minutes)..." >&2
  # Inside the stage, so a failed build leaves nothing behind; only the executable is kept.
  dotnet publish "$project" -c Release -r linux-x64 -p:VigilNative=true -o "$stage/native" >/dev/null
  mv "$stage/native/vigil" "$stage/vigil"
  rm -rf "$stage/native"
fi

rm -rf "$dir"
mv "$stage" "$dir"
chmod 755 "$dir"
echo "installed $dir/vigil ($("$dir/vigil" --version))" >&2
