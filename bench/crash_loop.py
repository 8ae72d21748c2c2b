#!/usr/bin/env python3
"""Crash durability: ROUNDS rounds in a row on one data folder of load, `kill -9` at a random
moment, restart. After every restart: every acknowledged SendMessage is in its chat's transcript
exactly once and in order, the transcript's indices are 1, 2, 3 ... without gaps, and the server
accepts new work. Then `kill -9` during recovery itself, several times, and a last check.
Run through bench/crash-loop.sh. Loopback only, standard library only.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadlib import FAST_BOT, Connection, Server, machine, release_binary  # noqa: E402


class Ledger:
    """What the server acknowledged, per chat, across all rounds."""

    def __init__(self):
        self.acknowledged = {}  # chat id -> [text, ...] in order
        self.in_flight = {}  # chat id -> text sent when the server died, answer unknown

    def checked_count(self):
        return sum(len(v) for v in self.acknowledged.values())


async def load(port, ledger, writers, new_chats, stop_at):
    """`writers` connections, each sending to its own chat (some new this round) until killed."""
    chats = list(ledger.acknowledged)
    conn = await Connection(port).open()
    for _ in range(new_chats):
        status, body = await conn.request("POST", "/api/v2/chats",
                                          {"operationName": "RequestChat", "nickname": "Crash", "subject": "durability"})
        if status != 200:
            raise RuntimeError(f"RequestChat answered {status}")
        chat = json.loads(body)["id"]
        ledger.acknowledged[chat] = []
        chats.append(chat)
    conn.close()

    async def writer(chat):
        try:
            c = await Connection(port).open()
        except OSError:
            return
        sequence = len(ledger.acknowledged[chat])
        while True:
            sequence += 1
            text = f"{chat[:8]} #{sequence} {random.getrandbits(32):08x}"
            ledger.in_flight[chat] = text
            try:
                status, _ = await c.request("POST", f"/api/v2/chats/{chat}", {"operationName": "SendMessage", "text": text})
            except (OSError, asyncio.IncompleteReadError):
                return  # the server died with this message unanswered: it may or may not be there
            if status != 200:
                raise RuntimeError(f"SendMessage answered {status}")
            ledger.acknowledged[chat].append(text)
            del ledger.in_flight[chat]

    random.shuffle(chats)
    await asyncio.gather(*(writer(chat) for chat in chats[:writers]))


async def verify(port, ledger):
    """Checks every chat; returns a list of problems. Unacknowledged in-flight messages that
    reached the journal become acknowledged (they are part of the chat now)."""
    problems = []
    conn = await Connection(port).open()
    for chat, expected in ledger.acknowledged.items():
        status, body = await conn.request("GET", f"/api/v2/chats/{chat}/messages?index=0")
        if status != 200:
            problems.append(f"{chat}: GetTranscript answered {status}")
            continue
        messages = json.loads(body)["messages"]
        indices = [m["index"] for m in messages]
        if indices != list(range(1, len(indices) + 1)):
            problems.append(f"{chat}: indices are not 1..{len(indices)}: {indices[:20]}...")
        texts = [m.get("text") for m in messages if m["from"]["participantId"] == "1" and m["type"] == "Text"]
        pending = ledger.in_flight.pop(chat, None)
        if texts == expected:
            pass
        elif pending is not None and texts == expected + [pending]:
            expected.append(pending)
        else:
            missing = [t for t in expected if t not in texts]
            doubled = len(texts) - len(set(texts))
            problems.append(f"{chat}: {len(expected)} acknowledged, {len(texts)} in the transcript, {len(missing)} missing, "
                            f"{doubled} repeated")
        status, _ = await conn.request("POST", f"/api/v2/chats/{chat}", {"operationName": "SendMessage", "text": f"check {chat[:8]}"})
        if status != 200:
            problems.append(f"{chat}: SendMessage after restart answered {status}")
        else:
            expected.append(f"check {chat[:8]}")
    conn.close()
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--fsync", choices=["never", "always"], default="never")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--new-chats", type=int, default=8, help="chats opened each round")
    parser.add_argument("--min-seconds", type=float, default=0.5)
    parser.add_argument("--max-seconds", type=float, default=3.0)
    parser.add_argument("--recovery-kills", type=int, default=5)
    args = parser.parse_args()

    binary = release_binary()
    data = tempfile.mkdtemp(prefix="gws-crash-")
    ledger = Ledger()
    serve_args = FAST_BOT + ["--fsync", args.fsync, "--log-level", "warning"]
    failures = []
    print(f"machine: {machine()}")
    print(f"--fsync {args.fsync}: {args.rounds} rounds of {args.writers} writers, kill -9 after "
          f"{args.min_seconds}-{args.max_seconds}s")
    try:
        for round_number in range(1, args.rounds + 1):
            server = Server(binary, data, serve_args)
            if round_number > 1:
                problems = asyncio.run(verify(server.port, ledger))
                failures += [f"round {round_number} restart: {p}" for p in problems]
            delay = random.uniform(args.min_seconds, args.max_seconds)

            async def round_load():
                task = asyncio.ensure_future(load(server.port, ledger, args.writers, args.new_chats, None))
                await asyncio.sleep(delay)
                server.kill9()
                try:
                    await asyncio.wait_for(task, timeout=10)
                except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError):
                    pass

            asyncio.run(round_load())
            print(f"  round {round_number:2d}: killed after {delay:.2f}s; this start (with recovery) took {server.ready_seconds:.2f}s; "
                  f"{len(ledger.acknowledged)} chats, {ledger.checked_count()} acknowledged messages so far; "
                  f"problems so far: {len(failures)}")

        # Kill -9 during recovery: the start is timed first, then cut short at a random point of it.
        timing = Server(binary, data, serve_args)
        recovery = timing.ready_seconds
        failures += [f"before the recovery kills: {p}" for p in asyncio.run(verify(timing.port, ledger))]
        timing.stop()
        cut_during_recovery = 0
        for _ in range(args.recovery_kills):
            server = Server(binary, data, serve_args, wait=False)
            time.sleep(random.uniform(0.05, 0.9) * recovery)
            ready = server.poll_ready() is not None
            server.kill9()
            cut_during_recovery += not ready
        final = Server(binary, data, serve_args)
        problems = asyncio.run(verify(final.port, ledger))
        failures += [f"after the recovery kills: {p}" for p in problems]
        status = final.stop()
        print(f"  recovery of {len(ledger.acknowledged)} chats takes {recovery:.2f}s; {args.recovery_kills} kills during "
              f"startup, {cut_during_recovery} of them before 'listening on'; final check: {len(problems)} problems; "
              f"graceful stop exit status {status}")
        print(f"--fsync {args.fsync}: {ledger.checked_count()} acknowledged messages in {len(ledger.acknowledged)} chats "
              f"checked after every restart; problems: {len(failures)}")
        for f in failures[:20]:
            print(f"FAILED: {f}")
        return 1 if failures else 0
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
