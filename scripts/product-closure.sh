#!/usr/bin/env bash
# What a product drags into a user's build: the modules a product's targets reach through their
# dependencies (from `swift package describe --type json`), checked against the modules a product
# must never reach (`make test` runs it). GWSChatClient, the typed client of the GWS API, carries
# its own vocabulary: a user of it gets no ChatCore (and with it ChatHost and journals) and no
# HTTP server.
#   scripts/product-closure.sh           # checks; prints each checked product's modules
set -euo pipefail
cd "$(dirname "$0")/.."

# product: the modules it must not reach, space-separated.
rules=(
    "GWSChatClient: ChatCore HTTPServer"
)

command -v python3 >/dev/null 2>&1 || scripts/apt-install.sh "the product closure check reads the package's description with python3" python3

description=$(mktemp)
trap 'rm -f "$description"' EXIT
swift package describe --type json > "$description"

python3 - "$description" "${rules[@]}" <<'PY'
import json, sys

package = json.load(open(sys.argv[1]))
targets = {target["name"]: target for target in package["targets"]}
products = {product["name"]: product for product in package["products"]}

def closure(names):
    seen, stack = set(), list(names)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        target = targets.get(name, {})
        stack.extend(target.get("target_dependencies", []))
        stack.extend(target.get("product_dependencies", []))
    return seen

failed = False
for rule in sys.argv[2:]:
    product, forbidden = rule.split(":", 1)
    if product not in products:
        print(f"scripts/product-closure.sh: no product {product} in Package.swift (fix the rule)", file=sys.stderr)
        failed = True
        continue
    reached = closure(products[product]["targets"])
    found = sorted(set(forbidden.split()) & reached)
    print(f"product {product}: {' '.join(sorted(reached))}")
    if found:
        print(f"scripts/product-closure.sh: product {product} reaches {', '.join(found)}, which it must not "
              f"(a user of {product} would build them): see the rules at the top of the script", file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
PY
