#!/usr/bin/env bash
# What a webhook bot and an exec bot add to each reply (median and p99, beside the same echo bot
# in process), and how many replies per second one exec bot serves; the bots are bench/echo_bot.py.
# Usage: bench/external-bots.sh [--replies N] [--chats N] [--seconds S]   (release build in
# .build-bots; not part of `make test`)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path .build-bots --product ExternalBotBench >&2
python3 bench/echo_bot.py webhook 0 > .build-bots/webhook.out &
webhook=$!
trap 'kill $webhook 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "listening on" .build-bots/webhook.out 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' .build-bots/webhook.out)
mkdir -p bench/results
.build-bots/release/ExternalBotBench --webhook "$url" --exec "python3 bench/echo_bot.py exec" "$@" | tee bench/results/external-bots.txt
