#!/usr/bin/env python3
"""Restart benchmark of the journal store, driven by bench/restart.sh (see there).

Builds a data set through the HTTP API (CHATS chats, each with MESSAGES customer messages and the
bot's answers), measures the server's resident memory, stops it, then restarts it RUNS times and
measures the time from exec to the `listening on` line and the memory once ready. Then measures
the memory per open chat on a fresh server with OPEN_CHATS chats under `ulimit -n FD_LIMIT`.
"""
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BINARY = sys.argv[1]
CHATS = int(os.environ.get("CHATS", "10000"))
MESSAGES = int(os.environ.get("MESSAGES", "25"))
RUNS = int(os.environ.get("RUNS", "5"))
OPEN_CHATS = int(os.environ.get("OPEN_CHATS", "100000"))
FD_LIMIT = int(os.environ.get("FD_LIMIT", "1024"))
THREADS = int(os.environ.get("THREADS", "4"))
SERVE = ["serve", "--port", "0", "--agent-join-delay", "0", "--reply-delay", "0",
         "--system-interval", "0", "--log-level", "warning"]


def start(data, fd_limit=None):
    command = [BINARY] + SERVE + ["--data", data]
    if fd_limit:
        command = ["/bin/sh", "-c", f"ulimit -n {fd_limit} && exec \"$0\" \"$@\""] + command
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline().decode()
    ready = time.perf_counter() - began
    if "listening on" not in line:
        sys.exit(f"server did not start: {line!r}")
    port = int(line.rsplit(":", 1)[1])
    return process, port, ready


def rss_mb(process):
    with open(f"/proc/{process.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(process):
    """User + system CPU time the process has used: less sensitive than wall time to other load."""
    with open(f"/proc/{process.pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process):
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)


def post(connection, path, body):
    connection.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {data[:200]!r}")
    return json.loads(data)


def in_threads(count, work):
    """Runs work(connection, number) for number in range(count) on THREADS keep-alive connections."""
    errors = []

    def worker(first, port):
        connection = http.client.HTTPConnection("127.0.0.1", port)
        try:
            for number in range(first, count, THREADS):
                work(connection, number)
        except Exception as error:  # reported below: a bench run with failures is not a result
            errors.append(error)
    return worker, errors


def run_threads(port, count, work):
    worker, errors = in_threads(count, work)
    threads = [threading.Thread(target=worker, args=(first, port)) for first in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        sys.exit(f"requests failed: {errors[0]}")


def request_chats(port, count):
    ids = [None] * count

    def work(connection, number):
        ids[number] = post(connection, "/api/v2/chats", {
            "operationName": "RequestChat", "nickname": f"Bench customer {number:06d}",
            "subject": "Restart benchmark"})["id"]
    run_threads(port, count, work)
    return ids


def main():
    work = tempfile.mkdtemp(prefix="gws-restart-bench-")
    data = os.path.join(work, "data")
    try:
        print(f"== building the data set: {CHATS} chats x {MESSAGES} customer messages (+ the bot's answers)")
        server, port, _ = start(data)
        began = time.perf_counter()
        ids = request_chats(port, CHATS)

        def send(connection, number):
            chat = ids[number % CHATS]
            post(connection, f"/api/v2/chats/{chat}", {
                "operationName": "SendMessage",
                "text": f"Customer message {number // CHATS + 1} about order {number:08d}, please help."})
        run_threads(port, CHATS * MESSAGES, send)
        before = rss_mb(server)
        built = time.perf_counter() - began
        stop(server)
        files = os.listdir(os.path.join(data, "chats"))
        size = sum(os.path.getsize(os.path.join(data, "chats", name)) for name in files)
        lines = 0
        for name in files:
            with open(os.path.join(data, "chats", name), "rb") as journal:
                lines += journal.read().count(b"\n")
        print(f"   built in {built:.0f} s: {len(files)} journals, {lines} lines, {size / 1e6:.0f} MB;"
              f" messages per chat: {3 + 2 * MESSAGES}; server RSS before the restart: {before:.0f} MB")

        ready_times, after_rss, cpu_times = [], [], []
        for run in range(RUNS):
            server, port, ready = start(data)
            cpu = cpu_seconds(server)
            after = rss_mb(server)
            connection = http.client.HTTPConnection("127.0.0.1", port)
            connection.request("GET", f"/api/v2/chats/{ids[-1]}/messages?index=0")
            response = connection.getresponse()
            count = len(json.loads(response.read())["messages"])
            if response.status != 200 or count != 3 + 2 * MESSAGES:
                sys.exit(f"restarted chat has {count} messages (status {response.status})")
            stop(server)
            ready_times.append(ready)
            after_rss.append(after)
            cpu_times.append(cpu)
            print(f"   restart {run + 1}: listening after {ready:.2f} s ({cpu:.2f} s of CPU), RSS {after:.0f} MB")
        with open("/proc/loadavg") as loadavg:
            load = loadavg.read().split()[0]
        print(f"== restart: ready in median {statistics.median(ready_times):.2f} s"
              f" (min {min(ready_times):.2f}, max {max(ready_times):.2f}),"
              f" CPU median {statistics.median(cpu_times):.2f} s, load average {load}; RSS after restart median"
              f" {statistics.median(after_rss):.0f} MB vs {before:.0f} MB before"
              f" ({statistics.median(after_rss) * 1024 / CHATS:.1f} KB vs {before * 1024 / CHATS:.1f} KB per chat)")

        if OPEN_CHATS > 0:
            open_data = os.path.join(work, "open")
            server, port, _ = start(open_data, FD_LIMIT)
            empty = rss_mb(server)
            request_chats(port, OPEN_CHATS)
            full = rss_mb(server)
            stop(server)
            server, port, ready = start(open_data, FD_LIMIT)
            connection = http.client.HTTPConnection("127.0.0.1", port)
            worker_ids = sorted(os.path.splitext(name)[0] for name in os.listdir(os.path.join(open_data, "chats")))
            for chat in worker_ids[:: max(1, len(worker_ids) // 1000)]:
                post(connection, f"/api/v2/chats/{chat}", {"operationName": "SendMessage", "text": "still open?"})
            restarted = rss_mb(server)
            stop(server)
            print(f"== open chats: {OPEN_CHATS} under ulimit -n {FD_LIMIT}, all answered 200;"
                  f" RSS {empty:.0f} MB empty, {full:.0f} MB with them"
                  f" ({(full - empty) * 1024 / OPEN_CHATS:.2f} KB per open chat of 3 messages);"
                  f" restarted in {ready:.2f} s at {restarted:.0f} MB, and 1,000 of them answered 200")
    finally:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
