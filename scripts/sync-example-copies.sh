#!/usr/bin/env bash
# `make format` (after swift-format): every block that README.md, docs/ or a DocC catalog marks
# `<!-- Examples/Tests/ExamplesTests/NAME.swift -->` becomes the file's text again, so a formatted
# or edited example never leaves a stale copy behind. ReadmeTests checks that the copies match.
set -euo pipefail
cd "$(dirname "$0")/.."

find README.md docs Sources -name '*.md' -not -path '*/.build*' -print0 | while IFS= read -r -d '' doc; do
    grep -q '^<!-- Examples/Tests/ExamplesTests/.*\.swift -->$' "$doc" || continue
    awk '
        match($0, /^<!-- Examples\/Tests\/ExamplesTests\/.*\.swift -->$/) {
            print
            file = substr($0, 6, length($0) - 9)
            if ((getline fence) <= 0) { print "sync-example-copies: " FILENAME ": no block after " file > "/dev/stderr"; exit 2 }
            print fence
            if (fence !~ /^```/) { print "sync-example-copies: " FILENAME ": no block after " file > "/dev/stderr"; exit 2 }
            while ((getline line < file) > 0) print line
            close(file)
            while ((getline line) > 0) if (line ~ /^```$/) break
            print line
            next
        }
        { print }' "$doc" > "$doc.sync"
    if cmp -s "$doc" "$doc.sync"; then rm "$doc.sync"; else mv "$doc.sync" "$doc"; echo "synced $doc"; fi
done
