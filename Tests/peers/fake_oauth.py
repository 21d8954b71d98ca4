#!/usr/bin/env python3
"""A local stand-in for the OAuth 2.0 token endpoints of Google (POST /token) and the Microsoft
identity platform (POST /common/oauth2/v2.0/token), for the tests only. It checks every request
against the documented shapes (RFC 6749 §6: form-encoded, grant_type=refresh_token, the client's
id and secret; Microsoft also a scope with offline_access), issues access tokens `ya29.N` or
`EwB.N` with FAKE_OAUTH_EXPIRES_IN seconds, rotates Microsoft refresh tokens, and answers
`invalid_grant` for unknown or revoked refresh tokens, as the providers do.

Refresh tokens it knows: FAKE_OAUTH_REFRESH_TOKENS (comma-separated). POST /control/revoke with
the form field refresh_token revokes one (the member withdrew access).

Usage: fake_oauth.py LOG_PATH [LIFETIME_SECONDS]   (prints the port on stdout)
"""
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENTS = {"/token": ("google-client", "google-secret"), "/common/oauth2/v2.0/token": ("ms-client", "ms-secret")}


def main():
    log, lifetime = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    known = set(t for t in (os.environ.get("FAKE_OAUTH_REFRESH_TOKENS") or "").split(",") if t)
    expires_in = int(os.environ.get("FAKE_OAUTH_EXPIRES_IN") or "3599")
    lock = threading.Lock()
    counter = [0]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            form = {k: v[0] for k, v in urllib.parse.parse_qs(raw, keep_blank_values=True).items()}
            path = self.path.split("?")[0]
            with lock:
                with open(log, "a") as f:
                    f.write(json.dumps({"path": path, "content_type": self.headers.get("Content-Type"), "form": form}) + "\n")
            if path == "/control/revoke":
                with lock:
                    known.discard(form.get("refresh_token"))
                return self.answer(200, {})
            if path not in CLIENTS:
                return self.answer(404, {"error": "not_found"})
            if not (self.headers.get("Content-Type") or "").startswith("application/x-www-form-urlencoded"):
                return self.answer(400, {"error": "invalid_request", "error_description": "form-encoded body required"})
            client_id, secret = CLIENTS[path]
            if form.get("client_id") != client_id or form.get("client_secret") != secret:
                return self.answer(401, {"error": "invalid_client", "error_description": "The OAuth client was not found."})
            if form.get("grant_type") != "refresh_token":
                return self.answer(400, {"error": "unsupported_grant_type"})
            microsoft = path != "/token"
            if microsoft and "offline_access" not in (form.get("scope") or ""):
                return self.answer(400, {"error": "invalid_scope", "error_description": "AADSTS70011: scope must include offline_access"})
            token = form.get("refresh_token")
            with lock:
                if token not in known:
                    description = ("AADSTS70008: The provided authorization code or refresh token has expired due to inactivity."
                                   if microsoft else "Token has been expired or revoked.")
                    return self.answer(400, {"error": "invalid_grant", "error_description": description})
                counter[0] += 1
                reply = {"access_token": f"{'EwB' if microsoft else 'ya29'}.{counter[0]}", "expires_in": expires_in, "token_type": "Bearer",
                         "scope": form.get("scope") or "https://www.googleapis.com/auth/calendar"}
                if microsoft:  # Microsoft rotates refresh tokens on every use
                    known.discard(token)
                    rotated = f"{token}.r{counter[0]}"
                    known.add(rotated)
                    reply["refresh_token"] = rotated
            self.answer(200, reply)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Timer(lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
