#!/usr/bin/env bash
# `make docs` and the documentation check of `make test`: the DocC catalog of every product that
# has one (Sources/TARGET/TARGET.docc), built with swift-docc-plugin, warnings as errors: a broken
# symbol link (``Name``) or article link (<doc:Name>) fails. DocC's check of `- Parameters:` lists
# against the signatures is off: seven people write doc comments at once here, and a list that
# leaves out a self-evident parameter is not worth a failed landing; links are.
# The archives go to .build/plugins/Swift-DocC/outputs/TARGET.doccarchive.
#   scripts/docs.sh          # build them, print the plugin's output
#   scripts/docs.sh check    # the same, quiet unless something fails (make test)
set -euo pipefail
cd "$(dirname "$0")/.."

options=(--warnings-as-errors --disable-parameters-and-returns-validation)
targets=()
for catalog in Sources/*/*.docc; do
    targets+=(--target "$(basename "$(dirname "$catalog")")")
done

if [ "${1:-}" = check ]; then
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    if ! swift package generate-documentation "${targets[@]}" "${options[@]}" > "$log" 2>&1; then
        grep -v '^\(Extracting\|Finished\|Building\|Converting\|Generated\|Generating\)' "$log" >&2
        echo "scripts/docs.sh: the DocC catalogs do not build without warnings (make docs shows all)" >&2
        exit 1
    fi
    echo "docs: $(( ${#targets[@]} / 2 )) DocC catalogs built without warnings"
else
    swift package generate-documentation "${targets[@]}" "${options[@]}"
fi
