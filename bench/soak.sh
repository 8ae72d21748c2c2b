#!/usr/bin/env bash
# Soak: 10,000 chats, then messages flowing for SECONDS (default 300) on the release build,
# loopback only; RSS and open descriptors of the server sampled every 30 s. Fails on any error.
#   bench/soak.sh
#   CHATS=2000 SECONDS_TOTAL=60 bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/load.py soak --chats "${CHATS:-10000}" --seconds "${SECONDS_TOTAL:-300}" --rate "${RATE:-300}" \
    --sample-every "${SAMPLE_EVERY:-30}"
