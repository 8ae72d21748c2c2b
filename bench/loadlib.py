"""Shared pieces of the load, soak and crash scripts in bench/: start the release server on a
loopback port it picks, and a minimal asyncio HTTP/1.1 keep-alive client (standard library only).

Loopback only: every address here is 127.0.0.1.
"""

import asyncio
import json
import os
import re
import signal
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAST_BOT = ["--agent-join-delay", "0", "--reply-delay", "0", "--system-interval", "0"]


def release_binary():
    """Builds gws-emulator in release (if needed) and returns its path; as bench/release.sh,
    GWS_EMULATOR_BINARY names a binary built elsewhere and SCRATCH a scratch path of one's own."""
    if os.environ.get("GWS_EMULATOR_BINARY"):
        return os.environ["GWS_EMULATOR_BINARY"]
    scratch = ["--scratch-path", os.environ["SCRATCH"]] if os.environ.get("SCRATCH") else []
    subprocess.run(["swift", "build", "-c", "release", "--product", "gws-emulator", *scratch], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", *scratch, "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "gws-emulator")


class Server:
    """gws-emulator serve on 127.0.0.1, port 0; `port` once it printed `listening on`."""

    def __init__(self, binary, data, args=(), ulimit_files=None, wait=True):
        self.data = data
        os.makedirs(data, exist_ok=True)
        command = [binary, "serve", "--host", "127.0.0.1", "--port", "0", "--data", data, *args]
        self.stdout_path = os.path.join(data, "server.stdout")
        self.stderr_path = os.path.join(data, "server.stderr")
        preexec = None
        if ulimit_files is not None:
            import resource

            def preexec():
                resource.setrlimit(resource.RLIMIT_NOFILE, (ulimit_files, ulimit_files))
        # Where this start's output begins: the files are appended to across restarts.
        self._stdout_offset = os.path.getsize(self.stdout_path) if os.path.exists(self.stdout_path) else 0
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, stdout=open(self.stdout_path, "ab"), stderr=open(self.stderr_path, "ab"),
                                        preexec_fn=preexec)
        self.port = None
        if wait:
            self.wait_ready()

    def poll_ready(self):
        """The port if the server printed its `listening on` line since it started, else None."""
        with open(self.stdout_path, "rb") as f:
            f.seek(self._stdout_offset)
            match = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", f.read())
        if match:
            self.port = int(match.group(1))
        return self.port

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.poll_ready():
                self.ready_seconds = time.monotonic() - self.started
                return self.port
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}: {open(self.stderr_path).read()[-2000:]}")
            time.sleep(0.005)
        raise RuntimeError("server did not print 'listening on' in time")

    @property
    def pid(self):
        return self.process.pid

    def rss_kb(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def open_descriptors(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class HTTPError(Exception):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection; requests go one at a time."""

    def __init__(self, port):
        self.port = port
        self.reader = None
        self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        return self

    async def request(self, method, path, body=None):
        """Returns (status, body bytes)."""
        payload = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + payload)
        await self.writer.drain()
        return await self.read_response()

    async def read_response(self):
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            data = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                data += await self.reader.readexactly(size + 2)
                data = data[:-2]
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
        else:
            data = b""
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, data

    def close(self):
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def machine():
    """One line about the machine, for the report."""
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()
    return f"{os.cpu_count()} cores ({cpu}), load average {load[0]:.1f} at start, {time.strftime('%Y-%m-%d %H:%M %Z')}"
