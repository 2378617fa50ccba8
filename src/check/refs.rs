//! References between files: people, contacts, stages, opportunities, tiers, parents —
//! each must name something that exists, with a did-you-mean when it does not.

use crate::diag::{Diagnostic, suggestion};
use crate::model::{Account, Book, FilePath, Located, Symbol, id};
use std::collections::HashSet;

pub fn check(book: &Book, out: &mut Vec<Diagnostic>) {
    config(book, out);
    let people: Vec<&str> = book.config.people.iter().map(|p| p.id.as_str()).collect();
    let person = |path: &FilePath, who: &Located<Symbol>, out: &mut Vec<Diagnostic>| {
        if !people.contains(&who.as_str()) {
            let msg = format!("unknown person `{}`{}", who.value, suggestion(who, people.iter().copied()));
            out.push(Diagnostic::new("E201", path, Some(who.pos), msg));
        }
    };
    let stages: Vec<&str> = book.config.stages.iter().map(|s| s.id.as_str()).collect();
    for a in &book.accounts {
        let path = &a.path;
        if let Some(owner) = &a.owner {
            person(path, owner, out);
        }
        for m in &a.team {
            person(path, &m.who, out);
        }
        if let Some(tier) = &a.tier
            && book.config.tier(tier).is_none()
        {
            let msg = format!(
                "unknown tier `{}`; declared tiers: {}{}",
                tier.value,
                book.config.tier_order.join(", "),
                suggestion(tier, book.config.tier_order.iter().map(String::as_str))
            );
            out.push(Diagnostic::new("E205", path, Some(tier.pos), msg));
        }
        parent(book, a, out);
        if let Some(plan) = &a.plan {
            for action in &plan.action {
                if let Some(who) = &action.who {
                    person(&plan.path, who, out);
                }
            }
        }
        let contacts: Vec<&str> = a.contacts.iter().map(|c| c.id.as_str()).collect();
        let contact = |path: &FilePath, c: &Located<Symbol>, out: &mut Vec<Diagnostic>| {
            if !contacts.contains(&c.as_str()) {
                let msg = format!(
                    "contact `{}` does not exist in account `{}`{}",
                    c.value,
                    a.id,
                    suggestion(c, contacts.iter().copied())
                );
                out.push(Diagnostic::new("E210", path, Some(c.pos), msg));
            }
        };
        for c in &a.contacts {
            if let Some(cov) = &c.covered_by {
                person(&c.path, cov, out);
            }
        }
        for i in &a.interactions {
            for who in &i.by {
                person(&i.path, who, out);
            }
            for c in &i.with {
                contact(&i.path, c, out);
            }
            if let Some(who) = i.next.as_ref().and_then(|n| n.who.as_ref()) {
                person(&i.path, who, out);
            }
            if let Some(opp) = &i.opportunity
                && !a.opportunities.iter().any(|o| o.id == opp.value)
            {
                let ids = a.opportunities.iter().map(|o| o.id.as_str());
                let msg =
                    format!("opportunity `{}` does not exist in account `{}`{}", opp.value, a.id, suggestion(opp, ids));
                out.push(Diagnostic::new("E204", &i.path, Some(opp.pos), msg));
            }
        }
        for o in &a.opportunities {
            if let Some(owner) = &o.owner {
                person(&o.path, owner, out);
            }
            for c in &o.contacts {
                contact(&o.path, c, out);
            }
            // A missing stage is E103 already (it has no position); an empty one is unknown.
            if o.stage.pos.line > 0 && !stages.contains(&o.stage.as_str()) {
                let msg = format!(
                    "unknown stage `{}`; stages: {}{}",
                    o.stage.value,
                    stages.join(", "),
                    suggestion(&o.stage, stages.iter().copied())
                );
                out.push(Diagnostic::new("E203", &o.path, Some(o.stage.pos), msg));
            }
        }
    }
}

/// `parent` names an account, and following parents never comes back.
fn parent(book: &Book, a: &Account, out: &mut Vec<Diagnostic>) {
    let Some(parent) = &a.parent else { return };
    if book.account(parent).is_none() {
        let msg = format!("parent account `{}` does not exist{}", parent.value, suggestion(parent, book.account_ids()));
        out.push(Diagnostic::new("E206", &a.path, Some(parent.pos), msg));
        return;
    }
    let mut chain = vec![a.id.as_str()];
    let mut seen: HashSet<&str> = HashSet::from([a.id.as_str()]);
    let mut next = Some(parent.as_str());
    while let Some(id) = next {
        chain.push(id);
        if id == a.id {
            let msg = format!("parent chain loops: {}", chain.join(" → "));
            out.push(Diagnostic::new("E207", &a.path, Some(parent.pos), msg));
            return;
        }
        if !seen.insert(id) {
            return; // a loop that does not pass through `a`: reported on its own members
        }
        next = book.account(id).and_then(|p| p.parent.as_ref()).map(|p| p.as_str());
    }
}

/// kam.toml: people and stage ids are valid and unique.
fn config(book: &Book, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<&Located<String>> = Vec::new();
    for p in &book.config.people {
        if !id::is_valid(&p.id) {
            let msg = format!("invalid person id `{}`: {}", p.id.value, id::problem(&p.id));
            out.push(Diagnostic::new("E302", "kam.toml", Some(p.id.pos), msg));
        }
        duplicate("person", &p.id, &mut seen, out);
    }
    let mut seen = Vec::new();
    for s in &book.config.stages {
        duplicate("stage", &s.id, &mut seen, out);
    }
}

fn duplicate<'a>(what: &str, id: &'a Located<String>, seen: &mut Vec<&'a Located<String>>, out: &mut Vec<Diagnostic>) {
    if let Some(first) = seen.iter().find(|s| s.value == id.value) {
        let msg = format!("duplicate {what} id `{}` (first at line {})", id.value, first.pos.line);
        out.push(Diagnostic::new("E304", "kam.toml", Some(id.pos), msg));
    } else {
        seen.push(id);
    }
}
