#!/usr/bin/env python3
"""A forms bot as a child process (exec:), Python's standard library only: it books a call back,
asking for a name, a phone number and a time, checks each answer, and hands the chat over to a
person when asked. One JSON event per line on standard input, one JSON answer per line on
standard output (docs/external-bots.md).

    gws-emulator serve --bot exec:"python3 Examples/bots/forms_bot.py"
"""
import json
import re
import sys

FIELDS = [
    ("name", "What is your name?", lambda text: text if len(text) >= 2 else None,
     "A name needs at least two letters. What is your name?"),
    ("phone", "Which phone number should we call?",
     lambda text: re.sub(r"[ ()-]", "", text) if re.fullmatch(r"\+?[0-9 ()-]{6,20}", text) else None,
     "That does not look like a phone number (digits, spaces, + and - only). Which number should we call?"),
    ("time", "When suits you: morning or afternoon?",
     lambda text: text.lower() if text.lower() in ("morning", "afternoon") else None,
     "Please say morning or afternoon."),
]


def say(text, origin=None):
    action = {"type": "say", "text": text}
    if origin:
        action["origin"] = origin
    return action


def answer(event):
    kind, memory = event["event"], event["memory"]
    if kind == "agentJoined":
        return [say("Hello! I can book a call back for you.", "greeting"), say(FIELDS[0][1], "ask:name"),
                {"type": "memory", "values": {"step": "0"}}]
    if kind == "handedBack":
        return [say("I am back. Is there anything else I can do?", "handed-back")]
    if kind == "handoverTimedOut":
        return [say("Sorry, nobody is free right now. We will call you back.", "no-person")]
    if kind != "customerText":
        return []
    text = event["text"].strip()
    if text.lower() in ("agent", "human", "person"):
        return [{"type": "handover", "text": "I will get a person for you.", "origin": "handover"}]
    step = int(memory.get("step", "0"))
    if step >= len(FIELDS):
        return [say("Your call back is booked already. Goodbye!", "done"), {"type": "leave"}]
    key, _, check, retry = FIELDS[step]
    value = check(text)
    if value is None:
        return [say(retry, f"retry:{key}")]
    values = {key: value, "step": str(step + 1)}
    if step + 1 < len(FIELDS):
        return [{"type": "memory", "values": values}, say(FIELDS[step + 1][1], f"ask:{FIELDS[step + 1][0]}")]
    booked = dict(memory, **values)
    return [{"type": "memory", "values": values},
            say(f"Thank you, {booked['name']}. We will call {booked['phone']} in the {booked['time']}.", "booked")]


def main():
    for line in sys.stdin:
        try:
            actions = answer(json.loads(line))
        except (ValueError, KeyError) as error:
            print(f"forms bot: cannot answer {line.strip()[:200]!r}: {error}", file=sys.stderr)
            actions = []
        sys.stdout.write(json.dumps(actions) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
