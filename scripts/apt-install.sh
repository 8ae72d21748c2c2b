#!/usr/bin/env bash
# Installs Debian packages without asking: with apt-get as root, else through sudo; without
# either it prints the exact line to run and fails. The one install step of ensure-deps.sh and
# browser-test.sh.
#
#   scripts/apt-install.sh "what they are for" PACKAGE...
set -euo pipefail
why=$1
shift
[ $# -eq 0 ] && exit 0

echo "Installing $* ($why)..."
if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get)
else
    echo "error: $* missing and not root: run 'sudo apt-get install -y $*' and try again." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq "$@" >/dev/null
