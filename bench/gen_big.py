#!/usr/bin/env python3
"""Writes a compose file of N services (default 20000) to stdout: ~150 bytes a service (3 MB at 20,000)."""
import sys
n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
out = ["services:"]
for i in range(n):
    out.append(f"""  svc{i:05d}:
    image: busybox:latest
    command: ["httpd", "-f", "-p", "8080"]
    environment: {{A: "{i}", B: "${{HOME}}"}}
    labels: [tier=t{i % 7}]
    ports: ["8080"]""")
sys.stdout.write("\n".join(out) + "\n")
