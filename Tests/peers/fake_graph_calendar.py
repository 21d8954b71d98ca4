#!/usr/bin/env python3
"""A local stand-in for Microsoft Graph's calendar API, for the tests only: 127.0.0.1, an
ephemeral port, a bounded lifetime. It answers getSchedule, event create (deduplicated by
transactionId, as Graph does), the extended-property $filter slotplan uses, PATCH and DELETE in
Graph's documented shapes, refuses requests without a bearer token or without required fields,
and appends every request to a JSON-lines log.

Usage: fake_graph_calendar.py LOG_PATH [LIFETIME_SECONDS]   (prints the port on stdout)
"""
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[1]
LIFETIME = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
EVENTS = {}
LOCK = threading.Lock()


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
        path = urllib.parse.unquote(self.path)
        with LOCK:
            with open(LOG, "a") as f:
                f.write(json.dumps({"method": method, "path": path, "authorization": self.headers.get("Authorization"),
                                    "prefer": self.headers.get("Prefer"), "body": body}) + "\n")
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Bearer ") or len(auth) <= 7:
            return self.reply(401, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}})
        if method == "POST" and path == "/v1.0/me/calendar/getSchedule":
            values = []
            for sid in body.get("schedules", []):
                if sid == "missing@example.com":
                    values.append({"scheduleId": sid, "error": {"message": "The specified mailbox could not be found.", "responseCode": "ErrorMailboxNotFound"}})
                else:
                    items = [{"status": "busy", "subject": e.get("subject"), "start": e["start"], "end": e["end"]} for e in EVENTS.values()]
                    values.append({"scheduleId": sid, "availabilityView": "", "scheduleItems": items})
            return self.reply(200, {"value": values})
        if method == "POST" and re.match(r"^/v1\.0/me/(calendars/[^/]+/)?events$", path):
            for key in ("subject", "start", "end", "attendees", "transactionId"):
                if key not in (body or {}):
                    return self.reply(400, {"error": {"code": "ErrorInvalidRequest", "message": f"Missing {key}."}})
            with LOCK:
                for event in EVENTS.values():
                    if event["transactionId"] == body["transactionId"]:
                        return self.reply(201, event)
                eid = f"AAMkAD{len(EVENTS):04d}="
                event = dict(body, id=eid)
                if body.get("isOnlineMeeting"):
                    event["onlineMeeting"] = {"joinUrl": "https://teams.microsoft.example/l/meetup-join/abc"}
                EVENTS[eid] = event
            return self.reply(201, event)
        if method == "GET" and path.startswith("/v1.0/me/events?"):
            m = re.search(r"ep/value eq '([^']+)'", path)
            lineage = m.group(1) if m else None
            found = [e for e in EVENTS.values() if any(p.get("value") == lineage and p["id"].endswith("slotplanLineage")
                                                       for p in e.get("singleValueExtendedProperties", []))]
            shown = []
            for e in found:
                e2 = dict(e)
                e2["singleValueExtendedProperties"] = [p for p in e.get("singleValueExtendedProperties", []) if p["id"].endswith("slotplanBooking")]
                shown.append(e2)
            return self.reply(200, {"value": shown})
        m = re.match(r"^/v1\.0/me/events/([^/?]+)$", path)
        if not m:
            return self.reply(404, {"error": {"code": "ResourceNotFound", "message": "Not found"}})
        eid = m.group(1)
        if eid not in EVENTS:
            return self.reply(404, {"error": {"code": "ErrorItemNotFound", "message": "The specified object was not found in the store."}})
        if method == "PATCH":
            with LOCK:
                EVENTS[eid].update(body or {})
            return self.reply(200, EVENTS[eid])
        if method == "DELETE":
            with LOCK:
                del EVENTS[eid]
            self.send_response(204)
            self.end_headers()
            return
        if method == "GET":
            return self.reply(200, EVENTS[eid])
        return self.reply(405, {"error": {"code": "MethodNotAllowed", "message": "Method not allowed"}})

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
