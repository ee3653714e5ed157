// Reads an iCalendar file on standard input the way Thunderbird and many web calendars do (ical.js), and
// prints each event's UID with its start and end as UTC instants (seconds since 1970), or its dates.
// The file's own VTIMEZONEs are the only zone definitions used: nothing else tells ical.js the offsets.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const root = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const out = {};
for (const vevent of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  const when = (t) => (t.isDate ? t.toString() : t.toUnixTime());
  out[event.uid] = { start: when(event.startDate), end: when(event.endDate), zone: event.startDate.zone.tzid };
}
process.stdout.write(JSON.stringify(out));
