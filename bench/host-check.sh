#!/usr/bin/env bash
# What the Host check (421 for a host the server does not answer to, against DNS rebinding;
# ChatHTTPAPI/Access/AccessPolicy.swift) costs a request. GetChat on two servers, one with the
# check (`--allowed-host dev-box`) and one without (`--allowed-host '*'` turns it off):
#  1. user-space instructions per request under callgrind (repeatable on a busy machine), with
#     Host 127.0.0.1:PORT (what clients send: the fast path), Host dev-box:PORT (a name that is
#     parsed and looked up) and Host [::1]:PORT (an address read with inet_pton), against the
#     server without the check;
#  2. req/s with wrk in one run beside nginx serving the same answer as a static file (ratio to
#     nginx), with the check, with a named Host and without the check.
# Not part of `make test`. Installs valgrind, nginx-light, wrk and curl when missing.
#
#   SCRATCH=.build-NAME bench/host-check.sh          # 500 requests per callgrind figure, wrk 10 s
#   REQUESTS=200 DURATION=5s bench/host-check.sh
set -euo pipefail
source "$(dirname "$0")/http-lib.sh"

REQUESTS=${REQUESTS:-500}
WARMUP=${WARMUP:-50}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}

need valgrind valgrind
need callgrind_control valgrind
need curl curl
need wrk wrk
need nginx nginx-light
need python3 python3
build_release
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M) UTC"

# Instructions per request of `pid` while GETting REQUESTS times URL with Host HOST, into
# `figure` (not printed: a command substitution's subshell would lose the dump counter).
counter=0
per_request() {  # pid url [host]
    local pid=$1
    get_repeatedly "$2" "$WARMUP" "${3:-}"
    callgrind_control --zero "$pid" >/dev/null 2>&1
    get_repeatedly "$2" "$REQUESTS" "${3:-}"
    counter=$((counter + 1))
    callgrind_control --dump="figure$counter" "$pid" >/dev/null 2>&1
    local file
    file=$(grep -l "^desc: Trigger: dump figure$counter\$" "$work"/callgrind.out.* | head -n 1)
    figure=$(awk -v n="$REQUESTS" '/^totals:/ { printf "%d", $2 / n; exit }' "$file")
}

PREFIX="valgrind --tool=callgrind --callgrind-out-file=$work/callgrind.out.%p"
start_emulator checked --allowed-host dev-box --log-level warning
checked_pid=$server_pid checked=$base
chat=$(new_chat)
start_emulator unchecked --allowed-host '*' --log-level warning
unchecked_pid=$server_pid unchecked=$base
unchecked_chat=$(new_chat)
port_of() { sed 's/.*://' <<<"$1"; }

echo "== instructions per GetChat (callgrind, user space, every thread; $REQUESTS requests after $WARMUP)"
per_request "$unchecked_pid" "$unchecked/api/v2/chats/$unchecked_chat"
off=$figure
per_request "$checked_pid" "$checked/api/v2/chats/$chat"
fast=$figure
per_request "$checked_pid" "$checked/api/v2/chats/$chat" "dev-box:$(port_of "$checked")"
named=$figure
per_request "$checked_pid" "$checked/api/v2/chats/$chat" "[::1]:$(port_of "$checked")"
v6=$figure
# The first server again, so that the two servers' difference is not the order of measuring.
per_request "$unchecked_pid" "$unchecked/api/v2/chats/$unchecked_chat"
off_again=$figure
row() { awk -v name="$1" -v i="$2" -v off="$off" 'BEGIN { printf "%-44s %9d  %+7d (%+.2f%%)\n", name, i, i - off, (i - off) * 100 / off }'; }
printf '%-44s %9d  (again at the end: %d)\n' "without the check (--allowed-host '*')" "$off" "$off_again"
row "with it, Host 127.0.0.1:PORT (fast path)" "$fast"
row "with it, Host dev-box:PORT (--allowed-host)" "$named"
row "with it, Host [::1]:PORT (inet_pton)" "$v6"
for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
server_pids=()

PREFIX=""
start_emulator wrk-checked --allowed-host dev-box --log-level warning
checked=$base
chat=$(new_chat)
mkdir -p "$work/static"
curl -sf "$checked/api/v2/chats/$chat" >"$work/static/chat.json"
start_emulator wrk-unchecked --allowed-host '*' --log-level warning
unchecked=$base
unchecked_chat=$(new_chat)
write_nginx_config "$(free_port)"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/logs/stderr" &
server_pids+=("$!")
nginx_base="http://127.0.0.1:$nginx_port"
wait_for_port "$nginx_base/chat.json"

declare -A rate
run() {  # key url [host]
    local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION")
    [[ -n "${3:-}" ]] && args+=(-H "Host: $3")
    rate[$1]=$(wrk "${args[@]}" "$2" | awk '/^Requests\/sec:/ {print $2}')
    printf '%-44s %10.0f req/s\n' "$1" "${rate[$1]}"
}
ratio() { awk -v a="${rate[$1]}" -v b="${rate[nginx]}" 'BEGIN { printf "%.2f", a / b }'; }
echo "== GetChat, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores shared by wrk and the servers"
run nginx "$nginx_base/chat.json"
run off "$unchecked/api/v2/chats/$unchecked_chat"
run fast "$checked/api/v2/chats/$chat"
run named "$checked/api/v2/chats/$chat" "dev-box:$(port_of "$checked")"
run nginx2 "$nginx_base/chat.json"
echo "== ratios to nginx (first run; second nginx run $(awk -v a="${rate[nginx2]}" -v b="${rate[nginx]}" 'BEGIN { printf "%.2f", a / b }') of the first)"
echo "without the check:            $(ratio off)"
echo "with it, Host 127.0.0.1:PORT: $(ratio fast)"
echo "with it, Host dev-box:PORT:   $(ratio named)"
