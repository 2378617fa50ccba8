//! `kam export ics`: an iCalendar (RFC 5545) of the book's dated work and yearly dates, as
//! all-day events: open next steps (by their due date), open plan actions (by due date),
//! the expected close dates of open opportunities, and — recurring every year — the
//! birthdays of contacts who have not left and the accounts' `[[dates]]`.
//!
//! Items without a date (a next step or plan action without `due`, an opportunity without
//! `close`) have no place in a calendar and are left out; `kam agenda` lists them.
//! The output is deterministic: `DTSTAMP` is `today` at midnight UTC, and every `UID` is
//! made of ids (`kam:<account>/<interaction>#next`, `kam:<account>/plan#action-<n>`,
//! `kam:<account>/<opportunity>#close`, `kam:<account>/<contact>#birthday`,
//! `kam:<account>#date-<n>`), so a calendar that re-imports the file updates its events.

use super::content_line::{Lines, escape};
use super::vcard::PRODID;
use crate::model::{Account, Book};
use crate::value::Value;
use chrono::{Datelike, Days, NaiveDate};

/// One all-day event.
struct Event {
    uid: String,
    date: NaiveDate,
    yearly: bool,
    summary: String,
    description: Vec<String>,
    category: &'static str,
}

/// The calendar of `book` as of `today`.
pub fn calendar(book: &Book, today: NaiveDate) -> String {
    let mut lines = Lines::new();
    lines.line("BEGIN", "VCALENDAR");
    lines.line("VERSION", "2.0");
    lines.line("PRODID", PRODID);
    lines.line("CALSCALE", "GREGORIAN");
    lines.line("METHOD", "PUBLISH");
    let stamp = today.format("%Y%m%dT000000Z").to_string();
    for account in &book.accounts {
        for event in events(book, account, today) {
            write_event(&mut lines, &event, &stamp);
        }
    }
    lines.line("END", "VCALENDAR");
    lines.into_string()
}

/// A person's name for a description: their `name` from kam.toml, else the id.
fn person<'a>(book: &'a Book, id: &'a str) -> &'a str {
    book.config.person(id).map_or(id, |p| p.name.as_str())
}

fn events(book: &Book, a: &Account, today: NaiveDate) -> Vec<Event> {
    let name = a.name.value.as_str();
    let mut out = Vec::new();
    for (n, d) in a.dates.iter().enumerate() {
        out.push(Event {
            uid: format!("kam:{}#date-{}", a.id, n + 1),
            date: d.on,
            yearly: true,
            summary: format!("{name}: {}", d.what),
            description: Vec::new(),
            category: "date",
        });
    }
    for c in a.contacts.iter().filter(|c| !c.has_left(today)) {
        let Some(birthday) = c.birthday else { continue };
        out.push(Event {
            uid: format!("kam:{}/{}#birthday", a.id, c.id),
            date: birthday,
            yearly: true,
            summary: format!("Birthday: {} ({name})", c.name),
            description: c.title.iter().map(|t| format!("{t}, {name}")).collect(),
            category: "birthday",
        });
    }
    for i in &a.interactions {
        let Some(next) = i.next.as_ref().filter(|n| !n.done) else { continue };
        let Some(due) = next.due else { continue };
        let mut description = vec![format!("Next step of the {} of {}", i.kind, i.date.value)];
        description.extend(i.summary.as_deref().map(String::from));
        let who: Vec<&str> = match &next.who {
            Some(who) => vec![person(book, who)],
            None => i.by.iter().map(|b| person(book, b)).collect(),
        };
        if !who.is_empty() {
            description.push(format!("Who: {}", who.join(", ")));
        }
        out.push(Event {
            uid: format!("kam:{}/{}#next", a.id, i.id),
            date: due,
            yearly: false,
            summary: format!("{name}: {}", next.what),
            description,
            category: "next-step",
        });
    }
    for (n, action) in a.plan.iter().flat_map(|p| p.action.iter()).enumerate() {
        let Some(due) = action.due.filter(|_| !action.done) else { continue };
        let mut description = vec!["Account plan action".to_string()];
        description.extend(action.who.as_ref().map(|w| format!("Who: {}", person(book, w))));
        out.push(Event {
            uid: format!("kam:{}/plan#action-{}", a.id, n + 1),
            date: due,
            yearly: false,
            summary: format!("{name}: {}", action.what),
            description,
            category: "plan-action",
        });
    }
    for o in &a.opportunities {
        let open = book.config.stage(&o.stage).is_none_or(|s| !s.is_closed());
        let Some(close) = o.close.filter(|_| open) else { continue };
        let mut stage = format!("Stage {}", o.stage.value);
        if let Some(amount) = o.amount {
            let currency = book.config.kam.currency.as_deref().map_or(String::new(), |c| format!(" {c}"));
            stage.push_str(&format!(", amount {}{currency}", Value::Num(amount)));
        }
        let mut description = vec![stage];
        description.extend(o.owner.as_ref().map(|w| format!("Owner: {}", person(book, w))));
        out.push(Event {
            uid: format!("kam:{}/{}#close", a.id, o.id),
            date: close,
            yearly: false,
            summary: format!("{name}: close {}", o.name),
            description,
            category: "close",
        });
    }
    out
}

fn write_event(lines: &mut Lines, e: &Event, stamp: &str) {
    lines.line("BEGIN", "VEVENT");
    lines.line("UID", &escape(&e.uid));
    lines.line("DTSTAMP", stamp);
    lines.line("DTSTART;VALUE=DATE", &e.date.format("%Y%m%d").to_string());
    if let Some(end) = e.date.checked_add_days(Days::new(1)) {
        lines.line("DTEND;VALUE=DATE", &end.format("%Y%m%d").to_string());
    }
    if e.yearly {
        lines.line("RRULE", yearly_rule(e.date));
    }
    lines.text("SUMMARY", &e.summary);
    if !e.description.is_empty() {
        lines.text("DESCRIPTION", &e.description.join("\n"));
    }
    lines.line("CATEGORIES", e.category);
    lines.line("TRANSP", "TRANSPARENT");
    lines.line("END", "VEVENT");
}

/// A yearly rule from `date`. February 29 recurs on the last day of February, so that a
/// leap-day birthday is not skipped three years in four (as `kam agenda` does too).
fn yearly_rule(date: NaiveDate) -> &'static str {
    if date.month() == 2 && date.day() == 29 { "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" } else { "FREQ=YEARLY" }
}
