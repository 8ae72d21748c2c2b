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
exec "$(dirname "$0")/apt-install.sh" "the PCRE2 rule engine needs pkg-config and libpcre2-dev; the README test needs curl" ${missing[@]+"${missing[@]}"}
