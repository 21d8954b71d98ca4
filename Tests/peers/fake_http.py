"""What the local API stand-ins share: a threaded HTTP server on 127.0.0.1 with an ephemeral port
(printed on stdout), a bounded lifetime, a JSON-lines log of every request, and a bearer-token
check. A stand-in supplies `route(method, path, body, headers) -> (status, json_or_None)`."""
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(route, unauthorized_body):
    log = sys.argv[1]
    lifetime = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    lock = threading.Lock()
    # FAKE_HTTP_FAIL=GET:500 makes every GET answer 500 (a provider having a bad minute).
    fail_method, _, fail_status = (os.environ.get("FAKE_HTTP_FAIL") or "").partition(":")
    # FAKE_HTTP_HANG=POST makes every POST wait out the stand-in's lifetime (a provider that hangs).
    hang_method = os.environ.get("FAKE_HTTP_HANG") or ""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def handle_any(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            path = urllib.parse.unquote(self.path)
            with lock:
                with open(log, "a") as f:
                    f.write(json.dumps({"method": method, "path": path, "authorization": self.headers.get("Authorization"),
                                        "content_type": self.headers.get("Content-Type"), "prefer": self.headers.get("Prefer"),
                                        "body": body}) + "\n")
            auth = self.headers.get("Authorization") or ""
            if hang_method == method:
                threading.Event().wait(lifetime)
                return
            if fail_method == method:
                status, reply = int(fail_status), {"error": {"code": int(fail_status), "message": "Backend Error"}}
            elif not auth.startswith("Bearer ") or len(auth) <= 7:
                status, reply = 401, unauthorized_body
            else:
                with lock:
                    status, reply = route(method, path, body, self.headers)
            data = b"" if reply is None else json.dumps(reply).encode()
            self.send_response(status)
            if reply is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self): self.handle_any("GET")
        def do_POST(self): self.handle_any("POST")
        def do_PATCH(self): self.handle_any("PATCH")
        def do_DELETE(self): self.handle_any("DELETE")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Timer(lifetime, server.shutdown).start()
    server.serve_forever()
