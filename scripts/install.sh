#!/usr/bin/env bash
# `make install [PREFIX=...]`: the release build of `make dist` under PREFIX (default /usr/local):
# PREFIX/bin/gws-emulator, and the bots in PREFIX/share/gws-emulator/Bots, which the installed
# binary uses when the working directory has no Bots/ folder.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:?usage: scripts/install.sh PREFIX}
archive=$(scripts/dist.sh | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$archive"
root=$(echo "$work"/gws-emulator-*)
mkdir -p "$prefix/bin" "$prefix/share/gws-emulator"
install -m 755 "$root/bin/gws-emulator" "$prefix/bin/gws-emulator"
rm -rf "$prefix/share/gws-emulator/Bots"
cp -R "$root/share/gws-emulator/Bots" "$prefix/share/gws-emulator/Bots"
echo "installed $prefix/bin/gws-emulator (bots in $prefix/share/gws-emulator/Bots)"
