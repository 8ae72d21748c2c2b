#!/usr/bin/env bash
# Benchmarks the HTTP front: GetChat, GetTranscript (with index) and SendMessage with wrk at
# 32 connections, then SendMessage on a fresh chat against a chat of 100,000 messages.
# Not part of `make test`. Needs wrk (Debian package `wrk`) and curl.
#
#   bench/http.sh                 # defaults below
#   DURATION=5s PREFILL=20000 bench/http.sh
#
# Targets on the 2-core reference machine: GetChat >= 30,000 req/s, SendMessage >= 15,000 req/s
# with the journal on, SendMessage at message 100,000 within 10% of a fresh chat.
set -euo pipefail

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PREFILL=${PREFILL:-100000}
EXTRA_SERVE_ARGS=${EXTRA_SERVE_ARGS:-}

cd "$(dirname "$0")/.."
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench/http.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

source bench/release.sh
release_binary

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# shellcheck disable=SC2086
"$binary" serve --port 0 --data "$work/data" --agent-join-delay 0 --reply-delay 0 --system-interval 0 $EXTRA_SERVE_ARGS \
    >"$work/stdout" 2>"$work/stderr" &
server_pid=$!

base=""
for _ in $(seq 1 300); do
    base=$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/stdout" | head -n 1)
    [[ -n "$base" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited:" >&2; cat "$work/stderr" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$base" ]] || { echo "server did not print 'listening on' within 30 s" >&2; exit 1; }
echo "== server at $base (data in $work/data)"

new_chat() {
    curl -sf -X POST "$base/api/v2/chats" -H 'Content-Type: application/json' \
        -d '{"operationName":"RequestChat","nickname":"Bench","subject":"Throughput"}' |
        sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}

cat >"$work/send.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"operationName":"SendMessage","text":"Benchmark message."}'
wrk.headers["Content-Type"] = "application/json"
LUA

results=()
run() {  # name, url, [lua script]
    local name=$1 url=$2 script=${3:-}
    local output
    if [[ -n "$script" ]]; then
        output=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url")
    else
        output=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
    fi
    local rate p99 errors
    rate=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$output" | tr '\n' ' ' || true)
    printf '%-34s %12s req/s   p99 %8s   %s\n' "$name" "$rate" "$p99" "$errors"
    results+=("$name=$rate")
    last_rate=$rate
}

read_chat=$(new_chat)
curl -sf -X POST "$base/api/v2/chats/$read_chat" -d '{"operationName":"SendMessage","text":"Hello?"}' >/dev/null
fresh_chat=$(new_chat)
big_chat=$(new_chat)

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
run "GetChat" "$base/api/v2/chats/$read_chat"
run "GetTranscript (index=0, 5 messages)" "$base/api/v2/chats/$read_chat/messages?index=0"
run "SendMessage (fresh chat)" "$base/api/v2/chats/$fresh_chat" "$work/send.lua"
fresh_rate=$last_rate

echo "== pre-filling one chat to ~$PREFILL messages"
# wrk runs for a duration, so run it for the time the fresh rate predicts, then ask the emulator
# how many messages the chat holds, and repeat. Under 32 connections the bot answers more slowly
# than the customer's messages arrive (one answer at a time per chat, as an agent reads), so its
# answers lag behind: count what the chat holds, not what was sent.
message_count() {
    curl -sf "$base/emulator/chats/$big_chat" | grep -o '"messageCount":[0-9]*' | head -n 1 | cut -d: -f2
}
total=$(message_count)
while (( total < PREFILL )); do
    seconds=$(awk -v left=$((PREFILL - total)) -v rate="$fresh_rate" 'BEGIN { s = left / rate; printf "%d", (s < 1 ? 1 : s) }')
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" -s "$work/send.lua" "$base/api/v2/chats/$big_chat" >/dev/null
    total=$(message_count)
done
echo "   the chat has $total messages"
run "SendMessage (chat at ~$total msgs)" "$base/api/v2/chats/$big_chat" "$work/send.lua"
big_rate=$last_rate

awk -v fresh="$fresh_rate" -v big="$big_rate" 'BEGIN {
    printf "SendMessage rate at %s messages / fresh chat: %.1f%%\n", "'"$total"'", (big / fresh) * 100
}'
echo "== journal size: $(du -sh "$work/data/chats" | cut -f1)"
