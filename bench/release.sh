# The release gws-emulator the bench scripts run; sourced by bench/*.sh, `release_binary` sets
# `binary`. GWS_EMULATOR_BINARY=PATH runs a binary built elsewhere; SCRATCH=.build-NAME builds in
# a scratch path of one's own, so that on a shared machine other builds keep theirs.
# shellcheck shell=bash

release_binary() {
    binary=${GWS_EMULATOR_BINARY:-}
    if [[ -n "$binary" ]]; then return 0; fi
    local scratch=()
    if [[ -n "${SCRATCH:-}" ]]; then scratch=(--scratch-path "$SCRATCH"); fi
    echo "== building release (swift build -c release --product gws-emulator ${scratch[*]})"
    swift build -c release --product gws-emulator "${scratch[@]}" >/dev/null
    binary="$(swift build -c release "${scratch[@]}" --show-bin-path)/gws-emulator"
}
