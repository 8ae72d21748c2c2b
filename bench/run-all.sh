#!/usr/bin/env bash
# Runs every benchmark (release builds; not part of `make test`). Each script prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in bench/http.sh bench/http-nginx.sh bench/http-instructions.sh bench/rules.sh bench/convo.sh bench/restart.sh bench/external-bots.sh; do
    if [ -x "$script" ]; then
        echo "#### $script"
        "$script"
    else
        echo "#### $script is missing" >&2
        exit 1
    fi
done
