#!/usr/bin/env bash
# The example bots of Examples/bots/ (Python and JavaScript, standard libraries only), each with
# its own language's test runner, then their conversation tests through the emulator (offline:
# the bots run as child processes). Installs python3 and nodejs when missing (part of `make test`).
#
#   scripts/example-bots-test.sh        # the binary of `swift build`: .build/debug/gws-emulator
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
scripts/apt-install.sh "for the example bots" ${missing[@]+"${missing[@]}"}

binary="${GWS_EMULATOR_BINARY:-$PWD/.build/debug/gws-emulator}"
python3 -m unittest discover -s Examples/bots -p 'test_*.py'
node --test Examples/bots/
"$binary" check --strict Examples/bots/
"$binary" test Examples/bots/
