#!/usr/bin/env bash
# Crash durability on the release build: 20 rounds of load and kill -9 at a random moment on one
# data folder, every acknowledged message checked after each restart, then kill -9 during recovery;
# once with --fsync never and once with --fsync always. Loopback only; about 3 minutes.
#   bench/crash-loop.sh
#   ROUNDS=5 FSYNC=always bench/crash-loop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for fsync in ${FSYNC:-never always}; do
    python3 bench/crash_loop.py --rounds "${ROUNDS:-20}" --fsync "$fsync" || status=1
done
exit $status
