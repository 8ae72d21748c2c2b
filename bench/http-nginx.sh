#!/usr/bin/env bash
# Our HTTP front beside nginx, in one run: the same GetChat JSON and the same 1,000-message
# GetTranscript, served by us and as static files by Debian's nginx-light (1 worker, access log
# on, loopback), both driven by wrk with the same settings; then our SendMessage (journal on) with
# the default logging and with --log-level warning. Prints req/s, the ratio to nginx, p50 and p99.
# Not part of `make test`. Installs nginx-light, wrk and curl when missing (apt-get).
#
#   bench/http-nginx.sh                    # wrk -t2 -c32 -d10s
#   DURATION=5s bench/http-nginx.sh
set -euo pipefail
source "$(dirname "$0")/http-lib.sh"

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}

need wrk wrk
need curl curl
need nginx nginx-light
need python3 python3
build_release

start_emulator ours
ours=$base
prepare_chats
echo "== ours at $ours; GetChat $(wc -c <"$work/static/chat.json") bytes, GetTranscript $(wc -c <"$work/static/transcript.json") bytes (1,000 messages)"

write_nginx_config "$(free_port)"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/logs/stderr" &
server_pids+=("$!")
nginx_base="http://127.0.0.1:$nginx_port"
wait_for_port "$nginx_base/chat.json"
echo "== nginx $(nginx -v 2>&1 | sed 's/.*\///') at $nginx_base"

# wrk's latency percentiles in microseconds.
to_micros() {
    awk -v t="$1" 'BEGIN {
        if (t ~ /us$/) { sub(/us$/, "", t); print t }
        else if (t ~ /ms$/) { sub(/ms$/, "", t); print t * 1000 }
        else if (t ~ /s$/) { sub(/s$/, "", t); print t * 1000000 }
        else print t }'
}

declare -A rate
run() {  # key url [lua]
    local key=$1 url=$2 script=${3:-}
    local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
    [[ -n "$script" ]] && args+=(-s "$script")
    local output
    output=$(wrk "${args[@]}" "$url")
    rate[$key]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    local p50 p99 errors
    p50=$(to_micros "$(awk '$1 == "50%" {print $2}' <<<"$output")")
    p99=$(to_micros "$(awk '$1 == "99%" {print $2}' <<<"$output")")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$output" | tr '\n' ' ' || true)
    printf '%-40s %10.0f req/s   p50 %8.0f us   p99 %8.0f us   %s\n' "$key" "${rate[$key]}" "$p50" "$p99" "$errors"
}
ratio() { awk -v a="${rate[$1]}" -v b="${rate[$2]}" 'BEGIN { printf "%.2f", a / b }'; }

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $(nproc) cores shared by wrk and the server"
run "nginx GetChat (static)" "$nginx_base/chat.json"
run "ours GetChat" "$ours/api/v2/chats/$chat_id"
run "nginx GetTranscript 1,000 (static)" "$nginx_base/transcript.json"
run "ours GetTranscript 1,000" "$ours/api/v2/chats/$transcript_id/messages?index=$transcript_index"
fresh=$(new_chat)
run "ours SendMessage (info logging)" "$ours/api/v2/chats/$fresh" "$work/send.lua"

start_emulator quiet --log-level warning
quiet_chat=$(new_chat)
run "ours SendMessage (--log-level warning)" "$base/api/v2/chats/$quiet_chat" "$work/send.lua"

echo "== ratios"
echo "GetChat ours/nginx:                          $(ratio 'ours GetChat' 'nginx GetChat (static)')   (target >= 1)"
echo "GetTranscript 1,000 ours/nginx:              $(ratio 'ours GetTranscript 1,000' 'nginx GetTranscript 1,000 (static)')   (target >= 0.5)"
echo "SendMessage info logging / warning logging:  $(ratio 'ours SendMessage (info logging)' 'ours SendMessage (--log-level warning)')   (target >= 0.9)"
echo "== our log folder after the run: $(du -sh "$work/ours/data/logs" | cut -f1)"
