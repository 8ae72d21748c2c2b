#!/usr/bin/env bash
# `make format` (scripts/format.sh format) and the check in `make test` (scripts/format.sh lint):
# swift-format with the repository's .swift-format over the Swift files of Sources/, Tests/ and
# Examples/, and every `import` line at the top of its file.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-lint}
files=()
while IFS= read -r file; do
    files+=("$file")
done < <(find Sources Tests Examples -name .build -prune -o -name '*.swift' -print | LC_ALL=C sort)

case "$mode" in
format)
    swift format format --in-place --parallel --configuration .swift-format "${files[@]}"
    ;;
lint)
    status=0
    swift format lint --strict --parallel --configuration .swift-format "${files[@]}" || status=1
    # An `import` after the first declaration (every file, pending ones included).
    late=$(find Sources Tests Examples Plugins -name .build -prune -o -name '*.swift' -print | LC_ALL=C sort | xargs awk '
        FNR == 1 { code = 0 }
        /^(@[A-Za-z_]+(\([^)]*\))? )*((public|package|internal|fileprivate|private) )?import / {
            if (code) printf "%s:%d: error: import after the first declaration: %s\n", FILENAME, FNR, $0
            next
        }
        /^[^\/ \t#]/ { code = 1 }')
    if [ -n "$late" ]; then
        echo "$late" >&2
        status=1
    fi
    if [ $status -ne 0 ]; then
        echo "scripts/format.sh: run \`make format\` (it fixes all but a late import, which you move to the top)" >&2
    fi
    exit $status
    ;;
*)
    echo "usage: scripts/format.sh [lint|format]" >&2
    exit 2
    ;;
esac
