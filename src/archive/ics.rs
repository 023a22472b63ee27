//! The editorial calendar as iCalendar (RFC 5545), written by the `icalendar` crate: an event
//! per scheduled or published piece at its wall-clock time in its zone (`DTSTART;TZID=...`),
//! and a `VTIMEZONE` for each zone used, with every change of offset between a year before the
//! first event and a year after the last, so that a calendar app in any zone shows each piece
//! at its instant on both sides of the clock changes.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike};

/// A piece on the calendar.
pub struct Entry<'a> {
    pub id: &'a str,
    pub headline: &'a str,
    pub section: &'a str,
    pub bylines: &'a [String],
    /// `scheduled` or `published`.
    pub stage: &'a str,
    pub at: DateTime<Utc>,
    pub zone: Tz,
}

/// How long a piece's event lasts in a calendar app.
const LENGTH: Duration = Duration::minutes(30);

/// The calendar of `entries`, stamped `now`.
pub fn write(name: &str, entries: &[Entry], now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    let mut zones: BTreeMap<&str, (Tz, i32, i32)> = BTreeMap::new();
    for e in entries {
        let y = e.at.with_timezone(&e.zone).year();
        let span = zones.entry(e.zone.name()).or_insert((e.zone, y, y));
        span.1 = span.1.min(y);
        span.2 = span.2.max(y);
    }
    for (tz, from, to) in zones.values() {
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:galley\r\n{}END:VCALENDAR\r\n",
            vtimezone(*tz, from - 1, to + 1)
        );
        let parsed: Calendar = text.parse().expect("a VTIMEZONE we wrote parses");
        for c in parsed.components {
            cal.push(c);
        }
    }
    for e in entries {
        let start = at_in(e.at, e.zone);
        let end = at_in(e.at + LENGTH, e.zone);
        let by = if e.bylines.is_empty() {
            String::new()
        } else {
            format!(" \u{b7} by {}", e.bylines.join(", "))
        };
        let mut ev = icalendar::Event::new();
        ev.uid(&format!("{}@galley", e.id))
            .timestamp(now)
            .summary(e.headline)
            .description(&format!("{} \u{b7} {}{by}", e.section, e.stage))
            .starts(start)
            .ends(end)
            .url(&format!("galley://piece/{}", e.id))
            .add_property("CATEGORIES", e.section)
            .status(if e.stage == "published" {
                icalendar::EventStatus::Confirmed
            } else {
                icalendar::EventStatus::Tentative
            });
        cal.push(ev.done());
    }
    cal.done().to_string()
}

/// An instant as wall-clock time in its zone, or in UTC when that wall-clock time happens twice
/// (the hour repeated when the clocks go back), which a calendar app would read as the first.
fn at_in(at: DateTime<Utc>, zone: Tz) -> CalendarDateTime {
    let local = at.with_timezone(&zone).naive_local();
    match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(_) => CalendarDateTime::WithTimezone {
            date_time: local,
            tzid: zone.name().to_string(),
        },
        _ => CalendarDateTime::Utc(at),
    }
}

fn offset_of(tz: Tz, at: DateTime<Utc>) -> (i32, bool, String) {
    let o = tz.offset_from_utc_datetime(&at.naive_utc());
    (
        o.fix().local_minus_utc(),
        o.dst_offset().num_seconds() != 0,
        o.abbreviation().unwrap_or("").to_string(),
    )
}

fn hhmm(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let s = secs.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

/// The `VTIMEZONE` of `tz` for the years `from..=to`: its offset at the start, then each change.
pub fn vtimezone(tz: Tz, from: i32, to: i32) -> String {
    let start = Utc.from_utc_datetime(
        &NaiveDate::from_ymd_opt(from, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
    );
    let end = Utc.from_utc_datetime(
        &NaiveDate::from_ymd_opt(to, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 0)
            .unwrap(),
    );
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", tz.name());
    let mut part = |at: DateTime<Utc>, before: i32, after: (i32, bool, String)| {
        let kind = if after.1 { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the wall-clock time of the change in the offset before it.
        let local = (at + Duration::seconds(before as i64)).naive_utc();
        out.push_str(&format!(
            "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
            local.format("%Y%m%dT%H%M%S"),
            hhmm(before),
            hhmm(after.0)
        ));
        if !after.2.is_empty() && !after.2.starts_with(['+', '-']) {
            out.push_str(&format!("TZNAME:{}\r\n", after.2));
        }
        out.push_str(&format!("END:{kind}\r\n"));
    };
    let first = offset_of(tz, start);
    part(start, first.0, first.clone());
    // Each day at the same hour; where the offset differs from the day before, the minute of
    // the change is found by halving.
    let mut prev = first;
    let mut t = start;
    while t < end {
        let next = t + Duration::days(1);
        let o = offset_of(tz, next);
        if o.0 != prev.0 || o.1 != prev.1 {
            // Changes fall on a whole minute: halve the day's minutes.
            let (mut lo, mut hi) = (0i64, 24 * 60);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                let o = offset_of(tz, t + Duration::minutes(mid));
                if o.0 == prev.0 && o.1 == prev.1 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let hi = t + Duration::minutes(hi);
            part(hi, prev.0, o.clone());
            prev = o;
        }
        t = next;
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn london_changes_twice_a_year_at_one_in_the_morning_utc() {
        let v = vtimezone(chrono_tz::Europe::London, 2026, 2026);
        assert!(v.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST"), "{v}");
        assert!(v.contains("BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT"), "{v}");
        // 01:30 on the night the clocks go back happens twice: the second is written in UTC.
        let second = "2026-10-25T01:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert!(
            matches!(at_in(second, chrono_tz::Europe::London), CalendarDateTime::Utc(t) if t == second)
        );
        let plain = "2026-10-26T09:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert!(matches!(
            at_in(plain, chrono_tz::Europe::London),
            CalendarDateTime::WithTimezone { .. }
        ));
        let tokyo = vtimezone(chrono_tz::Asia::Tokyo, 2026, 2026);
        assert_eq!(tokyo.matches("BEGIN:STANDARD").count(), 1, "{tokyo}");
    }
}
