"""Tests of the Python example bots, with Python's own test runner (make test runs them):
    python3 -m unittest discover -s Examples/bots -p 'test_*.py'
The forms bot runs as the emulator runs it (a child process, one JSON line each way); the
webhook bot is started on a free port and POSTed to as the emulator does."""

import json
import os
import subprocess
import sys
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def event(kind, text=None, memory=None, **more):
    value = {"version": 1, "sequence": 1, "chatId": "c1", "event": kind, "nickname": "Ann", "subject": "s",
             "state": "Chatting", "userData": {}, "memory": memory or {}, "seed": 7, **more}
    if text is not None:
        value["text"] = text
    return value


class FormsBotTests(unittest.TestCase):
    def setUp(self):
        self.bot = subprocess.Popen([sys.executable, os.path.join(HERE, "forms_bot.py")], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def tearDown(self):
        self.bot.stdin.close()
        self.bot.wait(timeout=10)
        self.bot.stdout.close()
        self.bot.stderr.close()

    def ask(self, value):
        self.bot.stdin.write((value if isinstance(value, str) else json.dumps(value)) + "\n")
        self.bot.stdin.flush()
        return json.loads(self.bot.stdout.readline())

    @staticmethod
    def memory_after(memory, actions):
        for action in actions:
            if action["type"] == "memory":
                memory = dict(memory, **action["values"])
        return memory

    def test_books_a_call_back_field_by_field(self):
        memory = self.memory_after({}, self.ask(event("agentJoined")))
        for text in ("Ann", "0171 555 0100", "morning"):
            actions = self.ask(event("customerText", text, memory))
            memory = self.memory_after(memory, actions)
        self.assertEqual(actions[-1]["text"], "Thank you, Ann. We will call 01715550100 in the morning.")

    def test_refuses_a_bad_phone_number_and_keeps_the_step(self):
        actions = self.ask(event("customerText", "not a number", {"step": "1", "name": "Ann"}))
        self.assertEqual([a["type"] for a in actions], ["say"])
        self.assertIn("does not look like a phone number", actions[0]["text"])

    def test_hands_over_when_asked_for_a_person(self):
        actions = self.ask(event("customerText", "human", {"step": "1"}))
        self.assertEqual(actions, [{"type": "handover", "text": "I will get a person for you.", "origin": "handover"}])

    def test_answers_garbage_with_nothing_and_says_why_on_stderr(self):
        self.assertEqual(self.ask("this is not json"), [])
        self.assertEqual(self.ask(event("customerText", "human"))[0]["type"], "handover")


class WebhookBotTests(unittest.TestCase):
    def setUp(self):
        self.server = subprocess.Popen([sys.executable, os.path.join(HERE, "echo_webhook.py"), "0"],
                                       stdout=subprocess.PIPE, text=True)
        self.url = self.server.stdout.readline().strip().split("listening on ", 1)[1]

    def tearDown(self):
        self.server.terminate()
        self.server.wait(timeout=10)
        self.server.stdout.close()

    def post(self, value):
        request = urllib.request.Request(self.url, data=json.dumps(value).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def test_greets_then_echoes_and_counts_in_its_memory(self):
        self.assertIn("Hi Ann!", self.post(event("agentJoined"))[0]["text"])
        actions = self.post(event("customerText", "hello", {"count": "2"}))
        self.assertEqual(actions[0]["text"], "3: hello")
        self.assertEqual(actions[1], {"type": "memory", "values": {"count": "3"}})

    def test_hands_over_on_human(self):
        self.assertEqual(self.post(event("customerText", "Human"))[0]["type"], "handover")


if __name__ == "__main__":
    unittest.main()
