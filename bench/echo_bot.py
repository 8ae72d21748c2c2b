#!/usr/bin/env python3
"""The echo bot of bench/external-bots.sh, as an exec bot (`echo_bot.py exec`) or a webhook
(`echo_bot.py webhook PORT`): it answers each customer text with the same text at once."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def answer(event):
    return [{"type": "say", "text": event["text"]}] if event["event"] == "customerText" else []


class Hook(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

    def do_POST(self):
        body = json.dumps(answer(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


if sys.argv[1] == "exec":
    for line in sys.stdin:
        sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
        sys.stdout.flush()
else:
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Hook)
    print(f"listening on http://127.0.0.1:{server.server_port}/", flush=True)
    server.serve_forever()
