#!/usr/bin/env bash
# Drives the web client (/client/), the agent console (/agent/) and a GMS REST client served from
# a second origin (Tests/Browser/gms_test.py) in headless Chromium
# (Tests/Browser/pages_test.py). Installs what it needs when missing, without asking: Debian's
# chromium and chromium-driver (apt-get, as root or through sudo), python3 with venv, and
# Selenium from PyPI into .build/browser-venv (nothing is installed into the system's Python).
#
#   scripts/browser-test.sh                 # the binary of `swift build`: .build/debug/gws-emulator
#   SCREENSHOTS=docs/screenshots scripts/browser-test.sh   # also saves docs/web-pages.md's pictures
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
scripts/apt-install.sh "for the browser tests" ${missing[@]+"${missing[@]}"}

venv=.build/browser-venv
if ! "$venv/bin/python" -c 'import selenium' >/dev/null 2>&1; then
    echo "Installing Selenium into $venv (for the browser tests)..."
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check selenium
fi

export GWS_EMULATOR_BINARY="${GWS_EMULATOR_BINARY:-$PWD/.build/debug/gws-emulator}"
exec "$venv/bin/python" -W ignore::ResourceWarning -m unittest -v Tests/Browser/pages_test.py Tests/Browser/gms_test.py
