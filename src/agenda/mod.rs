//! The agenda: what needs doing, by whom and by when — open next steps of interactions,
//! open plan actions, cadence breaches, complaints to follow up, and birthdays and key
//! dates (`dates`).
//!
//! Pure: a function of the book, `today` and the options; `cli::agenda` renders it. It
//! does not score the book: every item comes straight from the files.

pub mod dates;

#[cfg(test)]
mod tests;

use crate::check::COMPLAINT_STALE_DAYS;
use crate::model::words::Word;
use crate::model::{Account, Book, Config};
use chrono::{Days, NaiveDate};

/// Days ahead the agenda looks when not told otherwise.
pub const DEFAULT_DAYS: u64 = 14;

/// What the agenda covers: items due up to `days` days after today (overdue ones always),
/// for everyone or for one person.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    pub days: u64,
    /// A person id of `kam.toml`: only this person's items, and this person listed even
    /// after leaving.
    pub who: Option<&'a str>,
}

/// The kinds of agenda items, in the order they are listed within a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An open `next` step of an interaction.
    NextStep,
    /// An open `[[action]]` of the account plan.
    Action,
    /// A tier cadence breached (or due today): the account needs an interaction.
    Cadence,
    /// An open complaint, due for follow-up 14 days after it came in.
    Complaint,
    /// A contact's birthday.
    Birthday,
    /// One of the account's `[[dates]]`.
    Date,
}

impl Kind {
    /// The spelling in output (`kind` column).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NextStep => "next-step",
            Kind::Action => "action",
            Kind::Cadence => "cadence",
            Kind::Complaint => "complaint",
            Kind::Birthday => "birthday",
            Kind::Date => "date",
        }
    }
}

/// One thing to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// When it is due; before today when overdue.
    pub date: NaiveDate,
    pub kind: Kind,
    pub account: String,
    /// Who it is for (see `Assignees`); empty when nobody on our side can be named.
    pub who: Vec<String>,
    pub what: String,
}

/// The agenda, oldest first: overdue items (oldest first), then today, then each day up
/// to today + `days` (inclusive); within a day by kind, account, then text.
pub fn agenda(book: &Book, today: NaiveDate, options: Options<'_>) -> Vec<Item> {
    let assignees = Assignees { config: &book.config, today, asked: options.who };
    let last_day = today.checked_add_days(Days::new(options.days)).unwrap_or(NaiveDate::MAX);
    let mut items = Vec::new();
    let mut add = |date: NaiveDate, kind: Kind, account: &Account, named: &[&str], what: String| {
        if date > last_day {
            return;
        }
        let who = assignees.who(named, account);
        if options.who.is_some_and(|p| !who.iter().any(|w| w == p)) {
            return;
        }
        items.push(Item { date, kind, account: account.id.to_string(), who, what });
    };
    for a in &book.accounts {
        for i in &a.interactions {
            let Some(next) = i.next.as_ref().filter(|n| !n.done) else { continue };
            let origin = format!("{} {}", i.kind.as_str(), i.date.value);
            let (due, what) = match next.due {
                Some(due) => (due, format!("{} ({origin})", next.what)),
                None => (today, format!("{} ({origin}, no due date)", next.what)),
            };
            let named: Vec<&str> = match &next.who {
                Some(who) => vec![who.as_str()],
                None => i.by.iter().map(|b| b.as_str()).collect(),
            };
            add(due, Kind::NextStep, a, &named, what);
        }
        for action in a.plan.iter().flat_map(|p| &p.action).filter(|x| !x.done) {
            let (due, what) = match action.due {
                Some(due) => (due, action.what.clone()),
                None => (today, format!("{} (no due date)", action.what)),
            };
            let named: Vec<&str> = action.who.as_ref().map(|w| w.as_str()).or(a.owner_id()).into_iter().collect();
            add(due, Kind::Action, a, &named, what);
        }
        if let Some((due, what)) = cadence(a, &book.config, today) {
            add(due, Kind::Cadence, a, &a.owner_id().into_iter().collect::<Vec<_>>(), what);
        }
        for i in a.interactions.iter().filter(|i| i.is_open_complaint() && i.date.value <= today) {
            let date = i.date.value;
            let due = date.checked_add_days(Days::new(COMPLAINT_STALE_DAYS as u64)).unwrap_or(NaiveDate::MAX);
            let severity = i.severity.map_or(String::new(), |s| format!("{s} "));
            let status = i.status.map_or("open", |s| s.as_str());
            let age = (today - date).num_days();
            let mut what = format!("follow up the {severity}complaint of {date} ({status}, {age} days)");
            if let Some(summary) = &i.summary {
                what = format!("{what}: {summary}");
            }
            let mut named: Vec<&str> = a.owner_id().into_iter().collect();
            named.extend(i.by.iter().map(|b| b.as_str()));
            add(due, Kind::Complaint, a, &named, what);
        }
    }
    for d in dates::upcoming(book, today, options.days) {
        let what = match (d.contact, d.years) {
            (Some(c), 0) => format!("birthday of {} ({})", c.name, c.id),
            (Some(c), years) => format!("{} ({}) turns {years}", c.name, c.id),
            (None, 0) => d.what.to_string(),
            (None, years) => format!("{} ({years} year{} since {})", d.what, plural(years), d.on),
        };
        add(d.date, d.kind, d.account, &d.named, what);
    }
    items.sort_by(|a, b| {
        (a.date, a.kind, &a.account, &a.what, &a.who).cmp(&(b.date, b.kind, &b.account, &b.what, &b.who))
    });
    items
}

fn plural(n: i32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A cadence breach, or the last day of the cadence: the account's last interaction (on
/// or before today) + its tier's `cadence_days` is today or earlier — today when there
/// was no interaction at all. The same breach `kam check` warns about (W304): snoozed
/// and churned accounts and accounts without a tier policy have none. Upcoming cadence
/// deadlines are not listed: every account of a short cadence would be on every agenda.
pub fn cadence(a: &Account, config: &Config, today: NaiveDate) -> Option<(NaiveDate, String)> {
    let due = crate::score::account::cadence_due(a, config, today).filter(|d| d.due <= today)?;
    let what = match (due.last, due.gap(today)) {
        (Some(last), Some(gap)) => format!("last interaction {last}, {gap} days ago"),
        _ => "no interaction recorded".to_string(),
    };
    Some((due.due, format!("get in touch: {what}; tier {} cadence {} days", due.tier, due.cadence_days)))
}

/// Decides whom an item is listed for. The people named for it (a next step's `who`, a
/// plan action's `who`, the owner, …) who have not left; when all of them have left, the
/// account's owner and team members who have not left — so the open promises of someone
/// who left still reach someone. The person asked for (`--who`) is listed even after
/// leaving.
pub struct Assignees<'a> {
    pub config: &'a Config,
    pub today: NaiveDate,
    pub asked: Option<&'a str>,
}

impl Assignees<'_> {
    /// Whether a person id is listed: not left (unknown ids count as not left), or asked for.
    fn listed(&self, id: &str) -> bool {
        self.asked == Some(id) || self.config.person(id).is_none_or(|p| !p.has_left(self.today))
    }

    /// The people an item naming `named` on `account` is listed for, without duplicates,
    /// in the order named.
    pub fn who(&self, named: &[&str], account: &Account) -> Vec<String> {
        let mut who: Vec<String> = Vec::new();
        for &id in named {
            if self.listed(id) && !who.iter().any(|w| w == id) {
                who.push(id.to_string());
            }
        }
        if who.is_empty() {
            who = account.members().into_iter().filter(|m| self.listed(m)).map(String::from).collect();
        }
        who
    }
}
