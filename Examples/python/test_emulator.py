"""The emulator as a test double, from Python: nothing but the `gws-emulator` binary, pytest and
the standard library.

One server per session (`serve --port 0 --clock virtual`), a reset before every test, time moved
over HTTP: no test sleeps. Run it with `make test`, or by hand:

    GWS_EMULATOR_BINARY=.build/debug/gws-emulator .build/examples-venv/bin/pytest Examples/python

With EMULATOR_CLOCK=wall the same tests run against a wall-clock server, waiting in real time
where they would move the virtual clock (to compare the two; not part of `make test`).
"""

import json
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
BINARY = os.environ.get("GWS_EMULATOR_BINARY", str(REPOSITORY / ".build/debug/gws-emulator"))
WALL_CLOCK = os.environ.get("EMULATOR_CLOCK") == "wall"


class Emulator:
    """A `gws-emulator serve` process and a small JSON client for it."""

    def __init__(self):
        self.data = tempfile.TemporaryDirectory(prefix="gws-python-")
        arguments = [BINARY, "serve", "--port", "0", "--data", self.data.name,
                     "--bots", str(REPOSITORY / "Bots"), "--bot", "support", "--seed", "1"]
        if not WALL_CLOCK:
            arguments += ["--clock", "virtual"]
        self.process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()  # ready when it prints `listening on URL`
        assert line.startswith("listening on "), f"unexpected first line: {line!r}"
        self.url = line.split("listening on ", 1)[1].strip()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self.data.cleanup()

    def call(self, method, path, body=None):
        """(HTTP status, decoded JSON body)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def advance(self, duration):
        """Moves the virtual clock ("5s", "quiet"); on the wall clock, waits that long instead."""
        if WALL_CLOCK:
            time.sleep(float(duration.rstrip("s")))
            return {}
        status, answer = self.call("POST", "/emulator/clock", {"advance": duration})
        assert status == 200, answer
        return answer

    # The GWS operations a chat client uses.
    def request_chat(self, nickname="Ann", subject="Where is my order?"):
        status, answer = self.call("POST", "/api/v2/chats",
                                   {"operationName": "RequestChat", "nickname": nickname, "subject": subject})
        assert status == 200, answer
        return answer["id"]

    def operation(self, chat, name, **fields):
        return self.call("POST", f"/api/v2/chats/{chat}", {"operationName": name, **fields})

    def state(self, chat):
        return self.call("GET", f"/api/v2/chats/{chat}")[1]["chat"]["state"]

    def transcript(self, chat):
        return self.call("GET", f"/api/v2/chats/{chat}/messages?index=0")[1]["messages"]

    def agent_texts(self, chat):
        return [m["text"] for m in self.transcript(chat) if m["type"] == "Text" and m["from"]["type"] == "Agent"]


@pytest.fixture(scope="session")
def server():
    emulator = Emulator()
    yield emulator
    emulator.stop()


@pytest.fixture
def emulator(server):
    """A clean slate before every test: no chats, faults or recorded requests; the same seed."""
    status, _ = server.call("POST", "/emulator/reset", {"seed": 1})
    assert status == 200
    return server


def test_greeting_on_virtual_time_in_under_100_ms(emulator):
    # The best of three tries, so that a busy CI machine's one slow moment does not decide; on the
    # wall clock the 1-3 s join and the typing alone would take seconds.
    times = []
    for _ in range(3):
        emulator.call("POST", "/emulator/reset", {"seed": 1})
        started = time.perf_counter()
        chat = emulator.request_chat()
        emulator.advance("10s")  # the agent's 1-3 s join and its typing, in virtual time
        greeting = emulator.agent_texts(chat)
        times.append(time.perf_counter() - started)
        assert greeting == ["Hi Ann, I'm Sam from Northwind Shop. How can I help you today?"]
    if not WALL_CLOCK:
        assert min(times) < 0.1, ", ".join(f"{t * 1000:.0f} ms" for t in times)


def test_idle_nudge_after_30_virtual_seconds(emulator):
    chat = emulator.request_chat()
    emulator.advance("10s")
    # The customer starts typing and sends nothing: `idle 30` in Bots/support.rules nudges them.
    emulator.operation(chat, "SendStartTypingNotification")
    emulator.advance("29s")
    assert len(emulator.agent_texts(chat)) == 1
    emulator.advance("6s")  # the timer at 30 s, then the nudge's typing
    assert emulator.agent_texts(chat)[-1] == "Take your time, Ann. I'm here when you're ready."


def test_reset_between_tests_leaves_nothing_behind(emulator):
    chat = emulator.request_chat()
    emulator.operation(chat, "SendMessage", text="hello")
    assert emulator.call("POST", "/emulator/reset", {"seed": 1})[0] == 200
    assert emulator.call("GET", "/emulator/requests")[1]["requests"] == []
    assert emulator.call("GET", f"/api/v2/chats/{chat}")[0] == 404
    # The same seed gives the same chat id again.
    assert emulator.request_chat() == chat


def test_503_on_send_message_then_success_on_retry(emulator):
    chat = emulator.request_chat()
    status, _ = emulator.call("POST", "/emulator/faults", {"operation": "SendMessage", "status": 503, "times": 1})
    assert status == 201
    status, error = emulator.operation(chat, "SendMessage", text="Is anyone there?")
    assert (status, error["statusCode"]) == (503, 4)
    status, _ = emulator.operation(chat, "SendMessage", text="Is anyone there?")
    assert status == 200
    customer_lines = [m for m in emulator.transcript(chat) if m["type"] == "Text" and m["from"]["type"] == "Customer"]
    assert [m["text"] for m in customer_lines] == ["Is anyone there?"]


def test_the_agent_that_never_joins(emulator):
    emulator.call("POST", "/emulator/faults", {"operation": "RequestChat", "kind": "agent-never-joins"})
    chat = emulator.request_chat()
    emulator.advance("30s")
    assert emulator.state(chat) == "WaitingForAgent"
    assert emulator.agent_texts(chat) == []


def test_the_agent_that_leaves(emulator):
    chat = emulator.request_chat()
    emulator.advance("10s")
    emulator.call("POST", "/emulator/faults", {"operation": "SendMessage", "kind": "agent-leaves", "after": 1, "chat": chat})
    emulator.operation(chat, "SendMessage", text="I need help")
    assert emulator.state(chat) == "Idle"
    last = emulator.transcript(chat)[-1]
    assert (last["type"], last["from"]["type"]) == ("ParticipantLeft", "Agent")


def test_the_request_record_shows_what_the_client_sent(emulator):
    chat = emulator.request_chat()
    emulator.operation(chat, "SendStartTypingNotification")
    emulator.operation(chat, "SendMessage", text="hi")
    emulator.transcript(chat)
    requests = emulator.call("GET", f"/emulator/requests?chat={chat}")[1]["requests"]
    assert [r["operation"] for r in requests] == ["SendStartTypingNotification", "SendMessage", "GetTranscript"]
    assert all(r["status"] == 200 for r in requests)
    assert json.loads(requests[1]["body"])["text"] == "hi"
