#!/usr/bin/env python3
"""Functions for a rules bot (RiveScript's object macros), as a child process: Python's standard
library only. A rules bot with `function NAME = exec:python3 functions.py` sends each
`{call: NAME TEXT}` as one JSON line, an event of kind `functionCall` with the text and, in its
memory, the function's name; the answer's `say` texts are the result (docs/external-bots.md).
Events of other kinds get `[]`.
"""
import json
import sys


def reverse(text):
    return text[::-1]


def total(text):
    """The sum of the numbers in the text ("3 and 4.5" gives 7.5)."""
    numbers = []
    for word in text.replace(",", " ").split():
        try:
            numbers.append(float(word))
        except ValueError:
            pass
    result = sum(numbers)
    return str(int(result)) if result == int(result) else str(result)


FUNCTIONS = {"reverse": reverse, "total": total}


def answer(event):
    if event.get("event") != "functionCall":
        return []
    function = FUNCTIONS.get(event.get("memory", {}).get("function"))
    if function is None:
        return []
    return [{"type": "say", "text": function(event.get("text", ""))}]


def main():
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line))
        except (ValueError, AttributeError):
            reply = []
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
