#!/usr/bin/env python3
"""A local stand-in for the OAuth 2.0 token endpoints of Google (POST /token) and the Microsoft
identity platform (POST /common/oauth2/v2.0/token), for the tests only. It checks every request
against the documented shapes (RFC 6749 §6: form-encoded, grant_type=refresh_token, the client's
id and secret; Microsoft also a scope with offline_access), issues access tokens `ya29.N` or
`EwB.N` with FAKE_OAUTH_EXPIRES_IN seconds, rotates Microsoft refresh tokens, and answers
`invalid_grant` for unknown or revoked refresh tokens, as the providers do.

Refresh tokens it knows: FAKE_OAUTH_REFRESH_TOKENS (comma-separated). POST /control/revoke with
the form field refresh_token revokes one (the member withdrew access).

Authorization (the browser's part): GET /auth (Google) and /common/oauth2/v2.0/authorize
(Microsoft) check the request (client id, a loopback redirect_uri, response_type=code, the scopes,
an S256 code_challenge, a state) and redirect to redirect_uri with a code and the state — or, with
FAKE_OAUTH_CONSENT=deny, error=access_denied; with FAKE_OAUTH_CONSENT=admin, Microsoft's
AADSTS65001. The code is exchanged once, with the verifier that hashes to the challenge, for a
refresh token and an id token naming FAKE_OAUTH_EMAIL (tid: the consumer tenant when
FAKE_OAUTH_MS_ACCOUNT=personal).

Usage: fake_oauth.py LOG_PATH [LIFETIME_SECONDS]   (prints the port on stdout)
"""
import base64
import hashlib
import json
import os
import secrets
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENTS = {"/token": ("google-client", "google-secret"), "/common/oauth2/v2.0/token": ("ms-client", "ms-secret")}
AUTHORIZE = {"/auth": ("google-client", ["https://www.googleapis.com/auth/calendar", "email"]),
             "/common/oauth2/v2.0/authorize": ("ms-client", ["offline_access", "https://graph.microsoft.com/Calendars.ReadWrite"])}
CONSUMER_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def id_token(claims):
    return ".".join([b64url(json.dumps({"alg": "none"}).encode()), b64url(json.dumps(claims).encode()), ""])


def main():
    log, lifetime = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    known = set(t for t in (os.environ.get("FAKE_OAUTH_REFRESH_TOKENS") or "").split(",") if t)
    expires_in = int(os.environ.get("FAKE_OAUTH_EXPIRES_IN") or "3599")
    lock = threading.Lock()
    counter = [0]
    codes = {}  # code -> (client_id, redirect_uri, challenge)

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

        def do_GET(self):
            parsed = urllib.parse.urlsplit(self.path)
            query = {k: v[0] for k, v in urllib.parse.parse_qs(parsed.query).items()}
            with lock:
                with open(log, "a") as f:
                    f.write(json.dumps({"method": "GET", "path": parsed.path, "query": query}) + "\n")
            if parsed.path not in AUTHORIZE:
                return self.answer(404, {"error": "not_found"})
            client_id, needed = AUTHORIZE[parsed.path]
            redirect = query.get("redirect_uri") or ""
            problems = []
            if query.get("client_id") != client_id:
                problems.append("client_id")
            if not redirect.startswith("http://127.0.0.1:"):
                problems.append("redirect_uri (a loopback address, RFC 8252)")
            if query.get("response_type") != "code":
                problems.append("response_type")
            if query.get("code_challenge_method") != "S256" or len(query.get("code_challenge") or "") != 43:
                problems.append("code_challenge (S256)")
            if not query.get("state"):
                problems.append("state")
            scopes = (query.get("scope") or "").split()
            problems += [f"scope {n}" for n in needed if n not in scopes]
            if parsed.path == "/auth" and query.get("access_type") != "offline":
                problems.append("access_type=offline")
            if problems:
                return self.answer(400, {"error": "invalid_request", "error_description": "bad " + ", ".join(problems)})
            consent = os.environ.get("FAKE_OAUTH_CONSENT") or "allow"
            if consent == "deny":
                back = {"error": "access_denied", "error_description": "The user denied access", "state": query["state"]}
            elif consent == "admin" and parsed.path != "/auth":
                back = {"error": "consent_required", "state": query["state"],
                        "error_description": "AADSTS65001: The user or administrator has not consented to use the application."}
            else:
                code = secrets.token_urlsafe(16)
                with lock:
                    codes[code] = (client_id, redirect, query["code_challenge"], parsed.path != "/auth")
                back = {"code": code, "state": query["state"]}
            self.send_response(302)
            self.send_header("Location", redirect + "?" + urllib.parse.urlencode(back))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def exchange(self, form, microsoft):
            with lock:
                grant = codes.pop(form.get("code"), None)
            if grant is None:
                return self.answer(400, {"error": "invalid_grant", "error_description": "unknown or used code"})
            _, redirect, challenge, _ = grant
            verifier = form.get("code_verifier") or ""
            if form.get("redirect_uri") != redirect or b64url(hashlib.sha256(verifier.encode()).digest()) != challenge:
                return self.answer(400, {"error": "invalid_grant", "error_description": "redirect_uri or code_verifier does not match"})
            with lock:
                counter[0] += 1
                refresh = f"rt-granted-{counter[0]}"
                known.add(refresh)
            claims = {"email": os.environ.get("FAKE_OAUTH_EMAIL") or "maria@acme.example"}
            if microsoft:
                personal = os.environ.get("FAKE_OAUTH_MS_ACCOUNT") == "personal"
                claims["tid"] = CONSUMER_TENANT if personal else "72f988bf-86f1-41af-91ab-2d7cd011db47"
            self.answer(200, {"access_token": f"at.{counter[0]}", "expires_in": expires_in, "token_type": "Bearer",
                              "refresh_token": refresh, "id_token": id_token(claims)})

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
            microsoft = path != "/token"
            if form.get("grant_type") == "authorization_code":
                return self.exchange(form, microsoft)
            if form.get("grant_type") != "refresh_token":
                return self.answer(400, {"error": "unsupported_grant_type"})
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
