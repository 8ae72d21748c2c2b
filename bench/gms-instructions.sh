#!/usr/bin/env bash
# User-space instructions per request of a GMS `refresh` poll beside a GWS GetTranscript of the
# same chat, counted by `valgrind --tool=callgrind` as bench/http-instructions.sh counts them (the
# counts repeat on a busy machine, unlike bench/gms.sh's req/s): one chat started through GMS with
# one exchange (5 messages), read at the next position (nothing new) and from the start. Every
# thread of the server counts. Not part of `make test`. Installs valgrind and curl when missing.
#
#   bench/gms-instructions.sh                  # 500 requests per figure
#   REQUESTS=200 bench/gms-instructions.sh
#   KEEP=/tmp/profiles bench/gms-instructions.sh   # keeps the dumps for callgrind_annotate
set -euo pipefail
source "$(dirname "$0")/http-lib.sh"

REQUESTS=${REQUESTS:-500}
WARMUP=${WARMUP:-50}

need valgrind valgrind
need callgrind_control valgrind
need curl curl
build_release

# POSTs COUNT form bodies to a URL over one keep-alive connection (curl -K, one `next` each).
post_repeatedly() {  # url body-file count
    local config="$work/post.curl"
    for number in $(seq 1 "$3"); do
        (( number > 1 )) && echo next
        printf 'url = "%s"\nheader = "Content-Type: application/x-www-form-urlencoded"\ndata-binary = "@%s"\noutput = /dev/null\n' "$1" "$2"
    done >"$config"
    curl -sf -K "$config"
}

PREFIX="valgrind --tool=callgrind --callgrind-out-file=$work/callgrind.out.%p"
start_emulator gms --bot last-character
server=$server_pid  # valgrind runs the program in its own process

answer=$(curl -sf -X POST "$base/genesys/2/chat/bench" -d 'nickname=Bench&subject=Polling')
field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" <<<"$answer"; }
chat=$(field chatId)
credentials="userId=$(field userId)&secureKey=$(field secureKey)&alias=$(field alias)"
curl -sf -X POST "$base/genesys/2/chat/bench/$chat/send" -d "$credentials&message=Hello" >/dev/null
sleep 2  # the bot answers on a timer thread (slowly under callgrind)
count=$(curl -sf "$base/api/v2/chats/$chat/messages?index=0" | grep -o '"index":' | wc -l)
next=$((count + 1))
printf '%s' "$credentials&transcriptPosition=$next" >"$work/refresh-end.form"
printf '%s' "$credentials&transcriptPosition=1" >"$work/refresh-all.form"
refresh="$base/genesys/2/chat/bench/$chat/refresh"
echo "== under callgrind at $base (pid $server); chat $chat holds $count messages; $REQUESTS requests per figure after $WARMUP"

get_repeatedly "$base/api/v2/chats/$chat/messages?index=$next" "$WARMUP"
measure "$server" get_repeatedly "$base/api/v2/chats/$chat/messages?index=$next" "$REQUESTS"
gws_end=$figure
post_repeatedly "$refresh" "$work/refresh-end.form" "$WARMUP"
measure "$server" post_repeatedly "$refresh" "$work/refresh-end.form" "$REQUESTS"
gms_end=$figure
get_repeatedly "$base/api/v2/chats/$chat/messages?index=0" "$WARMUP"
measure "$server" get_repeatedly "$base/api/v2/chats/$chat/messages?index=0" "$REQUESTS"
gws_all=$figure
post_repeatedly "$refresh" "$work/refresh-all.form" "$WARMUP"
measure "$server" post_repeatedly "$refresh" "$work/refresh-all.form" "$REQUESTS"
gms_all=$figure

times() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo "== instructions per request (callgrind, user space)"
printf '%-34s %12s %12s %8s\n' "" "GWS" "GMS" "GMS/GWS"
printf '%-34s %12d %12d %8s\n' "nothing new (position $next)" "$gws_end" "$gms_end" "$(times "$gms_end" "$gws_end")"
printf '%-34s %12d %12d %8s\n' "whole transcript ($count messages)" "$gws_all" "$gms_all" "$(times "$gms_all" "$gws_all")"
