//! Renders the generator's model as TOML files that look written by hand: the key order of
//! the SPEC examples, `_` thousands separators on amounts, inline `next` tables, one
//! `{ who, role }` line per team member.
//!
//! Text is built directly rather than through a serializer because serializers choose
//! their own layout (and toml's may change between versions); strings still go through
//! one careful escaper, `quote`.

use super::GeneratedFile;
use super::model::{Account, Contact, Interaction, Kind, Opportunity, Person, Plan, STAGES, TIERS};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt::Write;

/// A TOML document under construction, one `key = value` line at a time.
#[derive(Default)]
pub(crate) struct TomlText {
    out: String,
}

impl TomlText {
    pub fn comment(&mut self, text: &str) {
        for line in text.lines() {
            self.out.push_str("# ");
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// A `key = value` line where `value` is already TOML.
    pub fn raw(&mut self, key: &str, value: &str) {
        self.out.push_str(key);
        self.out.push_str(" = ");
        self.out.push_str(value);
        self.out.push('\n');
    }

    pub fn string(&mut self, key: &str, value: &str) {
        self.raw(key, &quote(value));
    }

    pub fn number(&mut self, key: &str, value: u64) {
        self.raw(key, &number(value));
    }

    pub fn date(&mut self, key: &str, value: NaiveDate) {
        self.raw(key, &value.to_string());
    }

    pub fn boolean(&mut self, key: &str, value: bool) {
        self.raw(key, if value { "true" } else { "false" });
    }

    pub fn strings<S: AsRef<str>>(&mut self, key: &str, values: &[S]) {
        self.raw(key, &string_array(values));
    }

    /// `[name]` or `[[name]]`, preceded by a blank line unless the file is empty.
    pub fn header(&mut self, header: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(header);
        self.out.push('\n');
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// A TOML basic string. Everything printable, CJK included, stays as it is; quotes,
/// backslashes and control characters are escaped as TOML 1.0 requires.
pub(crate) fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for ch in text.chars() {
        match ch {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            '\u{8}' => quoted.push_str("\\b"),
            '\u{c}' => quoted.push_str("\\f"),
            ch if ch.is_control() => {
                let _ = write!(quoted, "\\u{:04X}", u32::from(ch));
            }
            ch => quoted.push(ch),
        }
    }
    quoted.push('"');
    quoted
}

/// An integer with `_` every three digits once it reaches five digits (`12_000_000`),
/// the way people write amounts in these files.
pub(crate) fn number(value: u64) -> String {
    let digits = value.to_string();
    if digits.len() < 5 {
        return digits;
    }
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, ch) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('_');
        }
        grouped.push(ch);
    }
    grouped
}

fn string_array<S: AsRef<str>>(values: &[S]) -> String {
    let items: Vec<String> = values.iter().map(|value| quote(value.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// Every file of the book: `kam.toml` first, then the accounts' files sorted by path.
pub(crate) fn book(settings: &str, people: &[Person], accounts: &[Account]) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    for account in accounts {
        account_files(account, &mut files);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.insert(0, GeneratedFile { path: "kam.toml".to_string(), contents: kam_toml(settings, people) });
    files
}

/// `settings` is the already rendered comment and `[kam]` table; people and policy follow.
fn kam_toml(settings: &str, people: &[Person]) -> String {
    let mut doc = TomlText { out: settings.to_string() };
    for person in people {
        doc.header("[[people]]");
        doc.string("id", &person.id);
        doc.string("name", &person.name);
        doc.string("email", &person.email);
        if !person.emails.is_empty() {
            doc.strings("emails", &person.emails);
        }
        doc.string("role", person.role);
        doc.number("capacity", u64::from(person.capacity));
        if let Some(left) = person.left {
            doc.date("left", left);
        }
    }
    for tier in &TIERS {
        doc.header(&format!("[tiers.{}]", tier.name));
        doc.number("cadence_days", tier.cadence_days.unsigned_abs());
        doc.number("min_team", tier.min_team as u64);
        if !tier.require.is_empty() {
            doc.strings("require", tier.require);
        }
    }
    doc.header("[abc]");
    doc.raw("a", "0.80");
    doc.raw("b", "0.95");
    for (id, probability) in STAGES {
        doc.header("[[stages]]");
        doc.string("id", id);
        doc.raw("probability", probability);
    }
    doc.header("[queries]");
    doc.string("red-a", "tier:A health_status:red");
    doc.string("stale-a", "tier:A last_touch>14d");
    doc.string("group-buy", "segment:group-buy");
    doc.finish()
}

fn account_files(account: &Account, files: &mut Vec<GeneratedFile>) {
    let base = format!("accounts/{}", account.id);
    files.push(GeneratedFile { path: format!("{base}/account.toml"), contents: account_toml(account) });
    if let Some(plan) = &account.plan {
        files.push(GeneratedFile { path: format!("{base}/plan.toml"), contents: plan_toml(plan) });
    }
    for contact in &account.contacts {
        files.push(GeneratedFile {
            path: format!("{base}/contacts/{}.toml", contact.id),
            contents: contact_toml(contact),
        });
    }
    for (stem, interaction) in interaction_stems(&account.interactions) {
        files.push(GeneratedFile {
            path: format!("{base}/interactions/{stem}.toml"),
            contents: interaction_toml(interaction, &account.contacts),
        });
    }
    for opportunity in &account.opportunities {
        files.push(GeneratedFile {
            path: format!("{base}/opportunities/{}.toml", opportunity.id),
            contents: opportunity_toml(opportunity),
        });
    }
}

/// File stems `<date>-<slug>`, made unique within the account by a `-2`, `-3` suffix in
/// date order, so that the same book always gets the same names.
pub(crate) fn interaction_stems(interactions: &[Interaction]) -> Vec<(String, &Interaction)> {
    let mut ordered: Vec<&Interaction> = interactions.iter().collect();
    ordered.sort_by(|a, b| a.date.cmp(&b.date).then(a.at.cmp(&b.at)));
    let mut used = BTreeSet::new();
    let mut stems = Vec::with_capacity(ordered.len());
    for interaction in ordered {
        let base = format!("{}-{}", interaction.date, interaction.slug);
        let mut stem = base.clone();
        let mut suffix = 2;
        while used.contains(&stem) {
            stem = format!("{base}-{suffix}");
            suffix += 1;
        }
        used.insert(stem.clone());
        stems.push((stem, interaction));
    }
    stems
}

fn account_toml(account: &Account) -> String {
    let mut doc = TomlText::default();
    doc.string("name", &account.name);
    doc.string("segment", account.segment);
    if !account.industry.is_empty() {
        doc.string("industry", &account.industry);
    }
    doc.string("region", account.region);
    doc.string("tier", account.tier);
    doc.string("status", account.status);
    doc.string("owner", &account.owner);
    if let Some(parent) = &account.parent {
        doc.string("parent", parent);
    }
    if let Some(since) = account.since {
        doc.date("since", since);
    }
    if !account.tags.is_empty() {
        doc.strings("tags", &account.tags);
    }
    if !account.team.is_empty() {
        let mut lines = String::from("[\n");
        for member in &account.team {
            let _ = writeln!(lines, "  {{ who = {}, role = {} }},", quote(&member.who), quote(&member.role));
        }
        lines.push(']');
        doc.raw("team", &lines);
    }
    if let Some(credit) = &account.credit {
        doc.header("[credit]");
        doc.number("limit", credit.limit);
        doc.number("terms_days", credit.terms_days.unsigned_abs());
        doc.string("rating", credit.rating);
    }
    if let Some(potential) = &account.potential {
        doc.header("[potential]");
        doc.number("annual_units", u64::from(potential.annual_units));
        doc.number("wallet", potential.wallet);
    }
    for competitor in &account.competitors {
        doc.header("[[competitors]]");
        doc.string("name", &competitor.name);
        doc.string("position", competitor.position);
        if let Some(notes) = &competitor.notes {
            doc.string("notes", notes);
        }
    }
    if let Some(snooze) = &account.snooze {
        doc.header("[snooze]");
        doc.date("until", snooze.until);
        doc.string("reason", &snooze.reason);
    }
    for date in &account.dates {
        doc.header("[[dates]]");
        doc.string("what", &date.what);
        doc.date("on", date.on);
    }
    doc.finish()
}

fn plan_toml(plan: &Plan) -> String {
    let mut doc = TomlText::default();
    doc.string("objective", &plan.objective);
    doc.date("review_by", plan.review_by);
    for strategy in &plan.strategies {
        doc.header("[[strategy]]");
        doc.string("kind", strategy.kind);
        doc.string("text", &strategy.text);
    }
    for action in &plan.actions {
        doc.header("[[action]]");
        doc.string("what", &action.what);
        doc.string("who", &action.who);
        doc.date("due", action.due);
        doc.boolean("done", action.done);
    }
    doc.finish()
}

fn contact_toml(contact: &Contact) -> String {
    let mut doc = TomlText::default();
    doc.string("name", &contact.name);
    doc.string("title", &contact.title);
    doc.strings("roles", &contact.roles);
    doc.string("stance", contact.stance);
    doc.number("influence", u64::from(contact.influence));
    if let Some(covered_by) = &contact.covered_by {
        doc.string("covered_by", covered_by);
    }
    if let Some(email) = &contact.email {
        doc.string("email", email);
    }
    if let Some(phone) = &contact.phone {
        doc.string("phone", phone);
    }
    if let Some(birthday) = contact.birthday {
        doc.date("birthday", birthday);
    }
    if !contact.preferences.is_empty() {
        doc.strings("preferences", &contact.preferences);
    }
    if let Some(left) = contact.left {
        doc.date("left", left);
    }
    doc.finish()
}

fn interaction_toml(interaction: &Interaction, contacts: &[Contact]) -> String {
    let mut doc = TomlText::default();
    match interaction.at {
        Some((hour, minute)) => doc.raw("date", &format!("{}T{hour:02}:{minute:02}:00+08:00", interaction.date)),
        None => doc.date("date", interaction.date),
    }
    doc.string("kind", interaction.kind.name());
    doc.strings("by", &interaction.by);
    if !interaction.with.is_empty() {
        doc.strings("with", &interaction.with);
    }
    doc.string("summary", &summary_text(interaction, contacts));
    match &interaction.kind {
        Kind::Order(order) => {
            doc.number("amount", order.amount);
            doc.number("units", u64::from(order.units));
            doc.number("margin", order.margin);
            if let Some(opportunity) = &order.opportunity {
                doc.string("opportunity", opportunity);
            }
        }
        Kind::Payment { amount } => doc.number("amount", *amount),
        Kind::Complaint(complaint) => {
            doc.string("severity", complaint.severity);
            doc.string("status", complaint.status);
            if let Some(resolved_on) = complaint.resolved_on {
                doc.date("resolved_on", resolved_on);
            }
        }
        Kind::Survey { score } => doc.number("score", u64::from(*score)),
        _ => {}
    }
    if let Some(sentiment) = interaction.sentiment {
        doc.string("sentiment", sentiment);
    }
    if let Some(next) = &interaction.next {
        doc.raw(
            "next",
            &format!(
                "{{ what = {}, due = {}, who = {}, done = {} }}",
                quote(&next.what),
                next.due,
                quote(&next.who),
                next.done
            ),
        );
    }
    doc.finish()
}

/// Summaries are written with a `{c}` placeholder for the first contact met, so one
/// phrase pool reads naturally for every account.
fn summary_text(interaction: &Interaction, contacts: &[Contact]) -> String {
    if !interaction.summary.contains("{c}") {
        return interaction.summary.clone();
    }
    let name = interaction
        .with
        .first()
        .and_then(|id| contacts.iter().find(|contact| &contact.id == id))
        .map_or("客户", |contact| contact.name.as_str());
    interaction.summary.replace("{c}", name)
}

fn opportunity_toml(opportunity: &Opportunity) -> String {
    let mut doc = TomlText::default();
    doc.string("name", &opportunity.name);
    doc.string("stage", opportunity.stage);
    doc.number("amount", opportunity.amount);
    doc.date("close", opportunity.close);
    doc.string("owner", &opportunity.owner);
    if !opportunity.contacts.is_empty() {
        doc.strings("contacts", &opportunity.contacts);
    }
    if !opportunity.competitors.is_empty() {
        doc.strings("competitors", &opportunity.competitors);
    }
    if let Some(reason) = &opportunity.lost_reason {
        doc.string("lost_reason", reason);
    }
    doc.finish()
}
