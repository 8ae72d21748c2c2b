#!/usr/bin/env bash
# Memory amplification against the release build: 60 sockets each pipeline three GetTranscript
# ?index=0 of a 20 MB transcript and never read, while one normal connection polls /health and
# GetChat. Reports the server's peak RSS and the latencies before, during and after; fails when an
# answer is over the 1 MiB bound, memory grows past twice the documented bound, or /health stalls.
# Twice: with the attackers' default socket buffers (the kernel takes most of the answers), and
# with a 4 KiB SO_RCVBUF (the answers stay queued in the server, where its bounds apply).
set -euo pipefail
cd "$(dirname "$0")/.."
for buffer in 0 4096; do
    python3 -B bench/load.py amplification --sockets "${SOCKETS:-60}" --transcript-mb "${TRANSCRIPT_MB:-20}" \
        --hold "${HOLD:-15}" --receive-buffer "$buffer"
done
