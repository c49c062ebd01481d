//! Dates as editors write them (`2015-05-18`, `2015-05-18T12:53:00+02:00`): parsed in the
//! site's time zone, and every refusal explained in our own words, field by field.

use jiff::Timestamp;

/// What is wrong with a date that did not parse, in words an editor understands. [`parse_date`]
/// already words its reasons itself (never the date library's text); this keeps only the
/// general one for text that is not a date at all.
pub fn date_problem(text: &str, why: String) -> String {
    if date_shaped(text) {
        why
    } else {
        "this is not written as year-month-day".to_string()
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
/// editor's terms.
pub fn parse_date(text: &str, tz: &jiff::tz::TimeZone) -> Result<Timestamp, String> {
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
                .map_err(|_| "this time does not exist in the site's time zone".to_string()),
            Err(_) => Err(String::new()),
        }
    };
    // Checked whatever the parser said: it accepts offsets up to ±25:59.
    date_text_problem(text)?;
    parsed.map_err(|_| {
        "this date could not be read; write it as 2015-05-18 or 2015-05-18T12:53:00+02:00".into()
    })
}

/// The first thing wrong with a written date, field by field: the day, then the time of day,
/// then the offset.
fn date_text_problem(text: &str) -> Result<(), String> {
    if !date_shaped(text) {
        return Err("this is not written as year-month-day".into());
    }
    day_problem(text)?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Ok(());
    }
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return Err(format!("unexpected {rest:?} after the date; {TIME_HELP}"));
    };
    let clock_end = time
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(time.len());
    let (clock, zone) = time.split_at(clock_end);
    clock_problem(clock)?;
    offset_problem(zone)
}

const TIME_HELP: &str = "write the time as 12:53 or 12:53:00, after a `T` or a space";

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The month and the day of `YYYY-MM-DD…` exist.
fn day_problem(text: &str) -> Result<(), String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let number = |range: std::ops::Range<usize>| -> u32 {
        text.get(range)
            .and_then(|s| s.parse().ok())
            .unwrap_or(u32::MAX)
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!(
            "there is no month {month:02}; months go from 01 to 12"
        ));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!(
            "{} {year} has {days} days; there is no day {day:02}",
            MONTHS[month as usize - 1]
        ));
    }
    Ok(())
}

/// `HH:MM` or `HH:MM:SS[.fraction]` is a time of day.
fn clock_problem(clock: &str) -> Result<(), String> {
    let mut parts = clock.splitn(3, ':');
    let hour = parts.next().unwrap_or_default();
    let minute = parts.next().unwrap_or_default();
    let second = parts
        .next()
        .map(|s| s.split(['.', ',']).next().unwrap_or_default());
    if !digits(hour) || !digits(minute) || hour.len() != 2 || minute.len() != 2 {
        return Err(format!("{clock:?} is not a time of day; {TIME_HELP}"));
    }
    if hour.parse::<u32>().unwrap_or(99) > 23 {
        return Err(format!("there is no hour {hour}; hours go from 00 to 23"));
    }
    if minute.parse::<u32>().unwrap_or(99) > 59 {
        return Err(format!(
            "there is no minute {minute}; minutes go from 00 to 59"
        ));
    }
    if let Some(second) = second
        && (!digits(second) || second.len() != 2 || second.parse::<u32>().unwrap_or(99) > 59)
    {
        return Err(format!(
            "{second:?} is not a number of seconds; seconds go from 00 to 59"
        ));
    }
    Ok(())
}

/// Nothing, `Z`, or an offset of a real time zone (−12:00 to +14:00).
fn offset_problem(zone: &str) -> Result<(), String> {
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        return Ok(());
    }
    let offset_help =
        "write the offset as +02:00 (summer in Paris) or +01:00 (winter), or end with Z for UTC";
    let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') else {
        return Err(format!("unexpected {zone:?} after the time; {offset_help}"));
    };
    let amount = &zone[1..];
    let (h, m) = match amount.split_once(':') {
        Some((h, m)) => (h, m),
        None if amount.len() == 4 => amount.split_at(2),
        None => (amount, "00"),
    };
    if !digits(h) || !digits(m) || h.len() != 2 || m.len() != 2 {
        return Err(format!("{zone:?} is not a time zone offset; {offset_help}"));
    }
    let minutes = h.parse::<i32>().unwrap_or(99) * 60 + m.parse::<i32>().unwrap_or(99);
    let minutes = if sign == '-' { -minutes } else { minutes };
    if !(-12 * 60..=14 * 60).contains(&minutes) || m.parse::<u32>().unwrap_or(99) > 59 {
        return Err(format!(
            "the offset {zone} is not one of a real time zone (they go from -12:00 to +14:00); {offset_help}"
        ));
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
            assert!(why.contains(words), "{text}: {why}");
            for english in ["failed to parse", "parsing", "invalid", "two digit"] {
                assert!(!why.contains(english), "{text}: {why}");
            }
        }
    }
}
