#!/usr/bin/env bash
# User-space instructions per request, counted by `valgrind --tool=callgrind` (the counts repeat
# almost exactly on a busy machine, unlike req/s), for nginx serving our answers as static files
# and for us: GetChat, SendMessage (journal on, default logging) and GetTranscript of 999 messages.
# Each server runs under callgrind; counters are zeroed after a warm-up, REQUESTS requests go over
# one keep-alive connection (curl), and the dump's total divided by REQUESTS is the figure. Every
# thread of the server counts (loops, acceptor, log writer, timers). Not part of `make test`.
# Installs valgrind, nginx-light and curl when missing.
#
#   bench/http-instructions.sh              # 500 requests per figure
#   REQUESTS=200 bench/http-instructions.sh
#   KEEP=/tmp/profiles bench/http-instructions.sh   # keeps the dumps for callgrind_annotate
set -euo pipefail
source "$(dirname "$0")/http-lib.sh"

REQUESTS=${REQUESTS:-500}
WARMUP=${WARMUP:-50}

need valgrind valgrind
need callgrind_control valgrind
need curl curl
need nginx nginx-light
need python3 python3
build_release

PREFIX="valgrind --tool=callgrind --callgrind-out-file=$work/callgrind.out.%p"
TRANSCRIPT_MESSAGES=999
start_emulator ours
ours_pid=$server_pid  # valgrind runs the program in its own process
prepare_chats
fresh=$(new_chat)

echo "== ours under callgrind at $base (pid $ours_pid); $REQUESTS requests per figure after $WARMUP"
get_repeatedly "$base/api/v2/chats/$chat_id" "$WARMUP"
measure "$ours_pid" get_repeatedly "$base/api/v2/chats/$chat_id" "$REQUESTS"
ours_getchat=$figure
send_messages "$fresh" "$WARMUP"
measure "$ours_pid" send_messages "$fresh" "$REQUESTS"
ours_send=$figure
transcript_url="$base/api/v2/chats/$transcript_id/messages?index=$transcript_index"
get_repeatedly "$transcript_url" 5
measure "$ours_pid" get_repeatedly "$transcript_url" "$REQUESTS"
ours_transcript=$figure
transcript_bytes=$(wc -c <"$work/static/transcript.json")

write_nginx_config "$(free_port)"
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out.%p" \
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off; master_process off;' 2>"$work/nginx/logs/stderr" &
nginx_pid=$!
server_pids+=("$nginx_pid")
nginx_base="http://127.0.0.1:$nginx_port"
wait_for_port "$nginx_base/chat.json"
echo "== nginx $(nginx -v 2>&1 | sed 's/.*\///') under callgrind at $nginx_base (one process, no master)"
get_repeatedly "$nginx_base/chat.json" "$WARMUP"
measure "$nginx_pid" get_repeatedly "$nginx_base/chat.json" "$REQUESTS"
nginx_getchat=$figure
get_repeatedly "$nginx_base/transcript.json" 5
measure "$nginx_pid" get_repeatedly "$nginx_base/transcript.json" "$REQUESTS"
nginx_transcript=$figure

times() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
echo "== instructions per request (callgrind, user space)"
printf '%-34s %12s %12s %8s\n' "" "nginx" "ours" "ratio"
printf '%-34s %12d %12d %8s   (target <= 2x)\n' "GetChat" "$nginx_getchat" "$ours_getchat" "$(times "$ours_getchat" "$nginx_getchat")"
printf '%-34s %12d %12d %8s   (target <= 6x)\n' "SendMessage (journal, info log)" "$nginx_getchat" "$ours_send" "$(times "$ours_send" "$nginx_getchat")"
printf '%-34s %12d %12d %8s\n' "GetTranscript 999 ($transcript_bytes B)" "$nginx_transcript" "$ours_transcript" "$(times "$ours_transcript" "$nginx_transcript")"
awk -v i="$ours_transcript" -v b="$transcript_bytes" 'BEGIN { printf "ours per GetTranscript output byte: %.1f\n", i / b }'
echo "(SendMessage is compared with nginx's GetChat, as the issue's targets are.)"
