#!/usr/bin/env bash
# The example bots of Examples/bots/ (Python and JavaScript, standard libraries only), each with
# its own language's test runner, then their conversation tests through the emulator (offline:
# the exec bots run as child processes; the webhook bot is started here on a free port). Installs
# python3 and nodejs when missing (part of `make test`).
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
# With the default parallelism: the tests sharing one exec bot process send their events at once.
"$binary" test Examples/bots/

# The 30-line webhook bot drives a conversation test: started on a free port, its address handed
# to Examples/webhook/echo.bot through the environment.
log=$(mktemp)
python3 Examples/bots/echo_webhook.py 0 > "$log" &
webhook=$!
trap 'kill $webhook 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
ECHO_WEBHOOK_URL=$(sed -n 's/^listening on //p' "$log")
export ECHO_WEBHOOK_URL
"$binary" check --strict Examples/webhook/
"$binary" test Examples/webhook/
