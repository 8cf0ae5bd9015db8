// Reads an .ics from stdin and prints what Mozilla's ical.js (Thunderbird's parser) sees, as JSON:
// {calendar: [[name, value], ...], timezones: [tzid, ...],
//  events: [{uid, summary, status, sequence, start_utc, end_utc, start, end, start_tzid, alarms}]}.
// start/end are ical.js's own strings: the date of all-day events, the wall time otherwise.
// ical.js has no tz database: TZIDs resolve only through the file's VTIMEZONEs, registered with
// TimezoneService as Thunderbird does. An event whose TZID stays unresolved is an error (exit 2)
// rather than silently read as floating time.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const fail = (message) => {
  process.stderr.write(`parse_ics: ${message}\n`);
  process.exit(2);
};

const jcal = ICAL.parse(readFileSync(0, "utf8"));
if (Array.isArray(jcal[0])) fail("expected exactly one VCALENDAR");
const root = new ICAL.Component(jcal);

ICAL.TimezoneService.reset();
const timezones = root.getAllSubcomponents("vtimezone").map((vtz) => {
  const zone = new ICAL.Timezone(vtz);
  ICAL.TimezoneService.register(zone);
  return zone.tzid;
});

const utcIso = (time, prop) => {
  if (!time) return null;
  if (time.isDate) return null; // all-day: no instant
  const tzid = prop?.getParameter("tzid");
  if (tzid && (!time.zone || time.zone.tzid !== tzid)) fail(`unresolved TZID ${tzid}`);
  if (time.zone === ICAL.Timezone.localTimezone) return null; // floating
  return new Date(time.toUnixTime() * 1000).toISOString();
};

const events = root.getAllSubcomponents("vevent").map((comp) => {
  const event = new ICAL.Event(comp);
  const dtstart = comp.getFirstProperty("dtstart");
  // DTEND may be absent (DURATION or none): ical.js derives endDate, in DTSTART's zone.
  const dtend = comp.getFirstProperty("dtend") ?? dtstart;
  return {
    uid: event.uid,
    summary: event.summary,
    status: comp.getFirstPropertyValue("status"),
    sequence: event.sequence,
    start_utc: utcIso(event.startDate, dtstart),
    end_utc: utcIso(event.endDate, dtend),
    start: event.startDate?.toString() ?? null,
    end: event.endDate?.toString() ?? null,
    start_tzid: dtstart?.getParameter("tzid") ?? null,
    alarms: comp
      .getAllSubcomponents("valarm")
      .map((alarm) => String(alarm.getFirstPropertyValue("trigger"))),
  };
});

const calendar = root.getAllProperties().map((prop) => [prop.name, String(prop.getFirstValue())]);
process.stdout.write(`${JSON.stringify({ calendar, timezones, events }, null, 1)}\n`);
