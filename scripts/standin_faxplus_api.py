"""A stand-in for the Fax.Plus API's fax list, for scripts/bench-backfill: N faxes over the last six
hours, ten to a second (so page edges fall inside runs of equal start times), listed oldest first with
offset and limit as the API does. GET /calls answers how many API requests it has served.

    python3 scripts/standin_faxplus_api.py PORT N      (PORT 0: a free one, printed on the first line)
"""
import json, sys, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
n = int(sys.argv[2])
now = datetime.datetime.utcnow()
# Ten faxes share each second, so page edges fall inside runs of equal start times.
faxes = [{"id": "b%06d" % i, "direction": "incoming" if i % 3 else "outgoing", "from": "+1 646-555-%04d" % (i % 10000),
          "to": "+1 212-555-0147", "pages": 1 + i % 7, "status": "success", "cost": 0.1,
          "start_time": (now - datetime.timedelta(seconds=3600 * 6 - i // 10)).strftime("%Y-%m-%d %H:%M:%S"),
          "last_update": (now - datetime.timedelta(seconds=3600 * 6 - i // 10)).strftime("%Y-%m-%d %H:%M:%S"),
          "file": "b%06d.tiff" % i, "file_name": "fax-%d" % i, "is_read": False, "is_spam": False} for i in range(n)]
calls = 0
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        global calls
        u = urlparse(self.path); q = parse_qs(u.query)
        if u.path == "/calls": return self.send(200, {"calls": calls})
        calls += 1
        if u.path == "/v3/accounts/self": return self.send(200, {"name": "Bench"})
        if u.path == "/v3/accounts/self/numbers": return self.send(200, {"numbers": []})
        if u.path == "/v3/accounts/self/outbox": return self.send(200, {"records": []})
        cat = q["category"][0]; off = int(q["offset"][0]); lim = int(q["limit"][0])
        sel = [f for f in faxes if (cat == "inbox" and f["direction"] == "incoming") or (cat == "sent" and f["direction"] == "outgoing")]
        self.send(200, {"data": {"records": sel[off:off + lim]}})
    def send(self, code, obj):
        b = json.dumps(obj).encode(); self.send_response(code); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H)
print(server.server_address[1], flush=True)
server.serve_forever()
