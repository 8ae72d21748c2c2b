#!/usr/bin/env bash
# Installs what building the emulator needs beside the Swift toolchain: Debian's libpcre2-dev
# (PCRE2, for the rule engine) and pkg-config (SwiftPM finds PCRE2 through it).
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libpcre2-8; then
    missing+=(libpcre2-dev)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${missing[*]} (needed to build the PCRE2 rule engine)..."
if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get)
else
    echo "error: ${missing[*]} missing and not root: run 'sudo apt-get install -y ${missing[*]}' and try again." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq "${missing[@]}"
