#!/usr/bin/env python3
"""Start time with a large customer memory file, driven by bench/customers.sh (see there)."""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BINARY = sys.argv[1]
CUSTOMERS = int(os.environ.get("CUSTOMERS", "100000"))
HISTORY = int(os.environ.get("HISTORY", "3"))
RUNS = int(os.environ.get("RUNS", "5"))

RULES = """option typing off
greeting
  when $customer.visits
  set customer.visits += 1
  reply Welcome back, {$nickname}! Visit {$customer.visits}.
greeting
  set customer.visits = 1
  set customer.colour = unknown
  reply Hello {$nickname}, first time here?
"""


def start(data, bot):
    command = [BINARY, "serve", "--port", "0", "--bot", bot, "--data", data, "--log-level", "warning"]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline().decode()
    ready = time.perf_counter() - began
    if "listening on" not in line:
        sys.exit(f"server did not start: {line!r}")
    process.terminate()
    process.wait(timeout=30)
    return ready


def write_customers(path):
    with open(path, "w", encoding="utf-8") as file:
        for visit in range(1, HISTORY + 1):
            for number in range(CUSTOMERS):
                file.write(f"Customer {number:06d}\tvisits\t{visit}\n")
        for number in range(CUSTOMERS):
            file.write(f"Customer {number:06d}\tcolour\tgreen\n")


def measure(label, data, bot):
    times = [start(data, bot) for _ in range(RUNS)]
    tsv = os.path.join(data, "customers", "regulars.tsv")
    size = os.path.getsize(tsv) if os.path.exists(tsv) else 0
    print(f"{label}: first start {times[0] * 1000:.0f} ms, then median {statistics.median(times[1:] or times) * 1000:.0f} ms "
          f"(min {min(times[1:] or times) * 1000:.0f}); customers/regulars.tsv {size / 1e6:.1f} MB after")
    return times


def main():
    root = tempfile.mkdtemp(prefix="gws-bench-customers-")
    try:
        bot = os.path.join(root, "regulars.rules")
        with open(bot, "w") as file:
            file.write(RULES)
        empty = os.path.join(root, "empty")
        full = os.path.join(root, "full")
        os.makedirs(os.path.join(full, "customers"))
        write_customers(os.path.join(full, "customers", "regulars.tsv"))
        size = os.path.getsize(os.path.join(full, "customers", "regulars.tsv"))
        print(f"== {CUSTOMERS:,} customers, 2 variables each, {HISTORY} changes of visits each: "
              f"{(HISTORY + 1) * CUSTOMERS:,} lines, {size / 1e6:.1f} MB; {RUNS} starts each; load {os.getloadavg()[0]:.1f}")
        measure("no customers", empty, bot)
        measure(f"{CUSTOMERS:,} customers", full, bot)
    finally:
        shutil.rmtree(root, ignore_errors=True)


main()
