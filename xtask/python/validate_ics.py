"""Checks calendar files with the icalendar package (an outside RFC 5545 parser).

Usage: validate_ics.py FILE...
Each file must parse as one VCALENDAR holding exactly one VEVENT with a UID, a DTSTAMP, and a
DTSTART and DTEND in UTC with the end after the start. Words given with --forbid must not appear
anywhere in the file. Prints "ok FILE START END" per file; exits 1 on the first failure.
"""

import datetime
import sys

import icalendar


def check(path, forbidden):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    for word in forbidden:
        if word.lower() in text.lower():
            raise ValueError(f"holds {word!r}")
    calendar = icalendar.Calendar.from_ical(raw)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    if len(events) != 1:
        raise ValueError(f"{len(events)} events")
    event = events[0]
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        if prop not in event:
            raise ValueError(f"no {prop}")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    for name, value in (("DTSTART", start), ("DTEND", end)):
        if not isinstance(value, datetime.datetime) or value.utcoffset() != datetime.timedelta(0):
            raise ValueError(f"{name} {value!r} is not a UTC time")
    if end <= start:
        raise ValueError("ends before it starts")
    return start, end


def main(args):
    forbidden, paths = [], []
    while args:
        arg = args.pop(0)
        if arg == "--forbid":
            forbidden.append(args.pop(0))
        else:
            paths.append(arg)
    for path in paths:
        try:
            start, end = check(path, forbidden)
        except Exception as e:  # noqa: BLE001 - any failure is reported the same way
            print(f"invalid {path}: {e}")
            return 1
        print(f"ok {path} {start.isoformat()} {end.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
