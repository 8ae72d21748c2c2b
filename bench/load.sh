#!/usr/bin/env bash
# 1,000 keep-alive connections polling GetTranscript while 200 chats exchange messages, on the
# release build, loopback only, for SECONDS (default 60). Fails on any error response, broken or
# refused connection; prints p50/p99. Needs python3 (standard library only).
#   bench/load.sh                       # 1000 pollers, 200 chats, 60 s
#   SECONDS_TOTAL=20 POLLERS=300 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 4096 2>/dev/null || true   # 1,200 client sockets and as many server ones
exec python3 bench/load.py poll --pollers "${POLLERS:-1000}" --chats "${CHATS:-200}" --seconds "${SECONDS_TOTAL:-60}" \
    --poll-interval "${POLL_INTERVAL:-0.5}" --send-interval "${SEND_INTERVAL:-0.5}"
