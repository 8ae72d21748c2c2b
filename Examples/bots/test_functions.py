"""Unit tests of functions.py (python3 -m unittest discover -s Examples/bots)."""
import unittest

import functions


class FunctionsTest(unittest.TestCase):
    def call(self, name, text):
        return functions.answer({"event": "functionCall", "text": text, "memory": {"function": name}})

    def test_reverse(self):
        self.assertEqual(self.call("reverse", "abc"), [{"type": "say", "text": "cba"}])

    def test_total_adds_the_numbers_of_the_text(self):
        self.assertEqual(self.call("total", "3 and 4.5"), [{"type": "say", "text": "7.5"}])
        self.assertEqual(self.call("total", "2, 2"), [{"type": "say", "text": "4"}])

    def test_other_events_and_unknown_functions_get_nothing(self):
        self.assertEqual(functions.answer({"event": "customerText", "text": "hi", "memory": {}}), [])
        self.assertEqual(self.call("missing", "x"), [])


if __name__ == "__main__":
    unittest.main()
