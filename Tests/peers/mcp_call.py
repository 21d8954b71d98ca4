#!/usr/bin/env python3
"""The seed's phone call, played by the official Python MCP SDK (`mcp` on PyPI) against slotplan's
MCP tools, over stdio (`slotplan mcp`) or streamable HTTP (`serve --mcp`). It asserts nothing
itself: it prints one JSON transcript of every tool call for the Swift test to check.

Usage: mcp_call.py stdio SLOTPLAN_BINARY ARG...   (the arguments of `slotplan mcp`)
       mcp_call.py http URL KEY
Bounded: every step has a timeout; the whole run at most 60 s.
"""
import asyncio
import json
import sys
from datetime import timedelta

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client

CAMPAIGN = "q4-renewals"
PHONE = "+13125550100"  # Chicago: the caller's zone differs from the owner's (New York)


async def call(session, name, arguments):
    result = await session.call_tool(name, arguments, read_timeout_seconds=timedelta(seconds=20))
    text = "\n".join(c.text for c in result.content if c.type == "text")
    return {"tool": name, "is_error": bool(result.isError), "structured": result.structuredContent, "text": text}


async def scenario(session, racer):
    """`racer`: a second session (another caller) for the race."""
    out = {}
    await session.initialize()
    listed = await session.list_tools()
    out["tools"] = {t.name: {"description": t.description, "schema": t.inputSchema} for t in listed.tools}
    # The AI proposes the meeting and asks for the address in the policy's words.
    out["campaigns"] = await call(session, "list_campaigns", {})
    # The caller says their address; the AI reads it back before booking.
    out["parsed"] = await call(session, "parse_spoken_email", {"spoken": "john at example dot com"})
    email = (out["parsed"]["structured"] or {}).get("email", "")
    out["readback"] = await call(session, "read_back_email", {"email": email, "campaign": CAMPAIGN})
    out["offers"] = await call(session, "find_slots", {"campaign": CAMPAIGN, "call_id": "call-1", "recipient": {"phone": PHONE}})
    offers = (out["offers"]["structured"] or {}).get("offers", [])
    if not offers:
        return out
    first = offers[0]

    def book(call_id, offer_id, mail):
        return {"campaign": CAMPAIGN, "call_id": call_id, "offer_id": offer_id,
                "recipient": {"email": mail, "first_name": "John", "phone": PHONE}}

    # Two callers want the same slot at once: exactly one wins.
    out["race"] = list(await asyncio.gather(call(session, "book_slot", book("call-1", first["id"], email)),
                                            call(racer, "book_slot", book("call-2", first["id"], "mary@example.com"))))
    winner = next((r for r in out["race"] if not r["is_error"]), None)
    if winner is None:
        return out
    won = "call-1" if winner is out["race"][0] else "call-2"
    mail = email if won == "call-1" else "mary@example.com"
    out["winner"] = won
    # The model repeats the call: the same booking, not a second one.
    out["repeat"] = await call(session, "book_slot", book(won, first["id"], mail))
    booking = winner["structured"]["booking"]
    # "Can we do Wednesday instead?"
    out["wednesday"] = await call(session, "find_slots", {"campaign": CAMPAIGN, "call_id": won, "recipient": {"phone": PHONE},
                                                          "weekdays": ["wed"], "count": 1})
    wednesday = (out["wednesday"]["structured"] or {}).get("offers", [])
    if wednesday:
        out["moved"] = await call(session, "reschedule_booking", {"booking_id": booking["id"], "call_id": won, "offer_id": wednesday[0]["id"]})
    out["explain"] = await call(session, "explain_time", {"campaign": CAMPAIGN, "at": first["start"]})
    # Another booking, then cancelled (twice: the second is harmless).
    if len(offers) > 1:
        other = await call(session, "book_slot", book("call-3", offers[1]["id"], "ann@example.com"))
        out["other"] = other
        if not other["is_error"]:
            out["cancel"] = await call(session, "cancel_booking", {"booking_id": other["structured"]["booking"]["id"]})
            out["cancel_again"] = await call(session, "cancel_booking", {"booking_id": other["structured"]["booking"]["id"]})
    # Refusals a model can act on.
    out["refusals"] = {
        "tampered_offer": await call(session, "book_slot", book("call-4", first["id"][:-4] + "AAAA", "x@example.com")),
        "unknown_campaign": await call(session, "find_slots", {"campaign": "q4-renewal", "call_id": "call-4"}),
        "unknown_field": await call(session, "find_slots", {"campaign": CAMPAIGN, "call_id": "call-4", "colour": "red"}),
        "no_call_id": await call(session, "book_slot", {"campaign": CAMPAIGN, "start": first["start"], "recipient": {"email": "x@example.com"}}),
        "not_offered": await call(session, "book_slot", {"campaign": CAMPAIGN, "call_id": "call-4", "start": "2026-12-01T03:00:00Z",
                                                         "recipient": {"email": "x@example.com"}}),
        "unspeakable": await call(session, "parse_spoken_email", {"spoken": "I would rather not say"}),
        "unknown_tool": await call(session, "book_everything", {}),
    }
    return out


async def over_stdio(binary, args):
    params = StdioServerParameters(command=binary, args=args)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        # One stdio server per agent: the race's second caller is a second process on the same ledger.
        async with stdio_client(params) as (read2, write2), ClientSession(read2, write2) as racer:
            await racer.initialize()
            return await scenario(session, racer)


async def over_http(url, key):
    headers = {"Authorization": f"Bearer {key}"}
    async with streamablehttp_client(url, headers=headers, timeout=20) as (read, write, _), ClientSession(read, write) as session:
        async with streamablehttp_client(url, headers=headers, timeout=20) as (read2, write2, _), ClientSession(read2, write2) as racer:
            await racer.initialize()
            return await scenario(session, racer)


async def main():
    mode = sys.argv[1]
    run = over_stdio(sys.argv[2], sys.argv[3:]) if mode == "stdio" else over_http(sys.argv[2], sys.argv[3])
    print(json.dumps(await asyncio.wait_for(run, timeout=60)))


if __name__ == "__main__":
    asyncio.run(main())
