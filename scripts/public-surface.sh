#!/usr/bin/env bash
# The public surface, counted: per module of Sources/, the declaration lines that are `public` or
# `open` (attributes such as `@discardableResult` before them allowed; `public import` lines not
# counted), and the total; then the
# products of Package.swift. A rough count (one line, one declaration), the same one every session
# uses, so the figures compare:
#   scripts/public-surface.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='^\s*(@[A-Za-z_]+(\([^)]*\))?\s+)*(public|open)\s'
total=0
for dir in Sources/*/; do
    module=$(basename "$dir")
    count=$( (grep -rEh "$pattern" "$dir" --include='*.swift' || true) | (grep -vE '^\s*public import ' || true) | wc -l)
    [ "$count" -eq 0 ] && continue
    printf '%-20s %5d\n' "$module" "$count"
    total=$((total + count))
done
printf '%-20s %5d\n' total "$total"
echo "products: $(grep -oE '\.(library|executable)\(name: "[^"]+"' Package.swift | sed -E 's/.*"(.*)"/\1/' | tr '\n' ' ')"
