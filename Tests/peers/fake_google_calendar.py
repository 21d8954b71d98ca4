#!/usr/bin/env python3
"""A local stand-in for the Google Calendar API, for the tests only: 127.0.0.1, an ephemeral port,
and a bounded lifetime. It keeps events in memory, answers events.insert / get / patch / delete
and freeBusy.query in Google's documented shapes, refuses requests without a bearer token or with
a body that lacks what the API requires, and appends every request it saw to a JSON-lines log.

Usage: fake_google_calendar.py LOG_PATH [LIFETIME_SECONDS]   (prints the port on stdout)
"""
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[1]
LIFETIME = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
EVENTS = {}
LOCK = threading.Lock()
ID_RE = re.compile(r"^[a-v0-9]{5,1024}$")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        with LOCK:
            with open(LOG, "a") as f:
                f.write(json.dumps({"method": method, "path": self.path, "authorization": self.headers.get("Authorization"),
                                    "content_type": self.headers.get("Content-Type"), "body": body}) + "\n")
        if not (self.headers.get("Authorization") or "").startswith("Bearer ") or len(self.headers.get("Authorization", "")) <= 7:
            return self.reply(401, {"error": {"code": 401, "message": "Request is missing required authentication credential."}})
        m = re.match(r"^/calendar/v3/calendars/([^/]+)/events(?:/([^/?]+))?(\?.*)?$", self.path)
        if method == "POST" and self.path.startswith("/calendar/v3/freeBusy"):
            items = [i.get("id") for i in (body or {}).get("items", [])]
            cals = {}
            for cid in items:
                if cid == "missing@example.com":
                    cals[cid] = {"errors": [{"domain": "global", "reason": "notFound"}]}
                else:
                    busy = [{"start": e["start"]["dateTime"], "end": e["end"]["dateTime"]} for e in EVENTS.values()]
                    cals[cid] = {"busy": busy}
            return self.reply(200, {"kind": "calendar#freeBusy", "timeMin": body.get("timeMin"), "timeMax": body.get("timeMax"), "calendars": cals})
        if not m:
            return self.reply(404, {"error": {"code": 404, "message": "Not Found"}})
        event_id = m.group(2)
        if method == "POST" and event_id is None:
            if "conferenceDataVersion=1" not in (m.group(3) or "") and "conferenceData" in (body or {}):
                return self.reply(400, {"error": {"code": 400, "message": "conferenceData needs conferenceDataVersion=1"}})
            for key in ("summary", "start", "end", "attendees"):
                if key not in (body or {}):
                    return self.reply(400, {"error": {"code": 400, "message": f"Missing {key}."}})
            if "id" in body and not ID_RE.match(body["id"]):
                return self.reply(400, {"error": {"code": 400, "message": "Invalid resource id value."}})
            eid = body.get("id") or f"gen{len(EVENTS)}"
            with LOCK:
                if eid in EVENTS:
                    return self.reply(409, {"error": {"code": 409, "message": "The requested identifier already exists."}})
                event = dict(body, id=eid, status="confirmed", htmlLink=f"https://calendar.google.example/event?eid={eid}")
                if "conferenceData" in body:
                    event["hangoutLink"] = "https://meet.google.com/abc-defg-hij"
                EVENTS[eid] = event
            return self.reply(200, event)
        if event_id not in EVENTS:
            return self.reply(404 if method != "DELETE" else 410, {"error": {"code": 404, "message": "Not Found"}})
        if method == "GET":
            return self.reply(200, EVENTS[event_id])
        if method == "PATCH":
            with LOCK:
                EVENTS[event_id].update(body or {})
            return self.reply(200, EVENTS[event_id])
        if method == "DELETE":
            with LOCK:
                del EVENTS[event_id]
            self.send_response(204)
            self.end_headers()
            return
        return self.reply(405, {"error": {"code": 405, "message": "Method not allowed"}})

    def do_GET(self): self.handle_any("GET")
    def do_POST(self): self.handle_any("POST")
    def do_PATCH(self): self.handle_any("PATCH")
    def do_DELETE(self): self.handle_any("DELETE")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Timer(LIFETIME, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
