#!/usr/bin/env bash
# The server under `ulimit -n 256` with more clients than that: once with the default connection
# cap (1000, above the limit: accept() meets EMFILE) and once with --max-connections 200 (503s).
# The first 50 connections must keep being served, and fresh ones once the flood has gone.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 bench/load.py fdlimit --ulimit "${ULIMIT:-256}" --clients "${CLIENTS:-400}" --cap "${CAP:-200}"
