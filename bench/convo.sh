#!/usr/bin/env bash
# Benchmark of the conversation-test runner: a generated suite of 1,000 customer turns against
# last-character and 1,000 against the support rules bot, run offline on the virtual clock.
# Target: each suite under 1 s wall time (release build). Needs hyperfine.
#
#   bench/convo.sh            # builds release, generates the suites, runs hyperfine
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/release.sh
release_binary
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tests=50 turns=20   # 50 tests x 20 turns = 1,000 customer turns per bot

# last-character: the answer depends on the last character.
mkdir -p "$work/last-character"
{
  echo "bot last-character"
  for t in $(seq 1 $tests); do
    echo "test generated $t"
    for n in $(seq 1 $turns); do
      case $((n % 4)) in
        0) echo "  customer says turn $n!";  echo "  agent says Neat." ;;
        1) echo "  customer says turn $n?";  echo "  agent says Good question..." ;;
        2) echo "  customer says turn $n.";  echo "  agent says Ok." ;;
        3) echo "  customer says turn $n";   echo "  agent says turn $n to you too!" ;;
      esac
    done
  done
} > "$work/last-character/generated.convo"

# support.rules: questions with one deterministic answer each, after the greeting.
mkdir -p "$work/support"
cp Bots/support.rules "$work/support/support.rules"
{
  echo "bot support"
  echo "nickname Chris"
  for t in $(seq 1 $tests); do
    echo "test generated $t"
    echo "  agent replies"
    for n in $(seq 1 $turns); do
      if (( n % 2 )); then
        echo "  customer says What are your opening hours?"; echo "  agent contains Monday to Friday"
      else
        echo "  customer says How much is shipping?"; echo "  agent says Shipping is free from 50 EUR; below that it costs 4.95 EUR within the EU."
      fi
    done
  done
} > "$work/support/generated.convo"

# Sanity: both suites pass.
"$binary" test "$work/last-character" | tail -1
"$binary" test "$work/support" | tail -1

hyperfine --warmup 2 --runs 20 \
  --command-name "1,000 turns vs last-character" "$binary test $work/last-character" \
  --command-name "1,000 turns vs support.rules" "$binary test $work/support" \
  --command-name "1,000 turns vs last-character, one job" "$binary test --jobs 1 $work/last-character" \
  --command-name "1,000 turns vs support.rules, one job" "$binary test --jobs 1 $work/support"
