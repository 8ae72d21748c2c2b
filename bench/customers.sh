#!/usr/bin/env bash
# Benchmarks the start of a rules bot with a large customer memory file (issue 19 point 9): writes
# `customers/regulars.tsv` with CUSTOMERS customers (two variables each, after HISTORY changes of
# each, so the file starts HISTORY times larger than it needs to be), then starts the server RUNS
# times and measures the time from exec to the `listening on` line, against the same server with
# no customers. The first start compacts the file; the later ones read the compacted file. Not
# part of `make test`. Needs python3 (standard library).
#
#   bench/customers.sh
#   CUSTOMERS=20000 HISTORY=1 RUNS=3 bench/customers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "bench/customers.sh needs python3" >&2; exit 2; }

source bench/release.sh
release_binary
exec python3 bench/customers.py "$binary"
