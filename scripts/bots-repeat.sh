#!/usr/bin/env bash
# Runs `gws-emulator check --strict Bots/` and `gws-emulator test Bots/` N times in a row (default
# 100) with the default parallelism, stopping at the first failure, and prints how many runs
# passed: the figure for "the shipped bots' checks and tests are deterministic".
#   scripts/bots-repeat.sh [N] [BINARY]      # BINARY: .build/debug/gws-emulator by default
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
binary=${2:-.build/debug/gws-emulator}
[ -x "$binary" ] || { echo "bots-repeat: no $binary; run \`swift build --product gws-emulator\` first" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
for run in $(seq 1 "$runs"); do
    for step in "check --strict Bots/" "test Bots/"; do
        # shellcheck disable=SC2086 # $step is the subcommand and its arguments
        if ! "$binary" $step > "$log" 2>&1; then
            echo "bots-repeat: run $run: $step failed:"; cat "$log"
            echo "bots-repeat: $((run - 1)) of $runs runs passed"; exit 1
        fi
    done
done
echo "bots-repeat: $runs of $runs runs passed ($(tail -1 "$log")) in $(( $(date +%s) - start )) s"
