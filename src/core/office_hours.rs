//! Office hours: time a host announces, split into bookable slots or open to all
//! as Q&A — the form's rules, when each slot is, and who may book, cancel or ask
//! to be reminded.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::skills::{Skill, SkillSlug};
use super::text::is_conversation_id;

pub const MAX_TOPIC: usize = 150;
pub const MAX_SKILLS: usize = 5;
pub const SLOT_LENGTHS: [u16; 3] = [15, 20, 30];
pub const DEFAULT_SLOT_LENGTH: u16 = 20;
pub const MAX_SLOTS: u8 = 8;
/// Each channel gets a post and a rewrite per booking: a few is plenty.
pub const MAX_CHANNELS: usize = 5;
/// Further ahead than this, plans change and the announcement goes stale.
pub const MAX_DAYS_AHEAD: i64 = 90;
/// Reminders go out this long before a slot (or an open Q&A) starts.
pub const REMIND_BEFORE: Duration = Duration::minutes(15);

/// Bookable slots, one person each, or open Q&A with a "Remind me" list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Slots,
    OpenQa,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Slots => "slots",
            Kind::OpenQa => "open_qa",
        }
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "slots" => Ok(Kind::Slots),
            "open_qa" => Ok(Kind::OpenQa),
            other => Err(format!("unknown office hours kind `{other}`")),
        }
    }
}

/// The modal's values as Slack sent them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficeHoursForm {
    pub topic: String,
    pub skills: Vec<String>,
    /// `YYYY-MM-DD` from the date picker.
    pub date: Option<String>,
    /// `HH:MM` from the time picker, in the host's zone.
    pub time: Option<String>,
    pub slot_minutes: Option<String>,
    pub slots: Option<String>,
    /// `slots` or `open_qa`.
    pub kind: Option<String>,
    pub channels: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OfficeHoursField {
    Topic,
    Skills,
    Date,
    Time,
    SlotLength,
    Slots,
    Kind,
    Channels,
}

pub type OfficeHoursErrors = BTreeMap<OfficeHoursField, String>;

/// A form that passed every check that needs no database.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOfficeHours {
    pub topic: String,
    pub skills: Vec<SkillSlug>,
    pub tz: Tz,
    pub starts_at: DateTime<Utc>,
    pub slot_minutes: u16,
    pub slots: u8,
    pub kind: Kind,
    pub channels: Vec<String>,
}

/// Checks the form; every problem is reported against its own field. The date
/// and time are read in `tz`, the host's zone; with no channel chosen the
/// announcement goes to `default_channels` (the digest channels).
pub fn validate(
    form: &OfficeHoursForm,
    tz: Tz,
    default_channels: &[String],
    now: DateTime<Utc>,
) -> Result<NewOfficeHours, OfficeHoursErrors> {
    use OfficeHoursField as F;
    let mut errors = OfficeHoursErrors::new();

    let topic = form.topic.split_whitespace().collect::<Vec<_>>().join(" ");
    if topic.is_empty() {
        errors.insert(
            F::Topic,
            "Say in a line what the office hours are about.".into(),
        );
    } else if topic.chars().count() > MAX_TOPIC {
        errors.insert(
            F::Topic,
            format!("Keep the topic to {MAX_TOPIC} characters."),
        );
    }

    let mut skills: Vec<SkillSlug> = Vec::new();
    for raw in &form.skills {
        match SkillSlug::parse(raw) {
            Ok(s) if !skills.contains(&s) => skills.push(s),
            Ok(_) => {}
            Err(e) => {
                errors.insert(F::Skills, e.to_string());
            }
        }
    }
    if skills.is_empty() {
        errors.insert(F::Skills, "Tag at least one skill.".into());
    } else if skills.len() > MAX_SKILLS {
        errors.insert(F::Skills, format!("Tag at most {MAX_SKILLS} skills."));
    }

    let kind = match form.kind.as_deref() {
        None | Some("") => Some(Kind::Slots),
        Some(raw) => raw.parse().ok(),
    };
    if kind.is_none() {
        errors.insert(F::Kind, "Choose bookable slots or open Q&A.".into());
    }
    let slot_minutes = match form.slot_minutes.as_deref() {
        None | Some("") => Some(DEFAULT_SLOT_LENGTH),
        Some(raw) => raw.parse().ok().filter(|m| SLOT_LENGTHS.contains(m)),
    };
    if slot_minutes.is_none() {
        errors.insert(F::SlotLength, "Choose 15, 20 or 30 minutes.".into());
    }
    let slots = form
        .slots
        .as_deref()
        .and_then(|raw| raw.trim().parse::<u8>().ok())
        .filter(|n| (1..=MAX_SLOTS).contains(n));
    if slots.is_none() {
        errors.insert(F::Slots, format!("Choose from 1 to {MAX_SLOTS} slots."));
    }

    let starts_at = start(form, tz, now, &mut errors);

    let chosen: Vec<String> = dedup(&form.channels);
    let channels = if chosen.is_empty() {
        dedup(default_channels)
    } else {
        chosen
    };
    if channels.is_empty() {
        errors.insert(F::Channels, "Choose a channel to announce it in.".into());
    } else if channels.len() > MAX_CHANNELS {
        errors.insert(
            F::Channels,
            format!("Choose at most {MAX_CHANNELS} channels."),
        );
    } else if !channels.iter().all(|c| is_channel(c)) {
        errors.insert(F::Channels, "Choose channels, not people.".into());
    }

    match (errors.is_empty(), starts_at, slot_minutes, slots, kind) {
        (true, Some(starts_at), Some(slot_minutes), Some(slots), Some(kind)) => {
            Ok(NewOfficeHours {
                topic,
                skills,
                tz,
                starts_at,
                slot_minutes,
                slots,
                kind,
                channels,
            })
        }
        _ => Err(errors),
    }
}

/// The start in the host's zone: it must exist (not inside a DST gap), be in
/// the future and not too far ahead. An hour that happens twice (clocks going
/// back) means the first.
fn start(
    form: &OfficeHoursForm,
    tz: Tz,
    now: DateTime<Utc>,
    errors: &mut OfficeHoursErrors,
) -> Option<DateTime<Utc>> {
    use OfficeHoursField as F;
    let date = form
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let time = form
        .time
        .as_deref()
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
    if date.is_none() {
        errors.insert(F::Date, "Choose the day.".into());
    }
    if time.is_none() {
        errors.insert(F::Time, "Choose when it starts.".into());
    }
    let (date, time) = (date?, time?);
    let today = now.with_timezone(&tz).date_naive();
    if date < today {
        errors.insert(
            F::Date,
            "That day has passed; choose today or later.".into(),
        );
        return None;
    }
    if date > today + Duration::days(MAX_DAYS_AHEAD) {
        errors.insert(
            F::Date,
            format!("Choose a day within the next {MAX_DAYS_AHEAD} days."),
        );
        return None;
    }
    let at = match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            errors.insert(
                F::Time,
                format!(
                    "Clocks change then in {}, so that time doesn't exist that day; choose another.",
                    tz.name()
                ),
            );
            return None;
        }
    };
    if at <= now {
        errors.insert(F::Time, "That time has passed; choose a later one.".into());
        return None;
    }
    Some(at)
}

fn dedup(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if !out.iter().any(|o| o == id) {
            out.push(id.to_owned());
        }
    }
    out
}

/// A public or private channel (`C…`, `G…`); never a DM.
fn is_channel(id: &str) -> bool {
    is_conversation_id(id) && !id.starts_with('D')
}

/// A slot someone holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: i64,
    pub slot: u8,
    pub user_id: String,
}

/// Office hours as stored, with their live (not cancelled) bookings.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub id: i64,
    pub team_id: String,
    pub host_id: String,
    pub topic: String,
    pub skills: Vec<Skill>,
    pub tz: Tz,
    pub starts_at: DateTime<Utc>,
    pub slot_minutes: u16,
    pub slots: u8,
    pub kind: Kind,
    pub channels: Vec<String>,
    pub cancelled: bool,
    pub bookings: Vec<Booking>,
}

impl Session {
    pub fn slot_start(&self, slot: u8) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(i64::from(self.slot_minutes) * i64::from(slot))
    }

    pub fn slot_end(&self, slot: u8) -> DateTime<Utc> {
        self.slot_start(slot + 1)
    }

    /// When the whole session ends (open Q&A lasts all its slots).
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.slot_start(self.slots)
    }

    pub fn booking_of(&self, slot: u8) -> Option<&Booking> {
        self.bookings.iter().find(|b| b.slot == slot)
    }

    pub fn free_slots(&self) -> usize {
        (0..self.slots)
            .filter(|s| self.booking_of(*s).is_none())
            .count()
    }
}

/// When a reminder for something starting at `start` is due: 15 minutes
/// before, or at once when that has already passed.
pub fn reminder_at(start: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    (start - REMIND_BEFORE).max(now)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookRefusal {
    NoSuchSlot,
    /// Open Q&A has no slots to book.
    NotBookable,
    Cancelled,
    /// Hosts do not book their own time.
    OwnSession,
    Started,
    AlreadyYours,
    /// Someone else holds it.
    Taken,
    /// One slot per person per session.
    OneEach,
}

/// Whether `user` may book `slot` now.
pub fn decide_book(
    session: &Session,
    slot: u8,
    user: &str,
    now: DateTime<Utc>,
) -> Result<(), BookRefusal> {
    if slot >= session.slots {
        return Err(BookRefusal::NoSuchSlot);
    }
    if session.kind != Kind::Slots {
        return Err(BookRefusal::NotBookable);
    }
    if session.cancelled {
        return Err(BookRefusal::Cancelled);
    }
    if user == session.host_id {
        return Err(BookRefusal::OwnSession);
    }
    if session.slot_start(slot) <= now {
        return Err(BookRefusal::Started);
    }
    match session.booking_of(slot) {
        Some(b) if b.user_id == user => return Err(BookRefusal::AlreadyYours),
        Some(_) => return Err(BookRefusal::Taken),
        None => {}
    }
    if session.bookings.iter().any(|b| b.user_id == user) {
        return Err(BookRefusal::OneEach);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelBookingRefusal {
    /// Nobody holds this slot (cancelled already, or never booked).
    NoBooking,
    NotYours,
    Started,
    SessionCancelled,
}

/// Whether `user` may give `slot` back; the booking to cancel.
pub fn decide_cancel_booking<'a>(
    session: &'a Session,
    slot: u8,
    user: &str,
    now: DateTime<Utc>,
) -> Result<&'a Booking, CancelBookingRefusal> {
    if session.cancelled {
        return Err(CancelBookingRefusal::SessionCancelled);
    }
    let booking = session
        .booking_of(slot)
        .ok_or(CancelBookingRefusal::NoBooking)?;
    if booking.user_id != user {
        return Err(CancelBookingRefusal::NotYours);
    }
    if session.slot_start(slot) <= now {
        return Err(CancelBookingRefusal::Started);
    }
    Ok(booking)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelSessionRefusal {
    NotHost,
    AlreadyCancelled,
    Over,
}

/// Only the host cancels, and only before the session is over.
pub fn decide_cancel_session(
    session: &Session,
    user: &str,
    now: DateTime<Utc>,
) -> Result<(), CancelSessionRefusal> {
    if user != session.host_id {
        return Err(CancelSessionRefusal::NotHost);
    }
    if session.cancelled {
        return Err(CancelSessionRefusal::AlreadyCancelled);
    }
    if session.ends_at() <= now {
        return Err(CancelSessionRefusal::Over);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemindRefusal {
    NotOpenQa,
    Cancelled,
    Started,
    /// The host is reminded anyway.
    Host,
}

/// Whether `user` may join the open Q&A's "Remind me" list (joining twice is
/// allowed and changes nothing).
pub fn decide_remind(
    session: &Session,
    user: &str,
    now: DateTime<Utc>,
) -> Result<(), RemindRefusal> {
    if session.kind != Kind::OpenQa {
        return Err(RemindRefusal::NotOpenQa);
    }
    if session.cancelled {
        return Err(RemindRefusal::Cancelled);
    }
    if user == session.host_id {
        return Err(RemindRefusal::Host);
    }
    if session.starts_at <= now {
        return Err(RemindRefusal::Started);
    }
    Ok(())
}

/// Who hears the reminder for a booking: the booker and the host, unless the
/// booking or the session was cancelled since it was scheduled.
pub fn booking_reminder(session: &Session, booking_id: i64) -> Option<(&Booking, &str)> {
    if session.cancelled {
        return None;
    }
    let booking = session.bookings.iter().find(|b| b.id == booking_id)?;
    Some((booking, session.host_id.as_str()))
}

/// Who hears the open Q&A reminder: the host, then everyone on the list.
pub fn qa_reminder(session: &Session, listed: &[String]) -> Vec<String> {
    if session.cancelled || session.kind != Kind::OpenQa {
        return Vec::new();
    }
    let mut to = vec![session.host_id.clone()];
    for u in listed {
        if !to.contains(u) {
            to.push(u.clone());
        }
    }
    to
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::New_York, Asia::Kolkata, Europe::London};
    use OfficeHoursField as F;

    fn now() -> DateTime<Utc> {
        "2026-03-02T10:00:00Z".parse().unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn form() -> OfficeHoursForm {
        OfficeHoursForm {
            topic: "  Rust   ownership questions ".into(),
            skills: vec!["rust".into()],
            date: Some("2026-03-04".into()),
            time: Some("14:30".into()),
            slot_minutes: Some("20".into()),
            slots: Some("4".into()),
            kind: Some("slots".into()),
            channels: vec!["C0TEAM".into()],
        }
    }

    fn fields(e: &OfficeHoursErrors) -> Vec<OfficeHoursField> {
        e.keys().copied().collect()
    }

    #[test]
    fn a_good_form_validates_in_the_hosts_zone() {
        let v = validate(&form(), London, &[], now()).unwrap();
        assert_eq!(v.topic, "Rust ownership questions");
        assert_eq!(v.starts_at, utc("2026-03-04T14:30:00Z"));
        assert_eq!((v.slot_minutes, v.slots, v.kind), (20, 4, Kind::Slots));
        assert_eq!(v.channels, ["C0TEAM"]);
        // 14:30 in New York is 19:30 UTC in March before US DST (8 March).
        let v = validate(&form(), New_York, &[], now()).unwrap();
        assert_eq!(v.starts_at, utc("2026-03-04T19:30:00Z"));
        // Half-hour zones: 14:30 in Kolkata is 09:00 UTC.
        let v = validate(&form(), Kolkata, &[], now()).unwrap();
        assert_eq!(v.starts_at, utc("2026-03-04T09:00:00Z"));
    }

    #[test]
    fn each_problem_points_at_its_field() {
        let bad = OfficeHoursForm {
            topic: "   ".into(),
            skills: vec![],
            date: None,
            time: Some("25:99".into()),
            slot_minutes: Some("45".into()),
            slots: Some("9".into()),
            kind: Some("party".into()),
            channels: vec![],
        };
        let errors = validate(&bad, London, &[], now()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                F::Topic,
                F::Skills,
                F::Date,
                F::Time,
                F::SlotLength,
                F::Slots,
                F::Kind,
                F::Channels
            ]
        );
    }

    #[test]
    fn topic_and_skill_bounds() {
        let long = OfficeHoursForm {
            topic: "x".repeat(151),
            ..form()
        };
        assert_eq!(
            fields(&validate(&long, London, &[], now()).unwrap_err()),
            [F::Topic]
        );
        let exactly = OfficeHoursForm {
            topic: "é".repeat(150),
            ..form()
        };
        assert!(validate(&exactly, London, &[], now()).is_ok());
        let many = OfficeHoursForm {
            skills: (0..6).map(|i| format!("s{i}")).collect(),
            ..form()
        };
        assert_eq!(
            fields(&validate(&many, London, &[], now()).unwrap_err()),
            [F::Skills]
        );
    }

    #[test]
    fn slots_must_be_one_to_eight() {
        for (raw, ok) in [
            ("1", true),
            ("8", true),
            ("0", false),
            ("9", false),
            ("x", false),
        ] {
            let f = OfficeHoursForm {
                slots: Some(raw.into()),
                ..form()
            };
            assert_eq!(validate(&f, London, &[], now()).is_ok(), ok, "{raw}");
        }
        let missing = OfficeHoursForm {
            slots: None,
            ..form()
        };
        assert!(validate(&missing, London, &[], now()).is_err());
    }

    #[test]
    fn the_start_must_be_ahead_but_not_far_ahead() {
        // Earlier today (10:00 UTC is 10:00 in London): the time is wrong.
        let earlier = OfficeHoursForm {
            date: Some("2026-03-02".into()),
            time: Some("09:30".into()),
            ..form()
        };
        assert_eq!(
            fields(&validate(&earlier, London, &[], now()).unwrap_err()),
            [F::Time]
        );
        // Later today is fine.
        let later = OfficeHoursForm {
            date: Some("2026-03-02".into()),
            time: Some("10:30".into()),
            ..form()
        };
        assert!(validate(&later, London, &[], now()).is_ok());
        // Yesterday: the day is wrong.
        let yesterday = OfficeHoursForm {
            date: Some("2026-03-01".into()),
            ..form()
        };
        assert_eq!(
            fields(&validate(&yesterday, London, &[], now()).unwrap_err()),
            [F::Date]
        );
        let far = OfficeHoursForm {
            date: Some("2026-06-01".into()),
            ..form()
        };
        assert_eq!(
            fields(&validate(&far, London, &[], now()).unwrap_err()),
            [F::Date]
        );
    }

    #[test]
    fn today_is_the_hosts_today() {
        // 10:00 UTC Monday is already 15:30 in Kolkata: 15:00 there has passed,
        // though 15:00 UTC has not.
        let f = OfficeHoursForm {
            date: Some("2026-03-02".into()),
            time: Some("15:00".into()),
            ..form()
        };
        assert_eq!(
            fields(&validate(&f, Kolkata, &[], now()).unwrap_err()),
            [F::Time]
        );
        assert!(validate(&f, London, &[], now()).is_ok());
    }

    #[test]
    fn dst_days_are_read_in_local_time() {
        // London springs forward on Sunday 29 March 2026 at 01:00 UTC.
        let after = OfficeHoursForm {
            date: Some("2026-03-29".into()),
            time: Some("09:00".into()),
            ..form()
        };
        let v = validate(&after, London, &[], now()).unwrap();
        assert_eq!(v.starts_at, utc("2026-03-29T08:00:00Z"), "BST by 09:00");
        // 01:30 does not exist that night.
        let gap = OfficeHoursForm {
            time: Some("01:30".into()),
            ..after.clone()
        };
        let errors = validate(&gap, London, &[], now()).unwrap_err();
        assert!(errors[&F::Time].contains("Clocks change"), "{errors:?}");
        // 01:30 happens twice on 25 October: the first (BST) is meant.
        let overlap = OfficeHoursForm {
            date: Some("2026-10-25".into()),
            ..gap
        };
        let v = validate(&overlap, London, &[], utc("2026-10-01T00:00:00Z")).unwrap();
        assert_eq!(v.starts_at, utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn slots_across_a_dst_change_are_real_minutes_apart() {
        // 00:30 London on 29 March, four 30-minute slots: clocks jump from
        // 01:00 to 02:00, so the second slot starts at 02:00 BST, 30 real
        // minutes after the first.
        let s = Session {
            starts_at: utc("2026-03-29T00:30:00Z"),
            slot_minutes: 30,
            slots: 4,
            ..session(Kind::Slots, "UHOST")
        };
        let local: Vec<String> = (0..4)
            .map(|i| {
                s.slot_start(i)
                    .with_timezone(&London)
                    .format("%H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(local, ["00:30", "02:00", "02:30", "03:00"]);
        assert_eq!(s.ends_at(), utc("2026-03-29T02:30:00Z"));
    }

    #[test]
    fn channels_default_to_the_digest_channels() {
        let none = OfficeHoursForm {
            channels: vec![],
            ..form()
        };
        let defaults = vec!["C0DIGEST".to_owned(), "C0DIGEST".to_owned()];
        assert_eq!(
            validate(&none, London, &defaults, now()).unwrap().channels,
            ["C0DIGEST"]
        );
        assert_eq!(
            fields(&validate(&none, London, &[], now()).unwrap_err()),
            [F::Channels]
        );
        let people = OfficeHoursForm {
            channels: vec!["D0DM".into()],
            ..form()
        };
        assert!(validate(&people, London, &[], now()).is_err());
        let many = OfficeHoursForm {
            channels: (0..6).map(|i| format!("C{i}")).collect(),
            ..form()
        };
        assert_eq!(
            fields(&validate(&many, London, &[], now()).unwrap_err()),
            [F::Channels]
        );
    }

    #[test]
    fn open_qa_needs_no_booking_but_keeps_its_length() {
        let qa = OfficeHoursForm {
            kind: Some("open_qa".into()),
            ..form()
        };
        let v = validate(&qa, London, &[], now()).unwrap();
        assert_eq!((v.kind, v.slots), (Kind::OpenQa, 4));
    }

    fn session(kind: Kind, host: &str) -> Session {
        Session {
            id: 1,
            team_id: "T1".into(),
            host_id: host.into(),
            topic: "Rust".into(),
            skills: vec![],
            tz: London,
            starts_at: utc("2026-03-04T14:00:00Z"),
            slot_minutes: 20,
            slots: 3,
            kind,
            channels: vec!["C1".into()],
            cancelled: false,
            bookings: vec![],
        }
    }

    fn booked(s: Session, slot: u8, user: &str) -> Session {
        let mut s = s;
        s.bookings.push(Booking {
            id: 100 + i64::from(slot),
            slot,
            user_id: user.into(),
        });
        s
    }

    #[test]
    fn one_person_per_slot_and_one_slot_per_person() {
        let s = booked(session(Kind::Slots, "UHOST"), 0, "UA");
        assert_eq!(decide_book(&s, 1, "UB", now()), Ok(()));
        assert_eq!(decide_book(&s, 0, "UB", now()), Err(BookRefusal::Taken));
        assert_eq!(
            decide_book(&s, 0, "UA", now()),
            Err(BookRefusal::AlreadyYours)
        );
        assert_eq!(decide_book(&s, 1, "UA", now()), Err(BookRefusal::OneEach));
        assert_eq!(
            decide_book(&s, 3, "UB", now()),
            Err(BookRefusal::NoSuchSlot)
        );
    }

    #[test]
    fn the_host_cannot_book_their_own_slot() {
        let s = session(Kind::Slots, "UHOST");
        assert_eq!(
            decide_book(&s, 0, "UHOST", now()),
            Err(BookRefusal::OwnSession)
        );
    }

    #[test]
    fn started_cancelled_and_open_qa_slots_are_not_booked() {
        let s = session(Kind::Slots, "UHOST");
        // The first slot has started; the second has not.
        let during = utc("2026-03-04T14:05:00Z");
        assert_eq!(decide_book(&s, 0, "UA", during), Err(BookRefusal::Started));
        assert_eq!(decide_book(&s, 1, "UA", during), Ok(()));
        let cancelled = Session {
            cancelled: true,
            ..s.clone()
        };
        assert_eq!(
            decide_book(&cancelled, 1, "UA", now()),
            Err(BookRefusal::Cancelled)
        );
        let qa = session(Kind::OpenQa, "UHOST");
        assert_eq!(
            decide_book(&qa, 0, "UA", now()),
            Err(BookRefusal::NotBookable)
        );
    }

    #[test]
    fn only_the_booker_gives_a_slot_back_before_it_starts() {
        let s = booked(session(Kind::Slots, "UHOST"), 1, "UA");
        assert_eq!(
            decide_cancel_booking(&s, 1, "UA", now()).map(|b| b.id),
            Ok(101)
        );
        assert_eq!(
            decide_cancel_booking(&s, 1, "UHOST", now()),
            Err(CancelBookingRefusal::NotYours)
        );
        assert_eq!(
            decide_cancel_booking(&s, 0, "UA", now()),
            Err(CancelBookingRefusal::NoBooking)
        );
        assert_eq!(
            decide_cancel_booking(&s, 1, "UA", utc("2026-03-04T14:21:00Z")),
            Err(CancelBookingRefusal::Started)
        );
        let gone = Session {
            cancelled: true,
            ..s
        };
        assert_eq!(
            decide_cancel_booking(&gone, 1, "UA", now()),
            Err(CancelBookingRefusal::SessionCancelled)
        );
    }

    #[test]
    fn only_the_host_cancels_a_session_until_it_is_over() {
        let s = session(Kind::Slots, "UHOST");
        assert_eq!(decide_cancel_session(&s, "UHOST", now()), Ok(()));
        assert_eq!(
            decide_cancel_session(&s, "UA", now()),
            Err(CancelSessionRefusal::NotHost)
        );
        // Three 20-minute slots from 14:00: over at 15:00.
        assert_eq!(
            decide_cancel_session(&s, "UHOST", utc("2026-03-04T14:59:00Z")),
            Ok(())
        );
        assert_eq!(
            decide_cancel_session(&s, "UHOST", utc("2026-03-04T15:00:00Z")),
            Err(CancelSessionRefusal::Over)
        );
        let gone = Session {
            cancelled: true,
            ..s
        };
        assert_eq!(
            decide_cancel_session(&gone, "UHOST", now()),
            Err(CancelSessionRefusal::AlreadyCancelled)
        );
    }

    #[test]
    fn remind_me_is_for_open_qa_before_it_starts() {
        let qa = session(Kind::OpenQa, "UHOST");
        assert_eq!(decide_remind(&qa, "UA", now()), Ok(()));
        assert_eq!(decide_remind(&qa, "UHOST", now()), Err(RemindRefusal::Host));
        assert_eq!(
            decide_remind(&qa, "UA", qa.starts_at),
            Err(RemindRefusal::Started)
        );
        let slots = session(Kind::Slots, "UHOST");
        assert_eq!(
            decide_remind(&slots, "UA", now()),
            Err(RemindRefusal::NotOpenQa)
        );
        let gone = Session {
            cancelled: true,
            ..qa
        };
        assert_eq!(
            decide_remind(&gone, "UA", now()),
            Err(RemindRefusal::Cancelled)
        );
    }

    #[test]
    fn reminders_go_fifteen_minutes_before_or_at_once() {
        let start = utc("2026-03-04T14:00:00Z");
        assert_eq!(reminder_at(start, now()), utc("2026-03-04T13:45:00Z"));
        let close = utc("2026-03-04T13:50:00Z");
        assert_eq!(reminder_at(start, close), close);
    }

    #[test]
    fn cancelled_bookings_and_sessions_are_not_reminded() {
        let s = booked(session(Kind::Slots, "UHOST"), 2, "UA");
        let (b, host) = booking_reminder(&s, 102).unwrap();
        assert_eq!((b.user_id.as_str(), host), ("UA", "UHOST"));
        // The booking was cancelled: it is no longer among the live ones.
        assert!(booking_reminder(&s, 999).is_none());
        let gone = Session {
            cancelled: true,
            ..s
        };
        assert!(booking_reminder(&gone, 102).is_none());
    }

    #[test]
    fn the_qa_reminder_goes_to_the_host_and_the_list_once_each() {
        let qa = session(Kind::OpenQa, "UHOST");
        let listed = vec!["UA".to_owned(), "UHOST".to_owned(), "UB".to_owned()];
        assert_eq!(qa_reminder(&qa, &listed), ["UHOST", "UA", "UB"]);
        let gone = Session {
            cancelled: true,
            ..qa
        };
        assert!(qa_reminder(&gone, &listed).is_empty());
    }
}
