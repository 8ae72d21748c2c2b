#!/usr/bin/env bash
# Benchmarks a restart of the journal store: builds a data set through the API (default 10,000
# chats of 53 messages, as in issue 7), then restarts the server and measures the time until
# `listening on` and the resident memory before and after; then memory per open chat with 100,000
# open chats under `ulimit -n 1024`. Not part of `make test`. Needs python3 (standard library).
#
#   bench/restart.sh
#   CHATS=2000 MESSAGES=10 RUNS=3 OPEN_CHATS=20000 bench/restart.sh
#
# Targets: ready in under 2 s, with no more memory after the restart than before it.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "bench/restart.sh needs python3" >&2; exit 2; }

source bench/release.sh
release_binary
exec python3 bench/restart.py "$binary"
