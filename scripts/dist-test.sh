#!/usr/bin/env bash
# `make test-dist` (and .ci/run): builds the release archive (scripts/dist.sh), unpacks it into a
# temporary folder, and checks that it runs as a machine without the Swift toolchain would run it:
#   - `ldd`: no library from the toolchain's folder, none missing;
#   - started with a clean environment (`env -i`), from the temporary folder, it finds its bots
#     and serves the pages built into it;
#   - the README's curl walkthrough, run as written against it;
#   - `make install` into a temporary prefix: `gws-emulator chat --bot support` from another folder.
# Prints the archive's size and the start-to-ready time (spawn to the `listening on` line).
set -euo pipefail
cd "$(dirname "$0")/.."
repository=$PWD

archive="$repository/$(scripts/dist.sh | tail -1)"
work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

tar -C "$work" -xzf "$archive"
root=$(echo "$work"/gws-emulator-*)
binary="$root/bin/gws-emulator"
fail() { echo "dist-test: FAIL: $*" >&2; exit 1; }

# 1. Nothing linked from the toolchain, nothing missing.
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
libraries=$(ldd "$binary")
echo "$libraries" | grep -q "not found" && fail "a library is missing: $(echo "$libraries" | grep 'not found')"
echo "$libraries" | grep -qF "$toolchain" && fail "linked from the toolchain ($toolchain): $(echo "$libraries" | grep -F "$toolchain")"
echo "$libraries" | grep -qi "swift" && fail "a Swift library is linked dynamically: $(echo "$libraries" | grep -i swift)"

# 2. A clean environment, from a folder that is not the repository; time to ready.
cd "$work"
mkdir data
output="$work/serve.out"
started=$(date +%s%N)
env -i HOME="$work" PATH=/usr/bin:/bin "$binary" serve --port 0 --data "$work/data" --bot support > "$output" 2> "$work/serve.err" &
server=$!
for _ in $(seq 1 600); do
    grep -q "^listening on " "$output" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || fail "the server exited: $(cat "$work/serve.err")"
    sleep 0.05
done
ready=$(date +%s%N)
url=$(sed -n 's/^listening on //p' "$output" | head -1)
[ -n "$url" ] || fail "not ready within 30 s"
port=${url##*:}
curl -sf "$url/client/" | grep -qi "<html" || fail "/client/ is not served from the binary"
curl -sf "$url/agent/" | grep -qi "<html" || fail "/agent/ is not served from the binary"
curl -sf "$url/emulator/bots" | grep -q '"support"' || fail "the bots under share/gws-emulator/Bots were not found"

# 3. The README's curl walkthrough, as written, on this server's port.
walkthrough=$(awk '/<!-- README test: walkthrough -->/ { found = 1; next } found && /^```sh/ { inside = 1; next } inside && /^```/ { exit } inside { print }' "$repository/README.md")
[ -n "$walkthrough" ] || fail "no walkthrough block in README.md"
answers=$(bash -c "set -e; ${walkthrough//8888/$port}")
echo "$answers" | grep -q '"state":"Chatting"' || fail "GetChat in the walkthrough did not show Chatting: $answers"
echo "$answers" | grep -q '"type":"Agent"' || fail "no agent in the walkthrough's transcript: $answers"
[ "$(echo "$answers" | tail -1)" = '{"statusCode":0}' ] || fail "Complete did not succeed: $(echo "$answers" | tail -1)"

# 4. `make install` into a temporary prefix: on the PATH, with its bots, from any folder.
(cd "$repository" && scripts/install.sh "$work/prefix" > /dev/null)
mkdir "$work/elsewhere"
greeting=$(cd "$work/elsewhere" && printf '/quit\n' | env -i HOME="$work" PATH="$work/prefix/bin:/usr/bin:/bin" gws-emulator chat --bot support --plain)
echo "$greeting" | grep -q "I'm Sam" || fail "the installed gws-emulator did not find its bots: $greeting"

size=$(stat -c %s "$archive")
echo "dist-test: OK: $archive, $((size / 1024 / 1024)) MiB ($size bytes) packed, $(( $(stat -c %s "$binary") / 1024 / 1024 )) MiB binary; start to ready $(( (ready - started) / 1000000 )) ms"
echo "dist-test: linked: $(echo "$libraries" | awk '{print $1}' | tr '\n' ' ')"
