//! The registry of diagnostic codes: one descriptor per code, with its severity, a short
//! description and an example line. The README's table of codes is generated from here
//! (`kam check --list-codes --format markdown`), and a test keeps the two equal.

use crate::diag::Severity;

pub struct CodeInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub example: &'static str,
}

macro_rules! codes {
    ($($code:literal $name:literal $sev:ident $summary:literal $example:literal;)*) => {
        pub const CODES: &[CodeInfo] = &[
            $(CodeInfo { code: $code, name: $name, severity: Severity::$sev, summary: $summary, example: $example },)*
        ];
    };
}

codes! {
    "E001" "syntax" Error "The file is not valid TOML."
        "accounts/anji/account.toml:3:8: error[E001]: invalid TOML: unclosed string";
    "E002" "encoding" Error "The file is not valid UTF-8."
        "accounts/anji/account.toml:2:9: error[E002]: file is not valid UTF-8 (invalid byte 0xC9)";
    "E003" "too-large" Error "The file is larger than kam reads (1 MiB); it is skipped."
        "accounts/anji/contacts/dump.toml: error[E003]: file is 20971520 bytes, more than the 1048576 kam reads";
    "E004" "binary" Error "The file contains NUL bytes; it is skipped."
        "accounts/anji/account.toml: error[E004]: binary file (contains NUL bytes)";
    "E005" "unreadable" Error "The file or directory could not be read."
        "accounts/anji/account.toml: error[E005]: cannot read: permission denied";
    "E006" "symlink-escape" Error "A symbolic link points outside the repository; it is not followed."
        "accounts/anji/contacts/x.toml: error[E006]: symbolic link to `/etc/passwd` points outside the repository; not followed";
    "E007" "schema-version" Error "`kam.toml` declares a schema newer than this kam understands; nothing else is read."
        "kam.toml:2:10: error[E007]: schema 99 is newer than this kam understands (1); upgrade kam";
    "E101" "wrong-type" Error "A field has the wrong TOML type."
        "accounts/anji/account.toml:9:14: error[E101]: `credit.limit` must be a number, found string";
    "E102" "unknown-field" Error "A field that the file kind does not have (every one is reported)."
        "accounts/anji/account.toml:7:1: error[E102]: unknown field `teir` (did you mean `tier`?)";
    "E103" "missing-field" Error "A required field is missing."
        "accounts/anji/account.toml: error[E103]: missing required field `name`";
    "E104" "enum-value" Error "A field's value is not one of the allowed words."
        "accounts/anji/contacts/wang-jun.toml:4:10: error[E104]: `stance` must be one of champion, supporter, neutral, skeptic, opponent; found `fan`";
    "E105" "out-of-range" Error "A number is outside its range (influence 1..5, score 0..10, amounts ≥ 0, probabilities 0..1), or an integer is beyond the 64 bits TOML allows."
        "accounts/anji/contacts/wang-jun.toml:5:13: error[E105]: `influence` must be between 1 and 5, found 7";
    "E106" "invalid-value" Error "A value has the right type but a wrong form (a bad id, an empty list that must not be)."
        "accounts/anji/interactions/2026-11-20-qbr.toml:3:6: error[E106]: `by` must name at least one person";
    "E201" "unknown-person" Error "owner, team, by, who or covered_by names nobody in kam.toml's [[people]]."
        "accounts/anji/account.toml:6:9: error[E201]: unknown person `zhang-mn` (did you mean `zhang-min`?)";
    "E210" "unknown-contact" Error "An interaction's `with` or an opportunity's `contacts` names no contact of that account."
        "accounts/anji/interactions/2026-11-20-qbr.toml:4:7: error[E210]: contact `wang-jn` does not exist in account `anji` (did you mean `wang-jun`?)";
    "E203" "unknown-stage" Error "An opportunity's stage is not a [[stages]] id."
        "accounts/anji/opportunities/renewal.toml:2:9: error[E203]: unknown stage `negociation` (did you mean `negotiation`?)";
    "E204" "unknown-opportunity" Error "An order names an opportunity that the account does not have."
        "accounts/anji/interactions/2026-03-02-order.toml:6:15: error[E204]: opportunity `renewl` does not exist in account `anji`";
    "E205" "unknown-tier" Error "An account's tier is not declared in kam.toml's [tiers]."
        "accounts/anji/account.toml:5:8: error[E205]: unknown tier `D`; declared tiers: A, B, C";
    "E206" "unknown-parent" Error "An account's parent is not an account of the book."
        "accounts/anji/account.toml:8:10: error[E206]: parent account `anji-grp` does not exist (did you mean `anji-group`?)";
    "E207" "parent-cycle" Error "The chain of parent accounts loops."
        "accounts/anji/account.toml:8:10: error[E207]: parent chain loops: anji → anji-group → anji";
    "E301" "misplaced-file" Error "A TOML file where the repository layout has no place for one."
        "accounts/anji/notes.toml: error[E301]: file in the wrong place: expected account.toml, plan.toml, contacts/, interactions/ or opportunities/";
    "E302" "invalid-id" Error "A file or directory name is not a valid id (lowercase ASCII slug [a-z0-9][a-z0-9-]*, at most 64 characters)."
        "accounts/Anji/account.toml: error[E302]: invalid account id `Anji`: ids are lowercase letters, digits and `-`";
    "E303" "interaction-file-date" Error "An interaction's file name does not start with its `date`."
        "accounts/anji/interactions/2026-11-21-qbr.toml:1:8: error[E303]: file name date 2026-11-21 differs from `date` 2026-11-20";
    "E304" "duplicate-id" Error "Two [[people]] or [[stages]] entries share an id."
        "kam.toml:20:6: error[E304]: duplicate person id `zhang-min` (first at line 12)";
    "E305" "missing-account-file" Error "An account directory has no account.toml."
        "accounts/anji: error[E305]: account directory has no account.toml";
    "E401" "future-interaction" Error "An interaction is dated after today."
        "accounts/anji/interactions/2027-01-05-visit.toml:1:8: error[E401]: interaction dated 2027-01-05, after today (2026-11-23)";
    "E402" "complaint-resolution" Error "A confirmed complaint lacks `resolved_on`, or was resolved before it was made."
        "accounts/anji/interactions/2026-10-01-brakes.toml: error[E402]: complaint is confirmed but has no `resolved_on`";
    "E403" "by-left" Error "An interaction's `by` names someone who had left before its date."
        "accounts/anji/interactions/2026-11-20-qbr.toml:3:7: error[E403]: `chen-jie` left on 2026-08-31, before this interaction (2026-11-20)";
    "W301" "tier-require" Warning "Information the account's tier requires is missing (`[tiers.X] require`)."
        "accounts/anji/account.toml: warning[W301]: tier A requires a decision-maker contact; none found";
    "W302" "team-size" Warning "The account team is smaller than the tier's `min_team`."
        "accounts/anji/account.toml: warning[W302]: tier A needs a team of 2; the team has 1 (zhang-min)";
    "W303" "owner-left" Warning "The account's owner has left the company."
        "accounts/anji/account.toml:6:9: warning[W303]: owner `chen-jie` left on 2026-08-31; hand the account over (kam handover --from chen-jie --to …)";
    "W304" "cadence" Warning "No interaction within the tier's cadence."
        "accounts/anji/account.toml: warning[W304]: last interaction 2026-09-01 is 83 days ago; tier A cadence is 14 days";
    "W305" "stale-complaint" Warning "An open complaint is older than 14 days."
        "accounts/anji/interactions/2026-10-01-brakes.toml: warning[W305]: complaint open for 53 days (status decided)";
    "W306" "lost-reason" Warning "A lost opportunity has no `lost_reason`."
        "accounts/anji/opportunities/renewal.toml: warning[W306]: opportunity is lost but has no `lost_reason`";
    "W401" "stray-file" Warning "A file that is not TOML inside accounts/; kam ignores it."
        "accounts/anji/contacts/photo.jpg: warning[W401]: stray file ignored: only .toml files belong here";
    "W501" "duplicate-email" Warning "Two contacts share an email address."
        "accounts/anji/contacts/wang-jun-2.toml:6:9: warning[W501]: email wangjun@anji.example is also on anji/wang-jun; merge them: kam merge anji/wang-jun-2 anji/wang-jun";
    "W502" "duplicate-phone" Warning "Two contacts share a phone number."
        "accounts/anji/contacts/wang-jun-2.toml:7:9: warning[W502]: phone +86 21 5555 0101 is also on anji/wang-jun";
    "W503" "duplicate-account-name" Warning "Two accounts share a name."
        "accounts/anji-2/account.toml:1:8: warning[W503]: account name 上海安吉物流 is also used by anji";
}

/// The descriptor of a code. Every code used anywhere is registered (a test asserts it).
pub fn info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

/// The severity a code is registered with; unregistered codes count as errors.
pub fn severity_of(code: &str) -> Severity {
    info(code).map_or(Severity::Error, |c| c.severity)
}

/// The table of codes for the README: one row per code with a one-line example.
pub fn markdown_table() -> String {
    let mut out =
        String::from("| code | name | severity | what it means | example |\n| --- | --- | --- | --- | --- |\n");
    for c in CODES {
        let summary = c.summary.replace('|', "\\|");
        let example = c.example.replace('|', "\\|");
        out.push_str(&format!("| {} | {} | {} | {summary} | `` {example} `` |\n", c.code, c.name, c.severity));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table of codes is generated from this registry; regenerate it with
    /// `kam check --list-codes --format markdown` between the markers.
    #[test]
    fn readme_lists_every_code() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let start = readme.find("<!-- codes:start -->\n").expect("README has a codes:start marker") + 21;
        let end = readme.find("<!-- codes:end -->").expect("README has a codes:end marker");
        assert_eq!(&readme[start..end], markdown_table(), "README's table of codes is out of date");
    }

    #[test]
    fn codes_are_unique_and_examples_use_their_code() {
        for (i, c) in CODES.iter().enumerate() {
            assert!(CODES[i + 1..].iter().all(|d| d.code != c.code), "{} twice", c.code);
            assert!(c.example.contains(&format!("[{}]", c.code)), "{}'s example shows another code", c.code);
            let prefix = if c.severity == Severity::Error { 'E' } else { 'W' };
            assert!(c.code.starts_with(prefix), "{}: severity and letter disagree", c.code);
        }
    }
}
