# Shared by the HTTP benchmark scripts (bench/http*.sh): build, start servers, make chats.
# Source it after `set -euo pipefail`; it sets up a work folder and cleans it on exit.
# shellcheck shell=bash

cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d)
server_pids=()
cleanup() {
    for pid in "${server_pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT

# Installs Debian packages the script needs when their command is missing (as root, or with sudo).
need() {  # command package
    command -v "$1" >/dev/null && return 0
    echo "== installing $2 (for $1)"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get install -y "$2" >/dev/null || { echo "cannot install $2; install it and rerun" >&2; exit 2; }
}

source bench/release.sh
build_release() { release_binary; }

# Starts `gws-emulator serve` on a free port with instant agent and no system messages, journal
# on; sets `base` to its URL and `server_pid`. Extra arguments go to serve; PREFIX (e.g. a
# valgrind command line) runs in front of it.
start_emulator() {  # name [serve args...]
    local name=$1
    shift
    mkdir -p "$work/$name"
    # shellcheck disable=SC2086
    ${PREFIX:-} "$binary" serve --port 0 --data "$work/$name/data" --agent-join-delay 0 --reply-delay 0 --system-interval 0 "$@" \
        >"$work/$name/stdout" 2>"$work/$name/stderr" &
    server_pid=$!
    server_pids+=("$server_pid")
    base=""
    for _ in $(seq 1 1200); do
        base=$(sed -n 's/^listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/$name/stdout" | head -n 1)
        [[ -n "$base" ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || { echo "server $name exited:" >&2; cat "$work/$name/stderr" >&2; exit 1; }
        sleep 0.1
    done
    echo "server $name did not print 'listening on' within 120 s" >&2
    exit 1
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

new_chat() {  # prints the id
    curl -sf -X POST "$base/api/v2/chats" -H 'Content-Type: application/json' \
        -d '{"operationName":"RequestChat","nickname":"Bench","subject":"Throughput"}' |
        sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}

send_message_body='{"operationName":"SendMessage","text":"Benchmark message."}'

# Sends COUNT SendMessages to a chat over one keep-alive connection (curl -K, one `next` each).
send_messages() {  # chat-id count
    local config="$work/send-$1.curl"
    printf '%s' "$send_message_body" >"$work/send.json"
    for number in $(seq 1 "$2"); do
        (( number > 1 )) && echo next
        printf 'url = "%s"\nheader = "Content-Type: application/json"\ndata-binary = "@%s"\noutput = /dev/null\n' \
            "$base/api/v2/chats/$1" "$work/send.json"
    done >"$config"
    curl -sf -K "$config"
}

# Sends COUNT GETs of a URL over one keep-alive connection, with HOST as the Host header if given.
get_repeatedly() {  # url count [host]
    local config="$work/get.curl"
    for number in $(seq 1 "$2"); do
        (( number > 1 )) && echo next
        printf 'url = "%s"\noutput = /dev/null\n' "$1"
        if [[ -n "${3:-}" ]]; then printf 'header = "Host: %s"\n' "$3"; fi
    done >"$config"
    curl -sf -K "$config"
}

# The index of the chat's last message.
last_index() {  # chat-id
    curl -sf "$base/api/v2/chats/$1/messages?index=0" | grep -o '"index":[0-9]*' | tail -n 1 | cut -d: -f2
}

cat >"$work/send.lua" <<LUA
wrk.method = "POST"
wrk.body = '$send_message_body'
wrk.headers["Content-Type"] = "application/json"
LUA

# Writes an nginx configuration serving $work/static on $nginx_port: one worker, access log on,
# keep-alive like ours (no cap on requests per connection), files as application/json.
write_nginx_config() {  # port
    nginx_port=$1
    mkdir -p "$work/nginx/logs" "$work/nginx/tmp" "$work/static"
    # nginx's worker drops root for `nobody`, which must be able to read the files.
    chmod a+x "$work"
    chmod -R a+rX "$work/static"
    cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    access_log $work/nginx/logs/access.log;
    default_type application/json;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/static;
    }
}
NGINX
}

wait_for_port() {  # url
    for _ in $(seq 1 1200); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "nothing answers at $1 within 120 s" >&2
    cat "$work"/nginx/logs/*.log "$work"/nginx/logs/stderr 2>/dev/null | tail -n 5 >&2
    exit 1
}

# Fills the static folder with what our server answers: a GetChat of a chat with one exchange, and
# a GetTranscript of exactly TRANSCRIPT_MESSAGES messages. Sets chat_id, transcript_id, transcript_index.
prepare_chats() {
    local transcript_messages=${TRANSCRIPT_MESSAGES:-1000}
    chat_id=$(new_chat)
    send_messages "$chat_id" 1
    transcript_id=$(new_chat)
    # Each SendMessage adds the customer's message and the bot's answer.
    send_messages "$transcript_id" $(( (transcript_messages + 1) / 2 ))
    sleep 1  # the bot answers on a timer thread; let the last answer land
    local last
    last=$(last_index "$transcript_id")
    transcript_index=$(( last - transcript_messages + 1 ))
    mkdir -p "$work/static"
    curl -sf "$base/api/v2/chats/$chat_id" >"$work/static/chat.json"
    curl -sf "$base/api/v2/chats/$transcript_id/messages?index=$transcript_index" >"$work/static/transcript.json"
    local count
    count=$(grep -o '"index":' "$work/static/transcript.json" | wc -l)
    [[ $count -eq $transcript_messages ]] || { echo "transcript has $count messages, not $transcript_messages" >&2; exit 1; }
}

# Instructions a server under callgrind ran while `command...` ran, divided by REQUESTS, into
# `figure` (bench/http-instructions.sh, bench/gms-instructions.sh). KEEP=DIR keeps each dump.
counter=0
measure() {  # pid command...
    local pid=$1
    shift
    callgrind_control --zero "$pid" >/dev/null 2>&1
    "$@"
    counter=$((counter + 1))
    callgrind_control --dump="figure$counter" "$pid" >/dev/null 2>&1
    local file
    file=$(grep -l "^desc: Trigger: dump figure$counter\$" "$work"/callgrind.out.* | head -n 1)
    if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$file" "$KEEP/figure$counter-$(basename "$2" | tr -c 'a-z0-9\n' _).callgrind"; fi
    figure=$(awk -v n="$REQUESTS" '/^totals:/ { printf "%d", $2 / n; exit }' "$file")
}
