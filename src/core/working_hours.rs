//! Working hours: which weekdays and which part of the day, in the mentor's own zone.
//! Written and read as `Mon-Fri 09:00-17:00`; `Mon-Sun 00:00-24:00` means always.

use chrono::{Datelike, NaiveTime, Timelike, Weekday};
use std::fmt;
use std::str::FromStr;

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MINUTES_PER_DAY: u16 = 24 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkingHours {
    /// Bit 0 = Monday … bit 6 = Sunday.
    days: u8,
    /// Minutes after local midnight; `start < end <= 1440`.
    start: u16,
    end: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("expected days and times like `Mon-Fri 09:00-17:00`, got `{0}`")]
    Shape(String),
    #[error("`{0}` is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)")]
    Day(String),
    #[error("`{0}` is not a time between 00:00 and 24:00")]
    Time(String),
    #[error("the day must start before it ends (overnight hours are not supported)")]
    Order,
    #[error("choose at least one day")]
    NoDays,
}

impl WorkingHours {
    pub const ALWAYS: WorkingHours = WorkingHours {
        days: 0x7f,
        start: 0,
        end: MINUTES_PER_DAY,
    };

    pub fn new(days: &[Weekday], start_minute: u16, end_minute: u16) -> Result<Self, HoursError> {
        let days = days
            .iter()
            .fold(0u8, |acc, d| acc | 1 << d.num_days_from_monday());
        Self::from_parts(days, start_minute, end_minute)
    }

    pub fn from_parts(days: u8, start: u16, end: u16) -> Result<Self, HoursError> {
        if days & 0x7f == 0 {
            return Err(HoursError::NoDays);
        }
        if end > MINUTES_PER_DAY || start >= end {
            return Err(HoursError::Order);
        }
        Ok(WorkingHours {
            days: days & 0x7f,
            start,
            end,
        })
    }

    pub fn days_mask(&self) -> u8 {
        self.days
    }
    pub fn start_minute(&self) -> u16 {
        self.start
    }
    pub fn end_minute(&self) -> u16 {
        self.end
    }

    pub fn works_on(&self, day: Weekday) -> bool {
        self.days & (1 << day.num_days_from_monday()) != 0
    }

    pub fn days(&self) -> Vec<Weekday> {
        (0..7)
            .filter(|i| self.days & (1 << i) != 0)
            .map(|i| Weekday::try_from(i as u8).expect("0..7 is a weekday"))
            .collect()
    }

    /// Whether a local date-time falls inside the hours.
    pub fn contains(&self, local: impl Datelike + Timelike) -> bool {
        let minute = (local.hour() * 60 + local.minute()) as u16;
        self.works_on(local.weekday()) && self.start <= minute && minute < self.end
    }

    pub fn start_time(&self) -> NaiveTime {
        minute_to_time(self.start)
    }
}

fn minute_to_time(m: u16) -> NaiveTime {
    NaiveTime::from_hms_opt((m / 60) as u32 % 24, (m % 60) as u32, 0).expect("valid minute")
}

pub fn format_minute(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

pub fn parse_minute(raw: &str) -> Result<u16, HoursError> {
    let bad = || HoursError::Time(raw.to_owned());
    let (h, m) = raw.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

fn parse_day(raw: &str) -> Result<u8, HoursError> {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lower = raw.trim().to_ascii_lowercase();
    FULL.iter()
        .position(|full| lower.len() >= 3 && full.starts_with(&lower))
        .map(|i| i as u8)
        .ok_or_else(|| HoursError::Day(raw.trim().to_owned()))
}

impl FromStr for WorkingHours {
    type Err = HoursError;

    /// `Mon-Fri 09:00-17:00`, `Mon,Wed,Fri 10:00-12:30`, `Sat-Sun 00:00-24:00`.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let (days_part, time_part) = raw
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| HoursError::Shape(raw.to_owned()))?;
        let mut days = 0u8;
        for item in days_part.split(',') {
            match item.split_once('-') {
                Some((from, to)) => {
                    let (from, to) = (parse_day(from)?, parse_day(to)?);
                    // A range may wrap past Sunday: Sat-Mon.
                    let mut d = from;
                    loop {
                        days |= 1 << d;
                        if d == to {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                None => days |= 1 << parse_day(item)?,
            }
        }
        let (start, end) = time_part
            .trim()
            .split_once('-')
            .ok_or_else(|| HoursError::Shape(raw.to_owned()))?;
        Self::from_parts(days, parse_minute(start)?, parse_minute(end)?)
    }
}

impl fmt::Display for WorkingHours {
    /// Canonical form: consecutive days as ranges (`Mon-Fri`), others by comma.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        let mut i = 0;
        while i < 7 {
            if self.days & (1 << i) == 0 {
                i += 1;
                continue;
            }
            let from = i;
            while i + 1 < 7 && self.days & (1 << (i + 1)) != 0 {
                i += 1;
            }
            parts.push(if from == i {
                DAY_NAMES[from].to_owned()
            } else {
                format!("{}-{}", DAY_NAMES[from], DAY_NAMES[i])
            });
            i += 1;
        }
        write!(
            f,
            "{} {}-{}",
            parts.join(","),
            format_minute(self.start),
            format_minute(self.end)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_canonical_form() {
        for (raw, canonical) in [
            ("Mon-Fri 09:00-17:00", "Mon-Fri 09:00-17:00"),
            ("mon-sun 00:00-24:00", "Mon-Sun 00:00-24:00"),
            ("Mon,Wed,Fri 10:00-12:30", "Mon,Wed,Fri 10:00-12:30"),
            ("Sat-Mon 08:00-09:00", "Mon,Sat-Sun 08:00-09:00"),
            ("Tuesday-Thursday 9:00-17:30", "Tue-Thu 09:00-17:30"),
        ] {
            let h: WorkingHours = raw.parse().unwrap();
            assert_eq!(h.to_string(), canonical, "{raw}");
            assert_eq!(h.to_string().parse::<WorkingHours>().unwrap(), h);
        }
        assert_eq!(
            "Mon-Sun 00:00-24:00".parse::<WorkingHours>().unwrap(),
            WorkingHours::ALWAYS
        );
    }

    #[test]
    fn malformed_hours_are_refused_with_a_reason() {
        assert!(matches!(
            "Mon-Fri".parse::<WorkingHours>(),
            Err(HoursError::Shape(_))
        ));
        assert!(matches!(
            "Mon-Fry 09:00-17:00".parse::<WorkingHours>(),
            Err(HoursError::Day(_))
        ));
        assert!(matches!(
            "Mon-Fri 09:00-25:00".parse::<WorkingHours>(),
            Err(HoursError::Time(_))
        ));
        assert!(matches!(
            "Mon-Fri 17:00-09:00".parse::<WorkingHours>(),
            Err(HoursError::Order)
        ));
        assert!(matches!(
            "Mon-Fri 9-17".parse::<WorkingHours>(),
            Err(HoursError::Time(_))
        ));
        assert!(matches!(
            "M-F 09:00-17:00".parse::<WorkingHours>(),
            Err(HoursError::Day(_))
        ));
    }
}
