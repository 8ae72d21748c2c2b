#!/usr/bin/env bash
# GMS `refresh` polling beside GWS GetTranscript on the same chat, with wrk: the rate a widget's
# poll costs on each front. Two cases each: a poll with nothing new (the common one: the position
# or index just past the last message) and a read of the whole transcript (5 messages).
# Not part of `make test`. Needs wrk (Debian package `wrk`) and curl. Release build as bench/release.sh
# says (SCRATCH, GWS_EMULATOR_BINARY); the server as bench/http-lib.sh starts it.
#
#   bench/gms.sh                  # defaults below
#   DURATION=5s bench/gms.sh
#
# Target (issue 15): GMS refresh within 20% of GWS GetTranscript's rate.
set -euo pipefail

source "$(dirname "$0")/http-lib.sh"

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench/gms.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

build_release
start_emulator gms --bot last-character
echo "== server at $base"

# One chat started through GMS, with one exchange: 5 messages (Client, system and Agent joined,
# the customer's line, the agent's answer).
answer=$(curl -sf -X POST "$base/genesys/2/chat/bench" -d 'nickname=Bench&subject=Polling')
field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" <<<"$answer"; }
chat=$(field chatId); user=$(field userId); key=$(field secureKey); alias=$(field alias)
credentials="userId=$user&secureKey=$key&alias=$alias"
curl -sf -X POST "$base/genesys/2/chat/bench/$chat/send" -d "$credentials&message=Hello" >/dev/null
sleep 0.5
count=$(curl -sf "$base/api/v2/chats/$chat/messages?index=0" | grep -o '"index":' | wc -l)
next=$((count + 1))
echo "== chat $chat holds $count messages; next position $next"

cat >"$work/refresh-end.lua" <<LUA
wrk.method = "POST"
wrk.body = "$credentials&transcriptPosition=$next"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
cat >"$work/refresh-all.lua" <<LUA
wrk.method = "POST"
wrk.body = "$credentials&transcriptPosition=1"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

run() {  # name, url, [lua script]; prints the rate and sets last_rate
    local name=$1 url=$2 script=${3:-} output
    if [[ -n "$script" ]]; then
        output=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")
    else
        output=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
    fi
    last_rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    local p99 errors
    p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$output" | tr '\n' ' ' || true)
    printf '%-44s %12s req/s   p99 %8s   %s\n' "$name" "$last_rate" "$p99" "$errors"
}
ratio() { awk -v gms="$1" -v gws="$2" 'BEGIN { printf "%.1f%%", gms / gws * 100 }'; }

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
run "GWS GetTranscript ?index=$next (nothing new)" "$base/api/v2/chats/$chat/messages?index=$next"
gws_end=$last_rate
run "GMS refresh transcriptPosition=$next" "$base/genesys/2/chat/bench/$chat/refresh" "$work/refresh-end.lua"
gms_end=$last_rate
run "GWS GetTranscript ?index=0 ($count messages)" "$base/api/v2/chats/$chat/messages?index=0"
gws_all=$last_rate
run "GMS refresh transcriptPosition=1" "$base/genesys/2/chat/bench/$chat/refresh" "$work/refresh-all.lua"
gms_all=$last_rate
echo "GMS / GWS, nothing new: $(ratio "$gms_end" "$gws_end"); whole transcript: $(ratio "$gms_all" "$gws_all")"
