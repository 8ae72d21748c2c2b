#!/usr/bin/env bash
# GMS `refresh` polling beside GWS GetTranscript on the same chat, with wrk: the rate a widget's
# poll costs on each front. Two cases each: a poll with nothing new (the common one: the position
# or index just past the last message) and a read of the whole transcript (5 messages).
# Not part of `make test`. Needs wrk (Debian package `wrk`) and curl. Release build as bench/release.sh
# says (SCRATCH, GWS_EMULATOR_BINARY); the server as bench/http-lib.sh starts it.
#
#   bench/gms.sh                  # defaults below
#   DURATION=5s ROUNDS=7 bench/gms.sh
#
# Target (issue 15): GMS refresh within 20% of GWS GetTranscript's rate.
set -euo pipefail

source "$(dirname "$0")/http-lib.sh"

DURATION=${DURATION:-3s}
ROUNDS=${ROUNDS:-5}
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

# The two fronts alternate in short runs, ROUNDS times, the order swapped every round, so that a
# load that comes and goes on a shared machine falls on both alike; the figure is the median of
# the rounds' ratios (each round's runs are seconds apart).
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f%%", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
percent() { awk -v gms="$1" -v gws="$2" 'BEGIN { printf "%.1f", gms / gws * 100 }'; }
end_ratios=""
all_ratios=""
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
    echo "-- round $round (load average $(cut -d' ' -f1 /proc/loadavg))"
    for pair in end all; do
        if [[ $pair == end ]]; then
            gws_name="GWS GetTranscript ?index=$next (nothing new)"; gws_url="$base/api/v2/chats/$chat/messages?index=$next"
            gms_name="GMS refresh transcriptPosition=$next"; gms_script="$work/refresh-end.lua"
        else
            gws_name="GWS GetTranscript ?index=0 ($count messages)"; gws_url="$base/api/v2/chats/$chat/messages?index=0"
            gms_name="GMS refresh transcriptPosition=1"; gms_script="$work/refresh-all.lua"
        fi
        if (( round % 2 )); then
            run "$gws_name" "$gws_url"; gws=$last_rate
            run "$gms_name" "$base/genesys/2/chat/bench/$chat/refresh" "$gms_script"; gms=$last_rate
        else
            run "$gms_name" "$base/genesys/2/chat/bench/$chat/refresh" "$gms_script"; gms=$last_rate
            run "$gws_name" "$gws_url"; gws=$last_rate
        fi
        if [[ $pair == end ]]; then end_ratios+=" $(percent "$gms" "$gws")"; else all_ratios+=" $(percent "$gms" "$gws")"; fi
    done
done
echo "GMS / GWS per round, nothing new:$end_ratios; whole transcript:$all_ratios"
echo "GMS / GWS (median of $ROUNDS rounds), nothing new: $(median <<<"$end_ratios"); whole transcript: $(median <<<"$all_ratios")"
