#!/usr/bin/env python3
"""The receiver a Fax.Plus user would write from the documentation: Python's standard-library HTTP
server that parses the JSON body and appends it to a file. A baseline for scripts/bench-ingest."""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1])
out = open(sys.argv[2], "a", buffering=1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            event = json.loads(body)
            out.write(json.dumps(event) + "\n")
            answer, status = b'{"status":"accepted"}', 200
        except ValueError:
            answer, status = b'{"error":"bad json"}', 400
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
