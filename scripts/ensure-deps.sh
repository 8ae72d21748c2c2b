#!/usr/bin/env bash
# Installs what building the emulator needs beside the Swift toolchain: Debian's libpcre2-dev
# (PCRE2, for the rule engine) and pkg-config (SwiftPM finds PCRE2 through it); and curl, with
# which a test runs the README's shell examples.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libpcre2-8; then
    missing+=(libpcre2-dev)
fi
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${missing[*]} (the PCRE2 rule engine needs pkg-config and libpcre2-dev; the README test needs curl)..."
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
