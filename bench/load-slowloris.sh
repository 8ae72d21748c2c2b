#!/usr/bin/env bash
# 500 slowloris connections (a header byte a second) against the release build: each must be cut at
# the 10 s header deadline while GetChat on a normal connection keeps its latency (before/during).
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 4096 2>/dev/null || true
exec python3 bench/load.py slowloris --connections "${CONNECTIONS:-500}"
