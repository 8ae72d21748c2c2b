#!/usr/bin/env bash
# The test-double examples in other languages (part of `make test`): Examples/python with pytest
# and Examples/javascript with Node's built-in test runner, each against the built binary only.
# Installs what it needs when missing, without asking: python3 with venv and Node.js (apt-get, as
# root or through sudo), and pytest from PyPI into .build/examples-venv (nothing goes into the
# system's Python; no npm package is used).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
scripts/apt-install.sh "for the Python and JavaScript examples" ${missing[@]+"${missing[@]}"}

venv=.build/examples-venv
if ! "$venv/bin/python" -c 'import pytest' >/dev/null 2>&1; then
    echo "Installing pytest into $venv (for Examples/python)..."
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check pytest
fi

export GWS_EMULATOR_BINARY="${GWS_EMULATOR_BINARY:-$PWD/.build/debug/gws-emulator}"
"$venv/bin/python" -m pytest -q -p no:cacheprovider Examples/python
node --test Examples/javascript/
