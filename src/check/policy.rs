//! Tier policy (warnings): required information, team size, owners who left, cadence,
//! complaints left open, lost deals without a reason.

use crate::diag::Diagnostic;
use crate::model::words::{ContactRole, Word};
use crate::model::{Account, Book};
use chrono::NaiveDate;

/// Days an open complaint may wait before it is stale.
pub const COMPLAINT_STALE_DAYS: i64 = 14;

pub fn check(book: &Book, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    for a in &book.accounts {
        let path = &a.path;
        let policy = a.tier_name().and_then(|t| book.config.tier(t).map(|p| (t, p)));
        if let Some((tier, policy)) = policy {
            require(a, tier, &policy.require, today, out);
            let team: Vec<&str> =
                a.members().into_iter().filter(|m| book.config.person(m).is_none_or(|p| !p.has_left(today))).collect();
            if (team.len() as i64) < policy.min_team {
                let msg = if team.is_empty() {
                    format!("tier {tier} needs a team of {}; the account has no owner or team", policy.min_team)
                } else {
                    format!(
                        "tier {tier} needs a team of {}; the team has {} ({})",
                        policy.min_team,
                        team.len(),
                        team.join(", ")
                    )
                };
                out.push(Diagnostic::new("W302", path, None, msg));
            }
            cadence(a, &book.config, today, out);
        }
        if let Some(owner) = &a.owner
            && let Some(left) = book.config.person(owner).and_then(|p| p.left).filter(|&d| d <= today)
        {
            let msg = format!(
                "owner `{}` left on {left}; hand the account over: kam handover --from {} --to <person>",
                owner.value, owner.value
            );
            out.push(Diagnostic::new("W303", path, Some(owner.pos), msg));
        }
        for i in a.interactions.iter().filter(|i| i.is_open_complaint()) {
            let age = (today - i.date.value).num_days();
            if age > COMPLAINT_STALE_DAYS {
                let status = i.status.map_or("open", |s| s.as_str());
                out.push(Diagnostic::new(
                    "W305",
                    &i.path,
                    None,
                    format!("complaint open for {age} days (status {status})"),
                ));
            }
        }
        for o in &a.opportunities {
            let lost =
                book.config.stage(&o.stage).is_some_and(|s| s.is_closed() && !s.is_won()) || o.stage.as_str() == "lost";
            if lost && o.lost_reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                out.push(Diagnostic::new("W306", &o.path, None, "opportunity is lost but has no `lost_reason`"));
            }
        }
    }
}

fn cadence(a: &Account, config: &crate::model::Config, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    let Some(due) = crate::score::account::cadence_due(a, config, today).filter(|d| d.breached(today)) else { return };
    let (tier, days) = (&due.tier, due.cadence_days);
    let msg = match (due.last, due.gap(today)) {
        (Some(last), Some(gap)) => {
            format!("last interaction {last} is {gap} days ago; tier {tier} cadence is {days} days")
        }
        _ => format!("no interaction recorded; tier {tier} cadence is {days} days"),
    };
    out.push(Diagnostic::new("W304", &a.path, None, msg));
}

/// `require` entries: a dotted account field (`credit.limit`), `plan`, or
/// `role:<contact role>` (a contact with that role who has not left).
fn require(a: &Account, tier: &str, require: &[String], today: NaiveDate, out: &mut Vec<Diagnostic>) {
    if require.is_empty() {
        return;
    }
    let fields = serde_json::to_value(a).unwrap_or_default();
    for item in require {
        let (present, what) = if item == "plan" {
            (a.plan.is_some(), "an account plan (plan.toml)".to_string())
        } else if let Some(role) = item.strip_prefix("role:") {
            let present = match <ContactRole as crate::model::words::Word>::from_word(role) {
                Some(r) => a.contacts.iter().any(|c| c.has_role(r) && !c.has_left(today)),
                None => false,
            };
            (present, format!("a {role} contact"))
        } else {
            let pointer = format!("/{}", item.replace('.', "/"));
            let present = fields
                .pointer(&pointer)
                .is_some_and(|v| !v.is_null() && v != &serde_json::json!([]) && v != &serde_json::json!(""));
            (present, format!("`{item}`"))
        };
        if !present {
            out.push(Diagnostic::new("W301", &a.path, None, format!("tier {tier} requires {what}; none found")));
        }
    }
}
