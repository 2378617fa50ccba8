//! The handover brief: per account, what the successor needs to pick up the
//! relationship — key contacts, open opportunities, open complaints, promises made, the
//! last interactions and the risks the health score sees. Markdown, for a pull request
//! or a wiki.

use crate::model::words::Word;
use crate::model::{Account, Book};
use crate::score::AccountScore;
use chrono::NaiveDate;
use std::fmt::Write;

/// How many of the latest interactions a brief lists.
pub const LAST_INTERACTIONS: usize = 10;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The brief of one account, handed from `from` to `to`.
pub fn brief(book: &Book, a: &Account, s: Option<&AccountScore>, from: &str, to: &str, today: NaiveDate) -> String {
    let mut out = String::new();
    let name = |id: &str| book.config.person(id).map_or(id.to_string(), |p| format!("{} ({id})", p.name));
    let _ = writeln!(out, "# Handover: {} (`{}`)\n", a.name.value, a.id);
    let _ = writeln!(out, "From {} to {}, {today}.", name(from), name(to));
    if let Some(s) = s {
        let _ = writeln!(
            out,
            "Tier {}, ABC {}, health {} ({}), revenue in the window {}.",
            s.tier.as_deref().unwrap_or("-"),
            s.abc,
            s.health.score,
            s.health.status,
            crate::value::Value::Num(s.revenue_12m)
        );
    }

    let last_touch = |contact: &str| {
        a.interactions.iter().rev().find(|i| i.with.iter().any(|w| w.value == contact)).map(|i| i.date.value)
    };
    let _ = writeln!(out, "\n## Key contacts\n");
    let mut contacts: Vec<_> = a.contacts.iter().filter(|c| !c.has_left(today)).collect();
    contacts.sort_by_key(|c| (std::cmp::Reverse(c.influence.unwrap_or(0)), c.id.clone()));
    if contacts.is_empty() {
        let _ = writeln!(out, "None recorded.");
    } else {
        let _ = writeln!(out, "| contact | title | roles | stance | influence | covered by | last touch |");
        let _ = writeln!(out, "| --- | --- | --- | --- | ---: | --- | --- |");
        for c in contacts {
            let roles: Vec<&str> = c.roles.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(
                out,
                "| {} (`{}`) | {} | {} | {} | {} | {} | {} |",
                cell(&c.name),
                c.id,
                cell(c.title.as_deref().unwrap_or("")),
                roles.join(", "),
                c.stance.map_or("", |x| x.as_str()),
                c.influence.map(|i| i.to_string()).unwrap_or_default(),
                c.covered_by.as_ref().map_or("", |w| w.value.as_str()),
                last_touch(&c.id).map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }

    let _ = writeln!(out, "\n## Open opportunities\n");
    let open: Vec<_> =
        a.opportunities.iter().filter(|o| book.config.stage(&o.stage).is_none_or(|s| !s.is_closed())).collect();
    if open.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for o in open {
        let amount = o.amount.map(|x| crate::value::Value::Num(x).to_string()).unwrap_or_else(|| "-".into());
        let close = o.close.map(|d| d.to_string()).unwrap_or_else(|| "no close date".into());
        let _ = writeln!(out, "- **{}** (`{}`): {}, {amount}, closes {close}", o.name, o.id, o.stage.value);
    }

    let _ = writeln!(out, "\n## Open complaints\n");
    let complaints: Vec<_> = a.interactions.iter().filter(|i| i.is_open_complaint()).collect();
    if complaints.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for i in complaints {
        let _ = writeln!(
            out,
            "- {} ({} days ago), severity {}, status {}: {}",
            i.date.value,
            (today - i.date.value).num_days(),
            i.severity.map_or("unknown", |x| x.as_str()),
            i.status.map_or("open", |x| x.as_str()),
            i.summary.as_deref().unwrap_or("")
        );
    }

    let _ = writeln!(out, "\n## Promises made (open next steps and plan actions)\n");
    let mut promises: Vec<(Option<NaiveDate>, String)> = Vec::new();
    for i in &a.interactions {
        if let Some(n) = i.next.as_ref().filter(|n| !n.done) {
            let who = n.who.as_ref().map_or(String::new(), |w| format!(" — {}", w.value));
            promises.push((n.due, format!("{}{who} (from {} `{}`)", n.what, i.date.value, i.id)));
        }
    }
    for x in a.plan.iter().flat_map(|p| &p.action).filter(|x| !x.done) {
        let who = x.who.as_ref().map_or(String::new(), |w| format!(" — {}", w.value));
        promises.push((x.due, format!("{}{who} (plan action)", x.what)));
    }
    promises.sort_by(|x, y| x.0.is_none().cmp(&y.0.is_none()).then(x.0.cmp(&y.0)));
    if promises.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for (due, what) in promises {
        let due = match due {
            Some(d) if d < today => format!("due {d}, overdue"),
            Some(d) => format!("due {d}"),
            None => "no due date".into(),
        };
        let _ = writeln!(out, "- {due}: {what}");
    }

    let _ = writeln!(out, "\n## Last {LAST_INTERACTIONS} interactions\n");
    let recent: Vec<_> =
        a.interactions.iter().filter(|i| i.date.value <= today).rev().take(LAST_INTERACTIONS).collect();
    if recent.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for i in recent {
        let by: Vec<&str> = i.by.iter().map(|b| b.value.as_str()).collect();
        let _ = writeln!(
            out,
            "- {} {} by {}: {}",
            i.date.value,
            i.kind.as_str(),
            by.join(", "),
            i.summary.as_deref().unwrap_or("")
        );
    }

    let _ = writeln!(out, "\n## Risks\n");
    let risks: Vec<_> = s.map(|s| s.health.terms.iter().filter(|t| t.points > 0.0).collect()).unwrap_or_default();
    if risks.is_empty() {
        let _ = writeln!(out, "No health term costs points.");
    }
    for t in risks {
        let _ = writeln!(out, "- {} −{}: {}", t.name, crate::value::Value::Num(t.points), t.detail);
    }
    out
}
