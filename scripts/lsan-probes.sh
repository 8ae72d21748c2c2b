#!/usr/bin/env bash
# Shows that every entry of scripts/lsan.supp is a leak of the toolchain or of Debian's libraries,
# not of this project: each program in scripts/lsan-probes/ uses only Foundation (a few lines, no
# code of ours), is built with AddressSanitizer, and must leak without the suppressions and be
# clean with them. `make test-asan` runs it after the suite. A probe that no longer leaks means
# the toolchain fixed that leak: the script says which entry to remove (and exits 1).
set -uo pipefail
cd "$(dirname "$0")/.."

SUPPRESSIONS=$PWD/scripts/lsan.supp
OUT=.build-asan/lsan-probes
mkdir -p "$OUT"
status=0
for source in scripts/lsan-probes/*.swift; do
    name=$(basename "$source" .swift)
    if ! swiftc -sanitize=address "$source" -o "$OUT/$name" 2>"$OUT/$name.build.log"; then
        grep -v "Cannot export local symbol" "$OUT/$name.build.log" >&2
        echo "lsan-probes: $name does not build" >&2
        status=1
        continue
    fi
    if ASAN_OPTIONS=detect_leaks=1 "$OUT/$name" >/dev/null 2>"$OUT/$name.unsuppressed.log"; then
        echo "lsan-probes: $name no longer leaks; remove its entry from scripts/lsan.supp" >&2
        status=1
        continue
    fi
    if ! ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$SUPPRESSIONS "$OUT/$name" >/dev/null 2>"$OUT/$name.log"; then
        cat "$OUT/$name.log" >&2
        echo "lsan-probes: $name leaks something scripts/lsan.supp does not cover (see above)" >&2
        status=1
        continue
    fi
    echo "lsan-probes: $name leaks $(grep -o 'SUMMARY: AddressSanitizer: [0-9]* byte(s) leaked in [0-9]* allocation(s)' "$OUT/$name.unsuppressed.log" | sed 's/SUMMARY: AddressSanitizer: //') without the suppressions, nothing with them"
done
exit $status
