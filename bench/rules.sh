#!/bin/sh
# The rule engine's benchmark: median and p99 time to answer one message, and load time, for
# generated bots of 10, 100, 1,000 and 10,000 rules (pattern rules, then keyword rules).
# Usage: bench/rules.sh [RULE_COUNT...]        (release build; not part of `make test`)
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product RuleBench >&2
mkdir -p bench/results
.build/release/RuleBench "$@" | tee bench/results/rules.txt
