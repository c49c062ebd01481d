//! Dates as editors write them (`2015-05-18`, `2015-05-18T12:53:00+02:00`): parsed in the
//! site's time zone, and every refusal explained in our own words, field by field.

use jiff::Timestamp;

use crate::messages::Message;
use crate::msg;
use crate::parse::visible;

/// What is wrong with a date that did not parse, in words an editor understands. [`parse_date`]
/// already words its reasons itself (never the date library's text); this keeps only the
/// general one for text that is not a date at all.
pub fn date_problem(text: &str, why: Message) -> Message {
    if date_shaped(text) {
        why
    } else {
        msg!("date-not-year-month-day")
    }
}

fn date_shaped(text: &str) -> bool {
    text.len() >= 10
        && text.as_bytes()[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Parses `2015-05-18`, `2015-05-18T12:53:00`, `2015-05-18 12:53` (local time in `tz`) or an
/// RFC 3339 timestamp with an offset (`2015-05-18T12:53:00+02:00`, `…Z`). Offsets beyond
/// those of real time zones (−12:00 to +14:00) are refused. Errors say what is wrong in the
/// editor's terms; the date library's own text is never shown.
pub fn parse_date(text: &str, tz: &jiff::tz::TimeZone) -> Result<Timestamp, Message> {
    let parsed = if let Ok(ts) = text.parse::<Timestamp>() {
        Ok(ts)
    } else {
        let civil = text.parse::<jiff::civil::DateTime>().or_else(|_| {
            text.parse::<jiff::civil::Date>()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        });
        match civil {
            Ok(dt) => tz
                .to_ambiguous_zoned(dt)
                .compatible()
                .map(|z| z.timestamp())
                .map_err(|_| msg!("date-not-in-time-zone")),
            Err(_) => Err(msg!("date-unreadable")),
        }
    };
    // Checked whatever the parser said: it accepts offsets up to ±25:59.
    date_text_problem(text)?;
    parsed
}

/// The first thing wrong with a written date, field by field: the day, then the time of day,
/// then the offset.
fn date_text_problem(text: &str) -> Result<(), Message> {
    if !date_shaped(text) {
        return Err(msg!("date-not-year-month-day"));
    }
    day_problem(text)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Ok(());
    }
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return Err(msg!("date-unexpected-after-date", text = visible(rest)));
    };
    let clock_end = time
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(time.len());
    let (clock, zone) = time.split_at(clock_end);
    clock_problem(clock)?;
    offset_problem(zone)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The month and the day of `YYYY-MM-DD…` exist.
fn day_problem(text: &str) -> Result<(), Message> {
    let number = |range: std::ops::Range<usize>| -> u32 {
        text.get(range)
            .and_then(|s| s.parse().ok())
            .unwrap_or(u32::MAX)
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(msg!("date-no-such-month", month = format!("{month:02}")));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        // The year is a name, not a count: given as text, it is never written "2 015".
        return Err(msg!(
            "date-no-such-day",
            month = month,
            year = format!("{year:04}"),
            days = days,
            day = format!("{day:02}")
        ));
    }
    Ok(())
}

/// `HH:MM` or `HH:MM:SS[.fraction]` is a time of day.
fn clock_problem(clock: &str) -> Result<(), Message> {
    let mut parts = clock.splitn(3, ':');
    let hour = parts.next().unwrap_or_default();
    let minute = parts.next().unwrap_or_default();
    let second = parts
        .next()
        .map(|s| s.split(['.', ',']).next().unwrap_or_default());
    if !digits(hour) || !digits(minute) || hour.len() != 2 || minute.len() != 2 {
        return Err(msg!("date-not-a-time-of-day", text = visible(clock)));
    }
    if hour.parse::<u32>().unwrap_or(99) > 23 {
        return Err(msg!("date-no-such-hour", hour = hour));
    }
    if minute.parse::<u32>().unwrap_or(99) > 59 {
        return Err(msg!("date-no-such-minute", minute = minute));
    }
    if let Some(second) = second
        && (!digits(second) || second.len() != 2 || second.parse::<u32>().unwrap_or(99) > 59)
    {
        return Err(msg!("date-no-such-second", second = second));
    }
    Ok(())
}

/// Nothing, `Z`, or an offset of a real time zone (−12:00 to +14:00).
fn offset_problem(zone: &str) -> Result<(), Message> {
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        return Ok(());
    }
    let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') else {
        return Err(msg!(
            "date-unexpected-after-time",
            text = visible(zone.trim())
        ));
    };
    let amount = &zone[1..];
    let (h, m) = match amount.split_once(':') {
        Some((h, m)) => (h, m),
        None if amount.len() == 4 => amount.split_at(2),
        None => (amount, "00"),
    };
    if !digits(h) || !digits(m) || h.len() != 2 || m.len() != 2 {
        return Err(msg!("date-not-an-offset", text = visible(zone)));
    }
    let minutes = h.parse::<i32>().unwrap_or(99) * 60 + m.parse::<i32>().unwrap_or(99);
    let minutes = if sign == '-' { -minutes } else { minutes };
    if !(-12 * 60..=14 * 60).contains(&minutes) || m.parse::<u32>().unwrap_or(99) > 59 {
        return Err(msg!("date-offset-out-of-range", offset = visible(zone)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let ok = |s: &str| parse_date(s, &tz).unwrap().to_string();
        assert_eq!(ok("2015-05-18"), "2015-05-17T22:00:00Z");
        assert_eq!(ok("2015-01-18"), "2015-01-17T23:00:00Z");
        assert_eq!(ok("2015-05-18T12:53:00+02:00"), "2015-05-18T10:53:00Z");
        assert_eq!(ok("2015-05-18T12:53:00Z"), "2015-05-18T12:53:00Z");
        assert_eq!(ok("2015-05-18 12:53"), "2015-05-18T10:53:00Z");
        assert!(parse_date("18/05/2015", &tz).is_err());
        assert_eq!(ok("2016-02-29"), "2016-02-28T23:00:00Z");
        assert_eq!(ok("2015-05-18T12:53:00.5+02:00"), "2015-05-18T10:53:00.5Z");
        assert_eq!(ok("2015-05-18T12:53:00-12:00"), "2015-05-19T00:53:00Z");
        // Every refusal in our own words, never the date library's.
        for (text, words) in [
            ("2015-02-30", "February 2015 has 28 days"),
            ("2015-02-29", "February 2015 has 28 days"),
            ("2015-13-01", "no month 13"),
            ("2015-00-10", "no month 00"),
            ("2015-04-31", "April 2015 has 30 days"),
            ("2015-05-18T25:00:00+02:00", "no hour 25"),
            ("2015-05-18T12:61", "no minute 61"),
            ("2015-05-18T12:53:00+25:00", "offset +25:00"),
            ("2015-05-18T12:53:00-13:00", "offset -13:00"),
            ("2015-05-18T12:53:00+02:75", "offset +02:75"),
            ("2015-05-18T1:5", "not a time of day"),
            ("2015-05-18 midi", "not a time of day"),
            ("2015-05-18T12:53:00 Paris", "after the time"),
            ("18 mai 2015", "year-month-day"),
        ] {
            let why = parse_date(text, &tz).unwrap_err();
            let (en, fr) = (why.en(), why.render(crate::messages::Lang::Fr));
            assert!(en.contains(words), "{text}: {en}");
            for english in ["failed to parse", "parsing", "invalid", "two digit"] {
                assert!(!en.contains(english), "{text}: {en}");
                assert!(!fr.contains(english), "{text}: {fr}");
            }
            assert!(
                !fr.contains('['),
                "{text}: a key missing from the catalogue: {fr}"
            );
        }
        let why = parse_date("2015-02-30", &tz).unwrap_err();
        assert_eq!(
            why.render(crate::messages::Lang::Fr),
            "f\u{e9}vrier 2015 compte 28 jours\u{a0}: il n\u{2019}y a pas de jour 30"
        );
    }
}
