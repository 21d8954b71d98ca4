#!/usr/bin/env python3
"""A local stand-in for the Google Calendar API, for the tests only: events.insert / get / patch /
delete and freeBusy.query in Google's documented shapes, refusing requests without a bearer token
or with a body that lacks what the API requires (see fake_http.py for the server and the log).

Usage: fake_google_calendar.py LOG_PATH [LIFETIME_SECONDS]   (prints the port on stdout)
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_http import serve  # noqa: E402

EVENTS = {}
ID_RE = re.compile(r"^[a-v0-9]{5,1024}$")
NOT_FOUND = {"error": {"code": 404, "message": "Not Found"}}


def route(method, path, body, headers):
    if method == "POST" and path.startswith("/calendar/v3/freeBusy"):
        calendars = {}
        for cid in [i.get("id") for i in (body or {}).get("items", [])]:
            if cid == "missing@example.com":
                calendars[cid] = {"errors": [{"domain": "global", "reason": "notFound"}]}
            else:
                calendars[cid] = {"busy": [{"start": e["start"]["dateTime"], "end": e["end"]["dateTime"]} for e in EVENTS.values()]}
        return 200, {"kind": "calendar#freeBusy", "timeMin": body.get("timeMin"), "timeMax": body.get("timeMax"), "calendars": calendars}
    m = re.match(r"^/calendar/v3/calendars/([^/]+)/events(?:/([^/?]+))?(\?.*)?$", path)
    if not m:
        return 404, NOT_FOUND
    event_id = m.group(2)
    if method == "POST" and event_id is None:
        if "conferenceDataVersion=1" not in (m.group(3) or "") and "conferenceData" in (body or {}):
            return 400, {"error": {"code": 400, "message": "conferenceData needs conferenceDataVersion=1"}}
        for key in ("summary", "start", "end", "attendees"):
            if key not in (body or {}):
                return 400, {"error": {"code": 400, "message": f"Missing {key}."}}
        if "id" in body and not ID_RE.match(body["id"]):
            return 400, {"error": {"code": 400, "message": "Invalid resource id value."}}
        eid = body.get("id") or f"gen{len(EVENTS)}"
        if eid in EVENTS:
            return 409, {"error": {"code": 409, "message": "The requested identifier already exists."}}
        event = dict(body, id=eid, status="confirmed", htmlLink=f"https://calendar.google.example/event?eid={eid}")
        if "conferenceData" in body:
            event["hangoutLink"] = "https://meet.google.com/abc-defg-hij"
        EVENTS[eid] = event
        return 200, event
    if event_id not in EVENTS:
        return (410 if method == "DELETE" else 404), NOT_FOUND
    if method == "GET":
        return 200, EVENTS[event_id]
    if method == "PATCH":
        EVENTS[event_id].update(body or {})
        return 200, EVENTS[event_id]
    if method == "DELETE":
        del EVENTS[event_id]
        return 204, None
    return 405, {"error": {"code": 405, "message": "Method not allowed"}}


if __name__ == "__main__":
    serve(route, {"error": {"code": 401, "message": "Request is missing required authentication credential."}})
