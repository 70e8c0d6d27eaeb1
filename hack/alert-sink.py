#!/usr/bin/env python3
"""Usage: hack/alert-sink.py ADDRESS PORT LOGFILE

The e2e's stand-in for k8s/'s alert-sink: an HTTP server that appends every webhook body
Alertmanager posts to LOGFILE, one JSON document per line, and answers 200.
"""
import http.server
import sys


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[3], "ab") as log:
            log.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(200)
        self.end_headers()

    def do_GET(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__, end="")
        sys.exit(0)
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), Sink).serve_forever()
