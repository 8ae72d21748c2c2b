#!/usr/bin/env python3
"""A webhook bot in 30 lines (Python's standard library only); see docs/external-bots.md.
    python3 Examples/bots/echo_webhook.py 5005 &
    gws-emulator serve --bot webhook:http://127.0.0.1:5005/"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def answer(event):
    if event["event"] == "agentJoined":
        return [{"type": "say", "text": f"Hi {event['nickname']}! I repeat what you say; say human for a person."}]
    if event["event"] == "handedBack":
        return [{"type": "say", "text": "I am back. What else can I repeat?"}]
    if event["event"] != "customerText":
        return []
    if event["text"].strip().lower() == "human":
        return [{"type": "handover", "text": "Let me find a person for you.", "origin": "handover"}]
    count = int(event["memory"].get("count", "0")) + 1
    return [{"type": "say", "text": f"{count}: {event['text']}", "typing": 0.5, "origin": "echo"},
            {"type": "memory", "values": {"count": str(count)}}]

class Hook(BaseHTTPRequestHandler):
    protocol_version, disable_nagle_algorithm = "HTTP/1.1", True  # one connection, no 40 ms stalls
    def do_POST(self):
        body = json.dumps(answer(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *arguments): pass

server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 5005), Hook)
print(f"listening on http://127.0.0.1:{server.server_port}/", flush=True)
server.serve_forever()
