#!/usr/bin/env bash
# make fuzz: builds the libFuzzer binary (.build-fuzz, -sanitize=fuzzer,address) and runs every
# target for FUZZ_SECONDS from its committed seeds in fuzz/corpus/TARGET/.
#
#   FUZZ_SECONDS=120 (default) seconds per target
#   FUZZ_TARGETS="http-request rules" to run some targets only
#
# New coverage lands in .build-fuzz/corpus/TARGET/ (not committed). A crash, a hang (an input
# over 10 s), a leak or a broken property stops that target; its input is saved under
# .build-fuzz/artifacts/TARGET/ and the script exits 1 after the other targets ran. Copy the input
# into fuzz/regressions/TARGET/, where `make test` (FuzzRegressionTests) replays it, and fix the bug.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-120}
TARGETS=${FUZZ_TARGETS:-"http-request api-body rules convo replay journal customer-memory gws-answer multipart gms-body"}
SCRATCH=.build-fuzz

GWS_FUZZ=1 swift build --scratch-path "$SCRATCH" --product gws-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
    | grep -v "Cannot export local symbol" || true
BINARY="$SCRATCH/debug/gws-fuzz"
[ -x "$BINARY" ] || { echo "fuzz: the build failed (see above)" >&2; exit 1; }

failed=()
for target in $TARGETS; do
    seeds="fuzz/corpus/$target"
    [ -d "$seeds" ] || { echo "fuzz: no seed folder $seeds" >&2; exit 1; }
    corpus="$SCRATCH/corpus/$target"
    artifacts="$SCRATCH/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    log="$SCRATCH/$target.log"
    echo "fuzz: $target for ${SECONDS_PER_TARGET}s (log $log)"
    # -timeout: an input taking over 10 s is a hang; -rss_limit_mb: memory amplification is a finding.
    if GWS_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp "$BINARY" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "$seeds" >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        echo "fuzz: $target clean: ${runs:-?} inputs in ${SECONDS_PER_TARGET}s, $cov, corpus $(ls "$corpus" | wc -l) files"
    else
        echo "fuzz: $target FOUND A PROBLEM:" >&2
        grep -E "ERROR|SUMMARY|Fatal error|Test unit written" "$log" | head -8 >&2
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: findings in: ${failed[*]}; inputs under $SCRATCH/artifacts/. Copy each into fuzz/regressions/TARGET/." >&2
    exit 1
fi
