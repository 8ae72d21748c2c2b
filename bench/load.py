#!/usr/bin/env python3
"""Load, soak, descriptor, slowloris and memory-amplification scenarios against the release
server, loopback only, each bounded in time. Standard library only. Run through bench/load.sh,
bench/soak.sh, bench/load-fdlimit.sh, bench/load-slowloris.sh and bench/load-amplification.sh
(they set the sizes); each prints a report and exits 1 when a promise is broken (an error
response, a refused connection, a server that does not recover, a slow connection that is not
cut, memory past its bound or a stalled /health).
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import shutil
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadlib import FAST_BOT, Connection, Server, machine, percentile, release_binary  # noqa: E402

CREATE = {"operationName": "RequestChat", "nickname": "Load", "subject": "load test"}


async def create_chats(port, count, connections=20):
    ids = []

    async def worker(n):
        conn = await Connection(port).open()
        for _ in range(n):
            status, body = await conn.request("POST", "/api/v2/chats", CREATE)
            if status != 200:
                raise RuntimeError(f"RequestChat answered {status}: {body[:200]!r}")
            ids.append(json.loads(body)["id"])
        conn.close()

    share = [count // connections + (1 if i < count % connections else 0) for i in range(connections)]
    await asyncio.gather(*(worker(n) for n in share if n))
    return ids


# MARK: 1,000 pollers and 200 chatting


def poll_worker(port, chat_ids, pollers, chatters, seconds, interval, send_interval, queue):
    """One process: `pollers` keep-alive connections polling GetTranscript and `chatters`
    connections each sending messages to its own chat."""

    async def main():
        stats = {"poll": [], "send": [], "errors": [], "refused": 0}
        deadline = time.monotonic() + seconds
        connections = []
        for _ in range(pollers + chatters):
            try:
                connections.append(await Connection(port).open())
            except OSError as error:
                stats["refused"] += 1
                stats["errors"].append(f"connect: {error}")
        # Every connection is open before the clock starts: all of them stay open throughout.

        async def poller(conn):
            await asyncio.sleep(random.random() * interval)
            while time.monotonic() < deadline:
                chat = random.choice(chat_ids)
                started = time.perf_counter()
                try:
                    status, body = await conn.request("GET", f"/api/v2/chats/{chat}/messages")
                except (OSError, asyncio.IncompleteReadError) as error:
                    stats["errors"].append(f"poll: {error!r}")
                    return
                stats["poll"].append(time.perf_counter() - started)
                if status != 200:
                    stats["errors"].append(f"poll {status}: {body[:120]!r}")
                await asyncio.sleep(interval)

        async def chatter(conn, chat):
            number = 0
            await asyncio.sleep(random.random() * send_interval)
            while time.monotonic() < deadline:
                number += 1
                started = time.perf_counter()
                try:
                    status, body = await conn.request("POST", f"/api/v2/chats/{chat}",
                                                      {"operationName": "SendMessage", "text": f"message {number}?"})
                except (OSError, asyncio.IncompleteReadError) as error:
                    stats["errors"].append(f"send: {error!r}")
                    return
                stats["send"].append(time.perf_counter() - started)
                if status != 200:
                    stats["errors"].append(f"send {status}: {body[:120]!r}")
                await asyncio.sleep(send_interval)

        tasks = [poller(c) for c in connections[:pollers]]
        tasks += [chatter(c, chat_ids[i % len(chat_ids)]) for i, c in enumerate(connections[pollers:])]
        await asyncio.gather(*tasks)
        for c in connections:
            c.close()
        queue.put(stats)

    asyncio.run(main())


def run_poll(args):
    binary = release_binary()
    data = tempfile.mkdtemp(prefix="gws-load-")
    server = Server(binary, data, ["--agent-join-delay", "0", "--reply-delay", "0-500ms", "--system-interval", "20",
                                   "--max-connections", str(args.pollers + args.chats + 100), "--log-level", "warning"])
    try:
        print(f"machine: {machine()}")
        chat_ids = asyncio.run(create_chats(server.port, args.chats))
        queue = multiprocessing.Queue()
        processes = []
        for p in range(args.processes):
            pollers = args.pollers // args.processes + (1 if p < args.pollers % args.processes else 0)
            chatters = args.chats // args.processes + (1 if p < args.chats % args.processes else 0)
            mine = chat_ids[p::args.processes]
            proc = multiprocessing.Process(target=poll_worker, args=(server.port, mine if chatters else chat_ids, pollers, chatters,
                                                                     args.seconds, args.poll_interval, args.send_interval, queue))
            proc.start()
            processes.append(proc)
        peak_fds = 0
        started = time.monotonic()
        while any(p.is_alive() for p in processes) and time.monotonic() - started < args.seconds + 60:
            peak_fds = max(peak_fds, server.open_descriptors())
            time.sleep(1)
            if queue.qsize() == len(processes):
                break
        results = [queue.get(timeout=60) for _ in processes]
        for p in processes:
            p.join()
        polls = [x for r in results for x in r["poll"]]
        sends = [x for r in results for x in r["send"]]
        errors = [x for r in results for x in r["errors"]]
        refused = sum(r["refused"] for r in results)
        print(f"{args.pollers} polling connections (GetTranscript every {args.poll_interval}s each), "
              f"{args.chats} chats sending (one SendMessage every {args.send_interval}s each), {args.seconds}s, "
              f"{args.processes} client processes; server fds peak {peak_fds}")
        for name, values in (("GetTranscript", polls), ("SendMessage", sends)):
            print(f"  {name}: {len(values)} requests ({len(values) / args.seconds:.0f}/s), "
                  f"p50 {percentile(values, 0.5) * 1000:.2f} ms, p99 {percentile(values, 0.99) * 1000:.2f} ms, "
                  f"max {max(values, default=0) * 1000:.1f} ms")
        print(f"  error responses or broken connections: {len(errors)}; refused connections: {refused}")
        for e in errors[:10]:
            print(f"    {e}")
        return 0 if not errors and not refused else 1
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


# MARK: soak


def run_soak(args):
    binary = release_binary()
    data = tempfile.mkdtemp(prefix="gws-soak-")
    server = Server(binary, data, ["--agent-join-delay", "0", "--reply-delay", "0-500ms", "--system-interval", "0",
                                   "--log-level", "warning"])
    try:
        print(f"machine: {machine()}")
        started = time.monotonic()
        chat_ids = asyncio.run(create_chats(server.port, args.chats))
        print(f"{len(chat_ids)} chats created in {time.monotonic() - started:.1f}s; then {args.connections} connections send "
              f"SendMessage to random chats (about {args.rate}/s in all) and poll GetTranscript for {args.seconds}s")
        samples = []
        totals = {"sent": 0, "polled": 0, "errors": []}

        async def main():
            deadline = time.monotonic() + args.seconds
            per_connection = args.rate / args.connections

            async def worker():
                conn = await Connection(server.port).open()
                number = 0
                while time.monotonic() < deadline:
                    number += 1
                    chat = random.choice(chat_ids)
                    try:
                        status, body = await conn.request("POST", f"/api/v2/chats/{chat}",
                                                          {"operationName": "SendMessage", "text": f"soak {number}"})
                        totals["sent"] += 1
                        if status != 200:
                            totals["errors"].append(f"send {status} {body[:100]!r}")
                        status, body = await conn.request("GET", f"/api/v2/chats/{chat}/messages")
                        totals["polled"] += 1
                        if status != 200:
                            totals["errors"].append(f"poll {status} {body[:100]!r}")
                    except (OSError, asyncio.IncompleteReadError) as error:
                        totals["errors"].append(repr(error))
                        conn = await Connection(server.port).open()
                    await asyncio.sleep(random.expovariate(per_connection))
                conn.close()

            async def sampler():
                begin = time.monotonic()
                while time.monotonic() < deadline:
                    samples.append((time.monotonic() - begin, server.rss_kb(), server.open_descriptors(), totals["sent"]))
                    await asyncio.sleep(args.sample_every)
                samples.append((time.monotonic() - begin, server.rss_kb(), server.open_descriptors(), totals["sent"]))

            await asyncio.gather(sampler(), *(worker() for _ in range(args.connections)))

        asyncio.run(main())
        print("  t (s)   RSS (MB)   open fds   messages sent")
        for t, rss, fds, sent in samples:
            print(f"  {t:6.0f}   {rss / 1024:8.1f}   {fds:8d}   {sent:13d}")
        warm = [s for s in samples if s[0] >= args.warmup]
        if len(warm) >= 2:
            first, last = warm[0], warm[-1]
            grown = (last[1] - first[1]) / 1024
            messages = (last[3] - first[3]) * 2  # each customer message gets the bot's answer
            per_k = grown * 1024 / (messages / 1000) if messages else float("nan")
            print(f"  after {args.warmup}s warm-up: RSS {first[1] / 1024:.1f} -> {last[1] / 1024:.1f} MB "
                  f"({grown:+.1f} MB for {messages} stored messages, {per_k:.1f} KB per 1,000 messages); "
                  f"fds {min(s[2] for s in warm)}..{max(s[2] for s in warm)}")
        print(f"  requests: {totals['sent']} SendMessage, {totals['polled']} GetTranscript; errors: {len(totals['errors'])}")
        for e in totals["errors"][:10]:
            print(f"    {e}")
        return 0 if not totals["errors"] else 1
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


# MARK: descriptors


def raw_get(port, sock=None, timeout=10):
    """GetChat-free probe: GET /health on `sock` (or a new one). Returns (status or None, sock)."""
    try:
        if sock is None:
            sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        sock.settimeout(timeout)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None, None
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        return int(head.split(b" ")[1]), sock
    except socket.timeout:
        return "timeout", None
    except OSError:
        return None, None


def flood_with_requests(port, count, wait):
    """Opens `count` connections at once, sends GET /health on each, and sorts what comes back
    within `wait` seconds: 200, 503, closed or reset, or nothing (queued: accepted by the kernel
    but not yet by the server). Returns the open sockets and the counts."""
    import selectors
    sockets, outcome = [], {"200": 0, "503": 0, "closed or reset": 0, "no answer (queued)": 0, "connect failed": 0}
    selector = selectors.DefaultSelector()
    for _ in range(count):
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=1)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
            sockets.append(sock)
        except OSError:
            outcome["connect failed"] += 1
    answered = set()
    deadline = time.monotonic() + wait
    while len(answered) < len(sockets) and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=max(0.0, deadline - time.monotonic())):
            sock = key.fileobj
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1 ") else None
            outcome[status if status in ("200", "503") else "closed or reset"] += 1
            answered.add(sock)
            selector.unregister(sock)
    outcome["no answer (queued)"] = len(sockets) - len(answered)
    selector.close()
    return sockets, outcome


def run_fdlimit(args):
    binary = release_binary()
    failures = []
    print(f"machine: {machine()}")
    for cap in (None, args.cap):
        data = tempfile.mkdtemp(prefix="gws-fd-")
        extra = [] if cap is None else ["--max-connections", str(cap)]
        server = Server(binary, data, FAST_BOT + ["--log-level", "warning"] + extra, ulimit_files=args.ulimit)
        label = f"ulimit -n {args.ulimit}, --max-connections {cap if cap else 'default (1000)'}"
        try:
            # The first connections are the ones that must keep being served.
            keep = []
            for _ in range(args.keep):
                status, sock = raw_get(server.port)
                if status != 200:
                    failures.append(f"{label}: a kept connection was not served before the flood ({status})")
                keep.append(sock)
            flood, outcome = flood_with_requests(server.port, args.clients, wait=3)
            print(f"{label}: {args.keep} kept connections, then {args.clients} more clients at once, each one request, "
                  f"answers within 3 s: {outcome}; server fds {server.open_descriptors()}")
            rounds_ok = 0
            for _ in range(3):
                served = sum(1 for i, sock in enumerate(keep) if raw_get(server.port, sock)[0] == 200)
                rounds_ok += served == len(keep)
            print(f"  kept connections served during the flood: {rounds_ok}/3 rounds with all {len(keep)} answered")
            if rounds_ok != 3:
                failures.append(f"{label}: kept connections were not all served during the flood")
            for sock in flood:
                sock.close()
            time.sleep(args.settle)
            fresh = sum(1 for _ in range(args.keep) if raw_get(server.port)[0] == 200)
            print(f"  after the flood went: {fresh}/{args.keep} fresh connections served; server fds {server.open_descriptors()}; "
                  f"server alive: {server.process.poll() is None}")
            if fresh != args.keep:
                failures.append(f"{label}: the server did not recover ({fresh}/{args.keep})")
            for sock in keep:
                if sock is not None:
                    sock.close()
        finally:
            server.stop()
            shutil.rmtree(data, ignore_errors=True)
    for f in failures:
        print(f"FAILED: {f}")
    return 1 if failures else 0


# MARK: slowloris


def run_slowloris(args):
    binary = release_binary()
    data = tempfile.mkdtemp(prefix="gws-slow-")
    # One transcript larger than the default per-chat limit (4 MiB) on purpose: the bound under test
    # here is the answer's, so the chat's own is lifted.
    server = Server(binary, data, FAST_BOT + ["--log-level", "warning", "--max-transcript-bytes", "0"])
    failures = []
    try:
        print(f"machine: {machine()}")
        chat = asyncio.run(create_chats(server.port, 1, connections=1))[0]

        async def measure(seconds):
            conn = await Connection(server.port).open()
            latencies = []
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                started = time.perf_counter()
                status, _ = await conn.request("GET", f"/api/v2/chats/{chat}")
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    failures.append(f"GetChat answered {status} during the slowloris")
                await asyncio.sleep(0.01)
            conn.close()
            return latencies

        baseline = asyncio.run(measure(args.baseline))

        async def slow_client(results):
            started = time.monotonic()
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            except OSError as error:
                results.append(("refused", 0, repr(error)))
                return
            writer.write(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            answer = b""

            async def read_all():
                nonlocal answer
                while True:
                    chunk = await reader.read(4096)
                    if not chunk:
                        return
                    answer += chunk

            reading = asyncio.ensure_future(read_all())
            while not reading.done() and time.monotonic() - started < args.give_up:
                try:
                    writer.write(b"a")
                    await writer.drain()
                except OSError:
                    break
                await asyncio.wait([reading], timeout=args.byte_every)
            cut = time.monotonic() - started
            if not reading.done():
                reading.cancel()
            writer.close()
            results.append(("cut" if cut < args.give_up else "not cut", cut, answer.split(b"\r\n", 1)[0].decode("latin-1")))

        async def attack():
            results = []
            slow = [asyncio.ensure_future(slow_client(results)) for _ in range(args.connections)]
            await asyncio.sleep(1)
            during = await measure(args.header_deadline + 2)
            await asyncio.gather(*slow)
            return results, during

        results, during = asyncio.run(attack())
        cuts = [r[1] for r in results if r[0] == "cut"]
        statuses = {}
        for r in results:
            statuses[r[2] or "(no status line)"] = statuses.get(r[2] or "(no status line)", 0) + 1
        print(f"{args.connections} slowloris connections (one header byte every {args.byte_every}s); header deadline "
              f"{args.header_deadline}s")
        print(f"  cut: {len(cuts)}, not cut after {args.give_up}s: {sum(r[0] == 'not cut' for r in results)}, "
              f"refused: {sum(r[0] == 'refused' for r in results)}; cut after {min(cuts, default=0):.1f}..{max(cuts, default=0):.1f}s "
              f"(p50 {percentile(cuts, 0.5):.1f}s); answers: {statuses}")
        for name, values in (("before", baseline), ("during", during)):
            print(f"  GetChat {name}: {len(values)} requests, p50 {percentile(values, 0.5) * 1000:.2f} ms, "
                  f"p99 {percentile(values, 0.99) * 1000:.2f} ms, max {max(values) * 1000:.1f} ms")
        if len(cuts) != args.connections:
            failures.append("not every slow connection was cut")
        if cuts and max(cuts) > args.header_deadline + 3:
            failures.append(f"a slow connection lived {max(cuts):.1f}s, past the deadline")
        for f in failures[:10]:
            print(f"FAILED: {f}")
        return 1 if failures else 0
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


# MARK: memory amplification


def vm_kb(pid, field):
    """A /proc/PID/status figure in kB: VmRSS (resident now) or VmHWM (the most resident ever)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def tcp_kernel_mb():
    """Memory the kernel holds in TCP socket buffers, machine-wide (/proc/net/sockstat), in MB."""
    with open("/proc/net/sockstat") as f:
        for line in f:
            if line.startswith("TCP:"):
                fields = line.split()
                return int(fields[fields.index("mem") + 1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    return 0.0


def run_amplification(args):
    """Sockets that pipeline reads of a huge transcript and never read the answers, while one
    normal connection polls /health and GetChat; peak memory and latencies before and during."""
    binary = release_binary()
    data = tempfile.mkdtemp(prefix="gws-amp-")
    # One transcript larger than the default per-chat limit (4 MiB) on purpose: the bound under test
    # here is the answer's, so the chat's own is lifted.
    server = Server(binary, data, FAST_BOT + ["--log-level", "warning", "--max-transcript-bytes", "0"])
    failures = []
    try:
        print(f"machine: {machine()}")
        chat = asyncio.run(create_chats(server.port, 1, connections=1))[0]
        text = "All work and no play makes Jack a dull boy. " * (args.message_bytes // 45)

        async def fill():
            sent = 0

            async def sender(count):
                nonlocal sent
                conn = await Connection(server.port).open()
                for _ in range(count):
                    status, body = await conn.request("POST", f"/api/v2/chats/{chat}", {"operationName": "SendMessage", "text": text})
                    if status != 200:
                        raise RuntimeError(f"SendMessage answered {status}: {body[:200]!r}")
                    sent += len(text)
                conn.close()

            messages = args.transcript_mb * 1_000_000 // len(text) + 1
            await asyncio.gather(*(sender(messages // 8 + (i < messages % 8)) for i in range(8)))
            return sent

        texts = asyncio.run(fill())
        request = f"GET /api/v2/chats/{chat}/messages?index=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()

        async def answer_size():
            conn = await Connection(server.port).open()
            status, body = await conn.request("GET", f"/api/v2/chats/{chat}/messages?index=0")
            conn.close()
            return status, len(body)

        status, first_answer = asyncio.run(answer_size())
        rss_before = vm_kb(server.pid, "VmRSS")
        hwm_before = vm_kb(server.pid, "VmHWM")

        async def measure(seconds, samples):
            conn = await Connection(server.port).open()
            latencies = {"/health": [], "GetChat": []}
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                for name, path in (("/health", "/health"), ("GetChat", f"/api/v2/chats/{chat}")):
                    started = time.perf_counter()
                    try:
                        answer, _ = await asyncio.wait_for(conn.request("GET", path), timeout=30)
                    except asyncio.TimeoutError:
                        answer = "timeout"
                    latencies[name].append(time.perf_counter() - started)
                    if answer != 200:
                        failures.append(f"{name} answered {answer}")
                samples.append(vm_kb(server.pid, "VmRSS"))
                await asyncio.sleep(0.05)
            conn.close()
            return latencies

        baseline = asyncio.run(measure(args.baseline, []))
        window = f"SO_RCVBUF {args.receive_buffer}" if args.receive_buffer else "default socket buffers"
        sent = args.sockets * args.pipelined * len(request)
        print(f"transcript: {texts / 1e6:.1f} MB of message text; one GetTranscript ?index=0 answers {status} with "
              f"{first_answer / 1048576:.2f} MiB (the bound is 1 MiB)")
        print(f"{args.sockets} sockets ({window}) x {args.pipelined} pipelined GetTranscript ?index=0, never read: "
              f"{sent / 1024:.1f} KB of requests, held {args.hold:.0f} s; {args.rounds} rounds")
        report = [("before", baseline)]
        for round_number in range(1, args.rounds + 1):
            kernel_before = tcp_kernel_mb()
            attackers = []
            for _ in range(args.sockets):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                if args.receive_buffer:
                    # Set before connecting: the window stays small, so answers stay queued in the server.
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, args.receive_buffer)
                sock.connect(("127.0.0.1", server.port))
                sock.sendall(request * args.pipelined)
                attackers.append(sock)
            samples = []
            during = asyncio.run(measure(args.hold, samples))
            rss_held = vm_kb(server.pid, "VmRSS")
            hwm = vm_kb(server.pid, "VmHWM")
            kernel_held = tcp_kernel_mb()
            for sock in attackers:
                sock.close()
            time.sleep(args.settle)
            rss_after = vm_kb(server.pid, "VmRSS")
            report.append((f"during round {round_number}", during))
            print(f"  round {round_number}: server RSS {max(samples + [rss_held]) / 1024:.1f} MB at most while held "
                  f"(VmHWM {hwm_before / 1024:.1f} -> {hwm / 1024:.1f} MB), {rss_after / 1024:.1f} MB {args.settle:.0f} s after "
                  f"the sockets closed; kernel TCP buffers (whole machine) {kernel_before:.1f} -> {kernel_held:.1f} MB")
        report.append(("after", asyncio.run(measure(1, []))))
        print(f"  server RSS {rss_before / 1024:.1f} MB before the first round")
        for label, values in report:
            for name, latencies in values.items():
                print(f"  {name} {label}: {len(latencies)} requests, p50 {percentile(latencies, 0.5) * 1000:.2f} ms, "
                      f"p99 {percentile(latencies, 0.99) * 1000:.2f} ms, max {max(latencies) * 1000:.1f} ms")
        bound_kb = args.sockets * (256 + 1024 + 4)
        growth_kb = hwm - hwm_before
        print(f"  peak growth {growth_kb / 1024:.1f} MB; documented bound of what the server queues: "
              f"{args.sockets} x (256 KiB + one 1 MiB answer) = {bound_kb / 1024:.0f} MB")
        if first_answer > 1048576:
            failures.append(f"one GetTranscript answer is {first_answer} bytes, over 1 MiB")
        if growth_kb > 2 * bound_kb:
            failures.append(f"peak memory grew {growth_kb / 1024:.0f} MB, over twice the documented bound")
        slowest = max(max(values["/health"]) for label, values in report if label.startswith("during"))
        if slowest > args.max_latency:
            failures.append(f"/health took {slowest:.2f} s while the sockets were held (limit {args.max_latency} s)")
        for f in failures[:10]:
            print(f"FAILED: {f}")
        return 1 if failures else 0
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="scenario", required=True)
    p = sub.add_parser("poll")
    p.add_argument("--pollers", type=int, default=1000)
    p.add_argument("--chats", type=int, default=200)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--poll-interval", type=float, default=0.5)
    p.add_argument("--send-interval", type=float, default=0.5)
    p.add_argument("--processes", type=int, default=2)
    s = sub.add_parser("soak")
    s.add_argument("--chats", type=int, default=10000)
    s.add_argument("--seconds", type=float, default=300)
    s.add_argument("--connections", type=int, default=50)
    s.add_argument("--rate", type=float, default=300)
    s.add_argument("--sample-every", type=float, default=30)
    s.add_argument("--warmup", type=float, default=60)
    f = sub.add_parser("fdlimit")
    f.add_argument("--ulimit", type=int, default=256)
    f.add_argument("--keep", type=int, default=50)
    f.add_argument("--clients", type=int, default=400)
    f.add_argument("--cap", type=int, default=200)
    f.add_argument("--settle", type=float, default=3)
    w = sub.add_parser("slowloris")
    w.add_argument("--connections", type=int, default=500)
    w.add_argument("--byte-every", type=float, default=1.0)
    w.add_argument("--header-deadline", type=float, default=10)
    w.add_argument("--give-up", type=float, default=30)
    w.add_argument("--baseline", type=float, default=5)
    a = sub.add_parser("amplification")
    a.add_argument("--sockets", type=int, default=60)
    a.add_argument("--pipelined", type=int, default=3)
    a.add_argument("--transcript-mb", type=int, default=20)
    a.add_argument("--message-bytes", type=int, default=4000)
    a.add_argument("--hold", type=float, default=15)
    a.add_argument("--rounds", type=int, default=2)
    a.add_argument("--baseline", type=float, default=5)
    a.add_argument("--settle", type=float, default=3)
    a.add_argument("--max-latency", type=float, default=1.0)
    a.add_argument("--receive-buffer", type=int, default=0, help="the attackers' SO_RCVBUF (0: the default)")
    args = parser.parse_args()
    runner = {"poll": run_poll, "soak": run_soak, "fdlimit": run_fdlimit, "slowloris": run_slowloris,
              "amplification": run_amplification}[args.scenario]
    sys.exit(runner(args))


if __name__ == "__main__":
    main()
