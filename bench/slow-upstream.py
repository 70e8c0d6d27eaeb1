#!/usr/bin/env python3
"""Usage: bench/slow-upstream.py PORT DELAY_SECONDS

A stand-in for the public facts API that answers every request after DELAY_SECONDS, on
loopback only. hack/bench.sh runs cat-facts against it to show that, once the circuit
breaker has opened on slow calls, a slow upstream no longer slows the service down.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

if len(sys.argv) != 3 or sys.argv[1] in ("-h", "--help"):
    print(__doc__.strip(), file=sys.stderr)
    sys.exit(0 if sys.argv[1:2] in (["-h"], ["--help"]) else 2)
port, delay = int(sys.argv[1]), float(sys.argv[2])
body = json.dumps({"fact": "Slow cats still land on their feet.", "length": 35}).encode()


class SlowFacts(BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(delay)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), SlowFacts).serve_forever()
