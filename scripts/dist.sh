#!/usr/bin/env bash
# `make dist`: a release archive of gws-emulator that runs on a Linux machine without the Swift
# toolchain: the Swift runtime and Foundation linked in (`--static-swift-stdlib`), the web pages
# built into the binary, the bots under share/gws-emulator/Bots (found there when the working
# directory has no Bots/), a README stub and the license.
#
#   scripts/dist.sh                 # dist/gws-emulator-VERSION-linux-ARCH.tar.gz
#   VERSION=1.2.0 scripts/dist.sh
#
# Built in its own scratch path (.build-dist), so debug builds are not disturbed. Needs at run
# time only what a Debian or Ubuntu base image has, plus libpcre2-8-0 (and libcurl4 for
# `test --url` and `chat --url`): scripts/dist-test.sh checks it with ldd.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || date +%Y%m%d)}
arch=$(uname -m)
name="gws-emulator-$version-linux-$arch"
stage=".build-dist/stage/$name"

scripts/ensure-deps.sh
# The static Foundation links libcurl (URLSession, for `chat --url` and `test --url`): its -dev package.
pkg-config --exists libcurl || scripts/apt-install.sh "the release build links Foundation's URLSession against libcurl" libcurl4-openssl-dev
swift build -c release --product gws-emulator --static-swift-stdlib --scratch-path .build-dist
binary=$(swift build -c release --product gws-emulator --static-swift-stdlib --scratch-path .build-dist --show-bin-path)/gws-emulator

rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/share/gws-emulator/Bots" dist
install -m 755 "$binary" "$stage/bin/gws-emulator"
strip "$stage/bin/gws-emulator" 2>/dev/null || true
# The bots (rules, replays and their conversation tests), without anything a run left behind.
find Bots -maxdepth 1 -type f \( -name '*.rules' -o -name '*.replay' -o -name '*.convo' -o -name '*.md' \) -exec cp {} "$stage/share/gws-emulator/Bots/" \;
cp LICENSE "$stage/LICENSE"
cat > "$stage/README.md" <<README
# gws-emulator $version ($arch Linux)

A stand-in for the Genesys Web Services customer Chat API v2, whose agent is a bot.

    bin/gws-emulator serve --port 0            # ready when it prints: listening on http://127.0.0.1:PORT
    bin/gws-emulator serve --bot support       # the bots in share/gws-emulator/Bots
    bin/gws-emulator --help

Open /client/ (a customer's chat) and /agent/ (the agent console) on the printed address.
As a test double for any language (virtual clock, reset, request record, faults), see
docs/test-double.md in the repository. \`make install PREFIX=...\` in the repository, or copy
bin/ and share/ under a prefix of your own, puts gws-emulator on the PATH.

Runs without the Swift toolchain; needs libpcre2-8-0 (and libcurl4 for \`chat --url\` and
\`test --url\`), which Debian and Ubuntu images carry.
README
tar -C ".build-dist/stage" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz"
