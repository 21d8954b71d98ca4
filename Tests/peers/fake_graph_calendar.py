#!/usr/bin/env python3
"""A local stand-in for Microsoft Graph's calendar API, for the tests only: getSchedule, event
create (deduplicated by transactionId, as Graph does), the extended-property $filter slotplan
uses, PATCH and DELETE in Graph's documented shapes, refusing requests without a bearer token or
required fields (see fake_http.py for the server and the log).

Usage: fake_graph_calendar.py LOG_PATH [LIFETIME_SECONDS]   (prints the port on stdout)
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_http import serve  # noqa: E402

EVENTS = {}


def route(method, path, body, headers):
    if method == "POST" and path == "/v1.0/me/calendar/getSchedule":
        values = []
        for sid in body.get("schedules", []):
            if sid == "missing@example.com":
                values.append({"scheduleId": sid, "error": {"message": "The specified mailbox could not be found.",
                                                            "responseCode": "ErrorMailboxNotFound"}})
            else:
                items = [{"status": "busy", "subject": e.get("subject"), "start": e["start"], "end": e["end"]} for e in EVENTS.values()]
                values.append({"scheduleId": sid, "availabilityView": "", "scheduleItems": items})
        return 200, {"value": values}
    if method == "POST" and re.match(r"^/v1\.0/me/(calendars/[^/]+/)?events$", path):
        for key in ("subject", "start", "end", "attendees", "transactionId"):
            if key not in (body or {}):
                return 400, {"error": {"code": "ErrorInvalidRequest", "message": f"Missing {key}."}}
        for event in EVENTS.values():
            if event["transactionId"] == body["transactionId"]:
                return 201, event
        eid = f"AAMkAD{len(EVENTS):04d}="
        event = dict(body, id=eid)
        if body.get("isOnlineMeeting"):
            event["onlineMeeting"] = {"joinUrl": "https://teams.microsoft.example/l/meetup-join/abc"}
        EVENTS[eid] = event
        return 201, event
    if method == "GET" and path.startswith("/v1.0/me/events?"):
        m = re.search(r"ep/value eq '([^']+)'", path)
        lineage = m.group(1) if m else None
        shown = []
        for e in EVENTS.values():
            props = e.get("singleValueExtendedProperties", [])
            if any(p.get("value") == lineage and p["id"].endswith("slotplanLineage") for p in props):
                shown.append(dict(e, singleValueExtendedProperties=[p for p in props if p["id"].endswith("slotplanBooking")]))
        return 200, {"value": shown}
    m = re.match(r"^/v1\.0/me/events/([^/?]+)$", path)
    if not m:
        return 404, {"error": {"code": "ResourceNotFound", "message": "Not found"}}
    eid = m.group(1)
    if eid not in EVENTS:
        return 404, {"error": {"code": "ErrorItemNotFound", "message": "The specified object was not found in the store."}}
    if method == "PATCH":
        EVENTS[eid].update(body or {})
        return 200, EVENTS[eid]
    if method == "DELETE":
        del EVENTS[eid]
        return 204, None
    if method == "GET":
        return 200, EVENTS[eid]
    return 405, {"error": {"code": "MethodNotAllowed", "message": "Method not allowed"}}


if __name__ == "__main__":
    serve(route, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token is empty."}})
