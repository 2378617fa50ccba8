//! A scripted git history for a generated book: the book as it grew, commit by commit,
//! by the people who work it — accounts added, every interaction recorded on its day by
//! someone on the account, opportunities moving through the stages, tier changes,
//! handovers (one made by kam's own handover code), and a person leaving — ending in a
//! HEAD whose files are exactly the generated book.
//!
//! Git objects are written directly (blobs, trees, commits), never through the working tree
//! or an index, so a large book's history costs no per-file `git add`, and a commit costs
//! what it changes, not the size of the book.

use super::GeneratedFile;
use crate::error::{KamError, Result};
use crate::handover::{self, Request};
use crate::model::words::PersonRole;
use crate::model::{Account, Book};
use crate::progress::Progress;
use crate::source::memory::Memory;
use chrono::{Duration, NaiveDate};
use git2::{ObjectType, Oid, Repository, Signature, Time};
use std::collections::BTreeMap;

/// China Standard Time: every commit is made at +08:00.
const OFFSET_MINUTES: i32 = 8 * 60;

/// How the history is shaped.
pub struct HistorySpec {
    /// The first commit: the import of everything that existed by then.
    pub start: NaiveDate,
    /// With a limit, events are merged day by day into at most about this many commits
    /// (for the benchmark books); without, every event is its own commit.
    pub max_commits: Option<usize>,
    /// Files that are not part of the book but of the repository (README, editor
    /// settings), added by the first commit.
    pub extra: Vec<(String, String)>,
}

/// One commit to make.
struct Event {
    date: NaiveDate,
    author: String,
    message: String,
    /// Path → new content, or `None` to remove.
    changes: BTreeMap<String, Option<String>>,
}

/// A file's content over time: `(from, content)`, oldest first.
type Versions = Vec<(NaiveDate, String)>;

/// What happened to an account beyond its files appearing.
struct AccountPlot {
    /// The tier it had until the date.
    tier_until: Option<(NaiveDate, String)>,
    /// The owner it had until the date, and whether kam's handover code makes the change.
    owner_until: Option<(NaiveDate, String, bool)>,
}

/// Builds the history in `repo` and points HEAD's branch at its last commit; returns the
/// number of commits. The working tree is not touched (check out HEAD afterwards).
pub fn build(repo: &Repository, files: &[GeneratedFile], spec: &HistorySpec) -> Result<usize> {
    let finals: BTreeMap<String, String> = files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
    let book = crate::load::load(&Memory { files: &finals })?.book;
    let today = book.config.kam.today.unwrap_or(spec.start);
    let start = spec.start.min(today);
    let plots = plots(&book, start, today);
    let mut events = events(&book, &finals, &plots, start, today);
    let first = events.iter().position(|e| e.date > start).unwrap_or(events.len());
    let mut import = Event {
        date: start,
        author: manager(&book).unwrap_or_default(),
        message: "Import the key-account book".into(),
        changes: spec.extra.iter().map(|(p, c)| (p.clone(), Some(c.clone()))).collect(),
    };
    for e in events.drain(..first) {
        import.changes.extend(e.changes);
    }
    events.insert(0, import);
    handovers_by_kam(&book, &plots, &mut events)?;
    if let Some(limit) = spec.max_commits {
        events = batch(events, limit, manager(&book).unwrap_or_default());
    }
    write(repo, &book, &events)?;
    Ok(events.len())
}

/// The person who signs the book's own changes: the first gm, else sales manager, else
/// the first person.
fn manager(book: &Book) -> Option<String> {
    let people = &book.config.people;
    let by_role = |role| people.iter().find(|p| p.role == Some(role));
    by_role(PersonRole::Gm).or_else(|| by_role(PersonRole::SalesManager)).or(people.first()).map(|p| p.id.value.clone())
}

/// The day an account enters the book: its `since` or first interaction, not before the
/// history starts.
fn birth(a: &Account, start: NaiveDate, today: NaiveDate) -> NaiveDate {
    let first = a.interactions.first().map(|i| i.date.value);
    [a.since, first].into_iter().flatten().min().unwrap_or(start).clamp(start, today)
}

/// Whether `person` has nothing on the account: not owner or team, covers no contact,
/// owns no opportunity, took part in no interaction, holds no action.
fn uninvolved(a: &Account, person: &str) -> bool {
    !a.members().contains(&person)
        && !a.contacts.iter().any(|c| c.covered_by.as_ref().is_some_and(|w| w.value == person))
        && !a.opportunities.iter().any(|o| o.owner.as_ref().is_some_and(|w| w.value == person))
        && !a.interactions.iter().any(|i| {
            i.by.iter().any(|b| b.value == person)
                || i.next.as_ref().and_then(|n| n.who.as_ref()).is_some_and(|w| w.value == person)
        })
        && !a.plan.iter().flat_map(|p| &p.action).any(|x| x.who.as_ref().is_some_and(|w| w.value == person))
}

/// Chooses the tier changes and handovers: the first three accounts (by id) of the first
/// year get their tier raised from the one below at mid-history; two long-standing
/// accounts were owned by someone else before, handed over at 40 % and 70 % of the
/// history (the second by kam's handover code).
fn plots(book: &Book, start: NaiveDate, today: NaiveDate) -> BTreeMap<String, AccountPlot> {
    let span = (today - start).num_days();
    let at = |fraction: f64| start + Duration::days((span as f64 * fraction) as i64);
    let tiers = &book.config.tier_order;
    let early: Vec<&Account> = book.accounts.iter().filter(|a| birth(a, start, today) <= at(0.25)).collect();
    let mut plots: BTreeMap<String, AccountPlot> = BTreeMap::new();
    let raised = early.iter().filter_map(|a| {
        let tier = a.tier_name()?;
        let below = tiers.get(tiers.iter().position(|t| t == tier)? + 1)?;
        Some((a.id.to_string(), below.clone()))
    });
    for (k, (id, below)) in raised.take(3).enumerate() {
        let date = at(0.5 + 0.08 * k as f64);
        plots.insert(id, AccountPlot { tier_until: Some((date, below)), owner_until: None });
    }
    let reps: Vec<&str> = book
        .config
        .people
        .iter()
        .filter(|p| matches!(p.role, Some(PersonRole::Rep | PersonRole::KaManager)))
        .map(|p| p.id.as_str())
        .collect();
    let mut handed = 0;
    for a in early.iter().rev() {
        if handed == 2 {
            break;
        }
        let date = at(if handed == 0 { 0.4 } else { 0.7 });
        let Some(previous) = reps
            .iter()
            .find(|p| uninvolved(a, p) && book.config.person(p).is_some_and(|x| x.left.is_none_or(|l| l > date)))
        else {
            continue;
        };
        if a.owner_id().is_none() || a.opportunities.iter().any(|o| o.owner.is_none()) {
            continue;
        }
        let plot = plots.entry(a.id.to_string()).or_insert(AccountPlot { tier_until: None, owner_until: None });
        plot.owner_until = Some((date, previous.to_string(), handed == 1));
        handed += 1;
    }
    plots
}

/// Replaces the first line `key = "old"…` of `text` by `key = "new"`.
fn with_value(text: &str, key: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with(&format!("{key} = \"")) {
            let rest = line.splitn(3, '"').nth(2).unwrap_or("\n");
            out.push_str(&format!("{key} = \"{new}\"{rest}"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The versions of an account file: tier and owner as they were before the plot's dates.
fn account_versions(text: &str, plot: Option<&AccountPlot>, born: NaiveDate) -> Versions {
    let Some(plot) = plot else { return vec![(born, text.to_string())] };
    let mut changes: Vec<NaiveDate> = vec![born];
    changes.extend(plot.tier_until.iter().map(|(d, _)| *d));
    changes.extend(plot.owner_until.iter().filter(|(_, _, by_kam)| !by_kam).map(|(d, _, _)| *d));
    changes.sort();
    changes.dedup();
    changes
        .into_iter()
        .map(|from| {
            let mut content = text.to_string();
            if let Some((until, tier)) = &plot.tier_until
                && from < *until
            {
                content = with_value(&content, "tier", tier);
            }
            if let Some((until, owner, _)) = &plot.owner_until
                && from < *until
            {
                content = with_value(&content, "owner", owner);
            }
            (from, content)
        })
        .collect()
}

/// The stages an opportunity went through, with the day it entered each: the open stages
/// in order up to its own (for a lost one, up to a stage picked from its id), then its
/// closed stage on its close date; stays of 18 to 72 days, different for each.
fn opportunity_versions(
    book: &Book,
    text: &str,
    stage: &str,
    close: Option<NaiveDate>,
    born: NaiveDate,
    today: NaiveDate,
) -> Versions {
    let stages = &book.config.stages;
    let open: Vec<&str> = stages.iter().filter(|s| !s.is_closed()).map(|s| s.id.as_str()).collect();
    let final_stage = book.config.stage(stage);
    let closed = final_stage.is_some_and(|s| s.is_closed());
    // Each opportunity moves at its own pace: stays of 18 to 72 days drawn from its text.
    let seed = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let draw = |k: u32, n: u64| (seed.rotate_left(k * 11) >> 7) % n.max(1);
    let mut path: Vec<&str> = match open.iter().position(|s| *s == stage) {
        Some(k) => open[..=k].to_vec(),
        None if final_stage.is_some_and(|s| s.is_won()) => open.clone(),
        None => open[..=(draw(0, open.len() as u64) as usize).min(open.len().saturating_sub(1))].to_vec(),
    };
    if closed {
        path.push(stage);
    }
    // Walk back from the last move: the close (closed ones) or 3 to 74 days ago.
    let last = if closed { close.unwrap_or(today).min(today) } else { today - Duration::days(3 + draw(1, 72) as i64) };
    let mut dates = vec![last.max(born)];
    for j in (1..path.len()).rev() {
        let stay = 18 + draw(j as u32 + 2, 55) as i64;
        let previous = *dates.last().unwrap_or(&last) - Duration::days(stay);
        dates.push(previous.max(born));
    }
    dates.reverse();
    let without_reason: String = text.split_inclusive('\n').filter(|l| !l.starts_with("lost_reason")).collect();
    path.iter()
        .zip(dates)
        .map(|(s, from)| {
            let content = if *s == stage { text.to_string() } else { with_value(&without_reason, "stage", s) };
            (from, content)
        })
        .collect()
}

/// `kam.toml` before each departure: the `left` line of people still with us removed.
fn config_versions(book: &Book, text: &str, start: NaiveDate) -> Versions {
    let mut leaving: Vec<NaiveDate> = book.config.people.iter().filter_map(|p| p.left).filter(|l| *l > start).collect();
    leaving.sort();
    leaving.dedup();
    let at = |when: NaiveDate| -> String {
        text.split_inclusive('\n')
            .filter(|l| {
                let date = l.strip_prefix("left = ").and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
                date.is_none_or(|d| d <= start || d < when)
            })
            .collect()
    };
    let mut versions = vec![(start, at(start))];
    versions.extend(leaving.iter().map(|l| (*l + Duration::days(1), at(*l + Duration::days(1)))));
    versions
}

/// Every event of the history, by date; files present at `start` come first.
fn events(
    book: &Book,
    finals: &BTreeMap<String, String>,
    plots: &BTreeMap<String, AccountPlot>,
    start: NaiveDate,
    today: NaiveDate,
) -> Vec<Event> {
    let boss = manager(book).unwrap_or_default();
    let mut out: Vec<Event> = Vec::new();
    let mut event = |date: NaiveDate, author: &str, message: String, path: &str, content: &str| {
        out.push(Event {
            date,
            author: author.to_string(),
            message,
            changes: BTreeMap::from([(path.to_string(), Some(content.to_string()))]),
        });
    };
    if let Some(text) = finals.get("kam.toml") {
        let versions = config_versions(book, text, start);
        for (k, (date, content)) in versions.iter().enumerate() {
            let message = if k == 0 {
                "Settings and our team".to_string()
            } else {
                let left: Vec<&str> = book
                    .config
                    .people
                    .iter()
                    .filter(|p| p.left.map(|l| l + Duration::days(1)) == Some(*date))
                    .map(|p| p.id.as_str())
                    .collect();
                format!("{} has left", left.join(", "))
            };
            event(*date, &boss, message, "kam.toml", content);
        }
    }
    for a in &book.accounts {
        let born = birth(a, start, today);
        let plot = plots.get(a.id.as_str());
        let owner_at = |date: NaiveDate| -> String {
            match plot.and_then(|p| p.owner_until.as_ref()) {
                Some((until, previous, _)) if date < *until => previous.clone(),
                _ => a.owner_id().unwrap_or(&boss).to_string(),
            }
        };
        // An author on the account at the time: the first named person who is on its
        // team then, else the owner then.
        // An author on the account at the time and still with us: the first named person
        // who is, else the owner, else the first such team member, else the manager.
        let author_at = |date: NaiveDate, candidates: &[&str]| -> String {
            let here = |id: &str| book.config.person(id).is_some_and(|p| p.left.is_none_or(|l| l > date));
            let owner = owner_at(date);
            let team: Vec<&str> = a.team.iter().map(|t| t.who.as_str()).collect();
            let on_account = |id: &&str| (*id == owner || team.contains(id)) && here(id);
            let owner_here = here(&owner).then_some(owner.as_str());
            let chosen = candidates.iter().find(|c| on_account(c)).copied().or(owner_here);
            chosen.or_else(|| team.iter().find(|t| here(t)).copied()).unwrap_or(&boss).to_string()
        };
        let name = &a.name.value;
        let Some(text) = finals.get(&a.path.to_string()) else { continue };
        for (k, (date, content)) in account_versions(text, plot, born).iter().enumerate() {
            let message = if k == 0 {
                format!("Add account {name} ({})", a.id)
            } else if plot.and_then(|p| p.tier_until.as_ref()).is_some_and(|(d, _)| d == date) {
                format!("Raise {} to tier {}", a.id, a.tier_name().unwrap_or(""))
            } else {
                let (previous, owner) = (owner_at(*date - Duration::days(1)), owner_at(*date));
                format!(
                    "Hand over {} from {previous} to {owner}\n\nKam-Account: {}\nKam-Handover: {previous} -> {owner}",
                    a.id, a.id
                )
            };
            let author = if k == 0 { owner_at(*date) } else { boss.clone() };
            event(*date, &author, message, &a.path.to_string(), content);
        }
        if let Some(p) = &a.plan
            && let Some(text) = finals.get(&p.path.to_string())
        {
            event(born, &owner_at(born), format!("Account plan for {}", a.id), &p.path.to_string(), text);
        }
        for c in &a.contacts {
            if let Some(text) = finals.get(&c.path.to_string()) {
                let author = author_at(born, &[c.covered_by.as_ref().map_or("", |w| w.as_str())]);
                event(born, &author, format!("Add contact {} at {}", c.name, a.id), &c.path.to_string(), text);
            }
        }
        for i in &a.interactions {
            let Some(text) = finals.get(&i.path.to_string()) else { continue };
            let date = i.date.value.max(born);
            let by: Vec<&str> = i.by.iter().map(|b| b.as_str()).collect();
            let what = i.summary.as_deref().unwrap_or(crate::model::words::Word::as_str(i.kind));
            let mut message = format!("{} {}: {what}", crate::model::words::Word::as_str(i.kind), a.id);
            if message.chars().count() > 72 {
                message = message.chars().take(71).collect::<String>() + "…";
            }
            event(date, &author_at(date, &by), message, &i.path.to_string(), text);
        }
        for o in &a.opportunities {
            let Some(text) = finals.get(&o.path.to_string()) else { continue };
            for (k, (date, content)) in
                opportunity_versions(book, text, &o.stage, o.close, born, today).iter().enumerate()
            {
                let stage = content
                    .lines()
                    .find_map(|l| l.strip_prefix("stage = \""))
                    .map(|s| s.trim_end_matches('"'))
                    .unwrap_or("");
                let message = if k == 0 {
                    format!("Open {} at {}: {stage}", o.id, a.id)
                } else {
                    format!("Move {} at {} to {stage}", o.id, a.id)
                };
                let owner = o.owner.as_ref().map_or("", |w| w.as_str());
                event(*date, &author_at(*date, &[owner]), message, &o.path.to_string(), content);
            }
        }
    }
    // Same day: settings and accounts before what happens on them.
    out.sort_by_key(|e| (e.date, !e.message.starts_with("Settings") && !e.message.starts_with("Add account")));
    out
}

/// The handovers made by kam's own code: the state just before is loaded, `kam handover`'s
/// plan computed on it, and its edits become the commit.
fn handovers_by_kam(book: &Book, plots: &BTreeMap<String, AccountPlot>, events: &mut Vec<Event>) -> Result<()> {
    for (id, plot) in plots {
        let Some((date, previous, true)) = &plot.owner_until else { continue };
        let Some(a) = book.account(id) else { continue };
        let at = events.iter().position(|e| e.date >= *date).unwrap_or(events.len());
        let mut state: BTreeMap<String, String> = BTreeMap::new();
        for e in &events[..at] {
            for (path, content) in &e.changes {
                match content {
                    Some(c) => state.insert(path.clone(), c.clone()),
                    None => state.remove(path),
                };
            }
        }
        // The owner is still the previous one in the state: the account file is written
        // with them until the handover.
        if let Some(text) = state.get(&a.path.to_string()).cloned() {
            state.insert(a.path.to_string(), with_value(&text, "owner", previous));
        }
        for e in events[at..].iter_mut() {
            if let Some(Some(text)) = e.changes.get_mut(&a.path.to_string()).filter(|_| e.date < *date) {
                *text = with_value(text, "owner", previous);
            }
        }
        for e in events[..at].iter_mut() {
            if let Some(Some(text)) = e.changes.get_mut(&a.path.to_string()) {
                *text = with_value(text, "owner", previous);
            }
        }
        let before = crate::load::load(&Memory { files: &state })?.book;
        let owner = a.owner_id().unwrap_or_default();
        let accounts = [a.id.to_string()];
        let read = |path: &str| {
            state
                .get(path)
                .map(|t| t.as_bytes().to_vec())
                .ok_or_else(|| KamError::env(format!("{path} is not in the book yet")))
        };
        let plan = handover::plan_with(
            &read,
            &before,
            &Request { from: previous, to: owner, accounts: &accounts, today: *date },
        )?;
        let changes =
            plan.edits.into_iter().map(|e| (e.path, Some(String::from_utf8_lossy(&e.new).into_owned()))).collect();
        let boss = manager(book).unwrap_or_default();
        events.insert(
            at,
            Event { date: *date, author: boss, message: handover::commit_message(previous, owner, &accounts), changes },
        );
    }
    Ok(())
}

/// Merges the events after the first into at most `limit` − 1 commits of consecutive
/// events (for books too large for one commit per event).
fn batch(events: Vec<Event>, limit: usize, author: String) -> Vec<Event> {
    let mut iter = events.into_iter();
    let Some(first) = iter.next() else { return Vec::new() };
    let rest: Vec<Event> = iter.collect();
    let per = rest.len().div_ceil(limit.saturating_sub(1).max(1)).max(1);
    let mut out = vec![first];
    let mut current: Option<(Event, usize)> = None;
    for e in rest {
        match current.as_mut() {
            Some((merged, n)) if *n < per => {
                merged.changes.extend(e.changes);
                merged.date = e.date;
                *n += 1;
            }
            _ => {
                if let Some((done, n)) = current.take() {
                    out.push(finish(done, n));
                }
                let opened = e.date;
                current = Some((Event { message: opened.to_string(), author: author.clone(), ..e }, 1));
            }
        }
    }
    if let Some((done, n)) = current {
        out.push(finish(done, n));
    }
    out
}

/// The message of a merged commit: its first and last day and how many changes.
fn finish(mut e: Event, n: usize) -> Event {
    e.message = format!("Updates of {} to {}: {n} changes", e.message, e.date);
    e
}

/// Writes the commits and moves HEAD's branch to the last one.
fn write(repo: &Repository, book: &Book, events: &[Event]) -> Result<()> {
    let odb = repo.odb()?;
    let mut root = Dir::default();
    let mut parent: Option<Oid> = None;
    let mut same_day = 0i64;
    let mut last_date = None;
    let progress = Progress::start("writing commits", Some(events.len() as u64), "commits");
    for e in events {
        progress.inc(1);
        for (path, content) in &e.changes {
            let blob = content.as_ref().map(|text| odb.write(ObjectType::Blob, text.as_bytes())).transpose()?;
            root.set(path, blob);
        }
        let tree = repo.find_tree(root.write(&odb)?)?;
        same_day = if last_date == Some(e.date) { same_day + 1 } else { 0 };
        last_date = Some(e.date);
        let noon = e.date.and_hms_opt(9, 0, 0).map_or(0, |t| t.and_utc().timestamp());
        let when = Time::new(noon - i64::from(OFFSET_MINUTES) * 60 + (same_day * 97).min(12 * 3600), OFFSET_MINUTES);
        let person = book.config.person(&e.author);
        let name = person.map_or(e.author.as_str(), |p| p.name.as_str());
        let email = person.and_then(|p| p.email.clone()).unwrap_or_else(|| format!("{}@example.com", e.author));
        let signature = Signature::new(name, &email, &when)?;
        let parents: Vec<git2::Commit<'_>> = parent.map(|p| repo.find_commit(p)).transpose()?.into_iter().collect();
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        parent = Some(repo.commit(None, &signature, &signature, &e.message, &tree, &parent_refs)?);
    }
    if let Some(last) = parent {
        let head = repo.find_reference("HEAD")?;
        let branch = head.symbolic_target().into_iter().flatten().next().unwrap_or("refs/heads/main").to_string();
        repo.reference(&branch, last, true, "kam: scripted history")?;
    }
    Ok(())
}

/// A directory of the tree being built, with the id of its tree object while it is
/// unchanged: a commit writes only the directories its changes are in, so the cost of a
/// commit follows its changes, not the size of the book. (An index rewritten per commit
/// costs the whole book every time: every entry is visited and every object checked.)
#[derive(Default)]
struct Dir {
    files: BTreeMap<String, Oid>,
    dirs: BTreeMap<String, Dir>,
    written: Option<Oid>,
}

impl Dir {
    /// Sets the blob at `path` (relative to this directory), or removes it with `None`;
    /// a directory left empty is removed, as git has no empty trees.
    fn set(&mut self, path: &str, blob: Option<Oid>) {
        self.written = None;
        match path.split_once('/') {
            Some((name, rest)) => {
                let dir = self.dirs.entry(name.to_string()).or_default();
                dir.set(rest, blob);
                if dir.files.is_empty() && dir.dirs.is_empty() {
                    self.dirs.remove(name);
                }
            }
            None => {
                match blob {
                    Some(id) => self.files.insert(path.to_string(), id),
                    None => self.files.remove(path),
                };
            }
        }
    }

    /// Writes the tree objects of this directory and of every changed one below it;
    /// returns this one's id.
    fn write(&mut self, odb: &git2::Odb<'_>) -> Result<Oid> {
        if let Some(id) = self.written {
            return Ok(id);
        }
        // Git sorts a tree's entries by name, a directory's name as if it ended in `/`.
        let mut entries: Vec<(String, &str, Oid)> = Vec::with_capacity(self.files.len() + self.dirs.len());
        for (name, dir) in &mut self.dirs {
            entries.push((format!("{name}/"), "40000", dir.write(odb)?));
        }
        entries.extend(self.files.iter().map(|(name, id)| (name.clone(), "100644", *id)));
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut bytes = Vec::with_capacity(entries.iter().map(|(name, ..)| name.len() + 28).sum());
        for (name, mode, id) in &entries {
            bytes.extend_from_slice(mode.as_bytes());
            bytes.push(b' ');
            bytes.extend_from_slice(name.strip_suffix('/').filter(|_| *mode == "40000").unwrap_or(name).as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(id.as_bytes());
        }
        let id = odb.write(ObjectType::Tree, &bytes)?;
        self.written = Some(id);
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trees written directory by directory are git's own: the same ids as an index's
    /// `write_tree` for the same files, after additions, changes and removals — including
    /// names where git's order (a directory sorts as if it ended in `/`) differs from plain
    /// string order: `a-b/` < `a/` < `a0.toml`, while `a` < `a-b` as strings.
    #[test]
    fn trees_written_per_directory_are_the_ones_git_writes() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let odb = repo.odb().unwrap();
        let mut root = Dir::default();
        let mut index = git2::Index::new().unwrap();
        let steps: [&[(&str, Option<&str>)]; 3] = [
            &[("kam.toml", Some("x")), ("a/b.toml", Some("1")), ("a.toml", Some("2")), ("a0.toml", Some("3"))],
            &[("a/c/d.toml", Some("4")), ("a/b.toml", Some("5")), ("a-b/e.toml", Some("6"))],
            &[("a/c/d.toml", None), ("a.toml", None)],
        ];
        for step in steps {
            for (path, content) in step {
                let blob = content.map(|c| odb.write(ObjectType::Blob, c.as_bytes()).unwrap());
                root.set(path, blob);
                match blob {
                    Some(id) => index.add(&crate::write::commit::entry(path, id, 1)).unwrap(),
                    None => index.remove_path(std::path::Path::new(path)).unwrap(),
                }
            }
            assert_eq!(root.write(&odb).unwrap(), index.write_tree_to(&repo).unwrap());
        }
        // The removal emptied `a/c/`, which is gone as git has no empty trees.
        let tree = repo.find_tree(root.write(&odb).unwrap()).unwrap();
        assert!(tree.get_path(std::path::Path::new("a/c")).is_err());
        let names: Vec<String> = tree.iter().map(|e| e.name().unwrap().to_string()).collect();
        assert_eq!(names, ["a-b", "a", "a0.toml", "kam.toml"]);
    }
}
