//! Reading one cell of a CRM export as a kam value: dates in the formats exports use,
//! numbers with thousands separators and currency marks, words of the model's
//! vocabularies, and our people by id, name or email. Each failure is a sentence that
//! says what was expected; nothing here knows rows or files.

use super::columns::Kind;
use super::preset::key;
use crate::diag::did_you_mean;
use crate::model::{Config, id};
use chrono::NaiveDate;

/// A converted cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    List(Vec<String>),
    Date(NaiveDate),
    Num(f64),
    Int(i64),
    Bool(bool),
}

/// Converts `raw` (trimmed, not empty) for a field of `kind`.
pub fn convert(kind: Kind, raw: &str, config: &Config) -> Result<Cell, String> {
    Ok(match kind {
        // Line breaks inside a cell come as the file's own (CRLF from Excel): keep `\n`.
        Kind::Text | Kind::Reference => Cell::Text(raw.replace("\r\n", "\n")),
        Kind::Texts | Kind::References => Cell::List(split(raw)),
        Kind::Date => Cell::Date(date(raw)?),
        Kind::Number { min } => Cell::Num(number(raw, min)?),
        Kind::Int { min, max } => Cell::Int(int(raw, min, max)?),
        Kind::Bool => Cell::Bool(boolean(raw)?),
        Kind::Word(words) => Cell::Text(word(raw, words)?.to_string()),
        Kind::Words(words) => {
            Cell::List(split(raw).iter().map(|w| word(w, words).map(str::to_string)).collect::<Result<_, _>>()?)
        }
        Kind::Person => Cell::Text(person(raw, config)?),
        Kind::People => Cell::List(split(raw).iter().map(|p| person(p, config)).collect::<Result<_, _>>()?),
        Kind::Tier => Cell::Text(tier(raw, config)?),
        Kind::Stage => Cell::Text(stage(raw, config)?),
        Kind::Id if id::is_valid(raw) => Cell::Text(raw.to_string()),
        Kind::Id => return Err(format!("`{raw}` is not an id: {}", id::problem(raw))),
    })
}

/// The items of a list cell: separated by `;` (what Salesforce and HubSpot use for
/// multi-select values; `；` too), trimmed, empty ones dropped.
pub fn split(raw: &str) -> Vec<String> {
    raw.split([';', '；']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A date: `2026-03-12`, `2026/3/12`, `2026.3.12`, `2026年3月12日`, `3/12/2026` (month
/// first, as Salesforce's US exports write it) or `12.3.2026` (day first, as dotted dates
/// always are). A time after the date (`2026-03-12 10:30`, `2026-03-12T10:30:00Z`,
/// `3/12/2026 10:30 AM`) is dropped. Two-digit years are refused: `3/12/75` could be a
/// birthday in 1975 or a contract in 2075.
pub fn date(raw: &str) -> Result<NaiveDate, String> {
    let fail = || format!("`{raw}` is not a date (2026-03-12, 2026/3/12 or 3/12/2026)");
    let token = raw.split_whitespace().next().ok_or_else(fail)?;
    let token = match token.split_once('T') {
        Some((d, _)) if d.len() == 10 => d,
        _ => token,
    };
    let token = token.replace(['年', '月'], "-").replace('日', "");
    let separator = ['-', '/', '.'].into_iter().find(|&c| token.contains(c)).ok_or_else(fail)?;
    let parts: Vec<&str> = token.split(separator).collect();
    let [a, b, c] = parts.as_slice() else { return Err(fail()) };
    if ![a, b, c].iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(fail());
    }
    let n = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (year, month, day) = match (a.len(), c.len(), separator) {
        (4, 1..=2, _) => (n(a), n(b), n(c)),
        (1..=2, 4, '/') => (n(c), n(a), n(b)),
        (1..=2, 4, '.') => (n(c), n(b), n(a)),
        _ => return Err(fail()),
    };
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(fail)
}

/// A number: `1234.5`, `1,234,567.89`, `5_000_000`, `1 234`, with an optional currency
/// sign or code (`¥`, `$`, `USD 1,000.00`). Commas are thousands separators only where
/// they group by three, so `1,5` (a decimal comma) is refused rather than misread.
pub fn number(raw: &str, min: f64) -> Result<f64, String> {
    let fail = || format!("`{raw}` is not a number");
    let mut s = raw.trim();
    for sign in ['¥', '￥', '$', '€', '£'] {
        s = s.trim_start_matches(sign).trim_end_matches(sign).trim();
    }
    let is_code = |w: &str| w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((code, rest)) = s.split_once(' ')
        && is_code(code)
    {
        s = rest.trim();
    }
    if let Some((rest, code)) = s.rsplit_once(' ')
        && is_code(code)
    {
        s = rest.trim();
    }
    let s: String = s.chars().filter(|c| *c != ' ' && *c != '_' && *c != '\u{a0}').collect();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let grouped = whole.contains(',');
    let groups: Vec<&str> = whole.split(',').collect();
    let well_grouped =
        !grouped || (groups[0].len() <= 3 && !groups[0].is_empty() && groups[1..].iter().all(|g| g.len() == 3));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !well_grouped || !all_digits(&whole.replace(',', "")) || !all_digits(fraction) {
        return Err(fail());
    }
    let value: f64 = format!("{}{}.{}0", if negative { "-" } else { "" }, whole.replace(',', ""), fraction)
        .parse()
        .map_err(|_| fail())?;
    if !value.is_finite() {
        return Err(fail());
    }
    if value < min {
        return Err(format!("`{raw}` is negative; it must be at least {min}"));
    }
    Ok(value)
}

/// A whole number from `min` to `max`.
pub fn int(raw: &str, min: i64, max: i64) -> Result<i64, String> {
    let fail = || format!("`{raw}` is not a whole number from {min} to {max}");
    let value = number(raw, f64::MIN).map_err(|_| fail())?;
    if value.fract() != 0.0 || value < min as f64 || value > max as f64 {
        return Err(fail());
    }
    Ok(value as i64)
}

/// `true`/`false`, `yes`/`no`, `1`/`0`, `是`/`否`.
pub fn boolean(raw: &str) -> Result<bool, String> {
    match raw.to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Ok(true),
        "false" | "no" | "n" | "0" | "否" => Ok(false),
        _ => Err(format!("`{raw}` is not true or false")),
    }
}

/// A word of `words`, compared by `key` (so `Decision Maker` is `decision-maker`).
pub fn word(raw: &str, words: &'static [&'static str]) -> Result<&'static str, String> {
    let k = key(raw);
    words.iter().find(|w| key(w) == k).copied().ok_or_else(|| {
        let hint = did_you_mean(&raw.to_lowercase(), words.iter().copied())
            .map_or(String::new(), |w| format!(" (did you mean `{w}`?)"));
        format!("`{raw}` is not one of {}{hint}", words.join(", "))
    })
}

/// One of our people, as their id: by id, by the slug of the value (`Zhang Min` →
/// `zhang-min`), by name (case and spacing aside), or by any of their emails (also inside
/// `Name <email>`).
pub fn person(raw: &str, config: &Config) -> Result<String, String> {
    let people = &config.people;
    let slug = id::slug(raw);
    let name = id::normalise_space(raw).to_lowercase();
    let email = raw
        .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';'))
        .find(|w| w.contains('@'))
        .map(str::to_lowercase);
    let found = people
        .iter()
        .find(|p| p.id.value == raw)
        .or_else(|| people.iter().find(|p| slug.as_deref() == Some(p.id.value.as_str())))
        .or_else(|| people.iter().find(|p| id::normalise_space(&p.name).to_lowercase() == name))
        .or_else(|| {
            let email = email.as_deref()?;
            people.iter().find(|p| p.all_emails().any(|e| e.trim().to_lowercase() == email))
        });
    if let Some(p) = found {
        return Ok(p.id.value.clone());
    }
    let ids = people.iter().map(|p| p.id.value.as_str());
    let hint = did_you_mean(slug.as_deref().unwrap_or(&name), ids).map(str::to_string).or_else(|| {
        let names = people.iter().map(|p| p.name.as_str());
        let close = did_you_mean(raw, names)?;
        people.iter().find(|p| p.name == close).map(|p| p.id.value.clone())
    });
    let hint = hint.map_or(String::new(), |id| format!(" (did you mean `{id}`?)"));
    Err(format!("`{raw}` is not a person in kam.toml{hint}"))
}

/// A tier of kam.toml, case aside.
pub fn tier(raw: &str, config: &Config) -> Result<String, String> {
    let names = &config.tier_order;
    names
        .iter()
        .find(|t| t.to_lowercase() == raw.to_lowercase())
        .cloned()
        .ok_or_else(|| format!("tier `{raw}` is not in kam.toml (tiers: {})", names.join(", ")))
}

/// A pipeline stage of kam.toml, compared by `key`.
pub fn stage(raw: &str, config: &Config) -> Result<String, String> {
    let k = key(raw);
    let ids = || config.stages.iter().map(|s| s.id.value.as_str());
    ids().find(|s| key(s) == k).map(str::to_string).ok_or_else(|| {
        let hint =
            did_you_mean(&raw.to_lowercase(), ids()).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
        format!("stage `{raw}` is not in kam.toml{hint} (stages: {})", ids().collect::<Vec<_>>().join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Person;
    use crate::model::words::{Stance, Word};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_export_formats() {
        assert_eq!(date("2026-03-12"), Ok(d(2026, 3, 12)));
        assert_eq!(date("2026/3/12"), Ok(d(2026, 3, 12)));
        assert_eq!(date("3/12/2026"), Ok(d(2026, 3, 12)), "month first");
        assert_eq!(date("12.3.2026"), Ok(d(2026, 3, 12)), "dotted: day first");
        assert_eq!(date("2026年3月12日"), Ok(d(2026, 3, 12)));
        assert_eq!(date("3/12/2026 10:30 AM"), Ok(d(2026, 3, 12)));
        assert_eq!(date("2026-03-12T10:30:00Z"), Ok(d(2026, 3, 12)));
        assert_eq!(date("2024-02-29"), Ok(d(2024, 2, 29)));
        for bad in ["13/3/2026", "3/12/75", "2026-02-30", "yesterday", "2026-3", "20260312"] {
            assert_eq!(date(bad), Err(format!("`{bad}` is not a date (2026-03-12, 2026/3/12 or 3/12/2026)")));
        }
    }

    #[test]
    fn numbers_with_separators_and_currencies() {
        assert_eq!(number("1,234,567.89", 0.0), Ok(1_234_567.89));
        assert_eq!(number("5_000_000", 0.0), Ok(5_000_000.0));
        assert_eq!(number("¥ 12,000", 0.0), Ok(12_000.0));
        assert_eq!(number("USD 1,000.50", 0.0), Ok(1_000.5));
        assert_eq!(number("30 000 000 CNY", 0.0), Ok(30_000_000.0));
        assert_eq!(number("-3.5", f64::MIN), Ok(-3.5));
        assert_eq!(number("-3.5", 0.0), Err("`-3.5` is negative; it must be at least 0".into()));
        let huge = "9".repeat(400);
        for bad in ["1,5", "12,34,567", "abc", "1.2.3", "", "1e5", ",", huge.as_str()] {
            assert_eq!(number(bad, 0.0), Err(format!("`{bad}` is not a number")), "{bad}");
        }
        assert_eq!(int("4", 1, 5), Ok(4));
        assert_eq!(int("4.5", 1, 5), Err("`4.5` is not a whole number from 1 to 5".into()));
        assert_eq!(int("6", 1, 5), Err("`6` is not a whole number from 1 to 5".into()));
    }

    #[test]
    fn words_people_tiers_and_stages() {
        assert_eq!(word("Supporter", Stance::WORDS), Ok("supporter"));
        assert_eq!(
            word("suporter", Stance::WORDS),
            Err("`suporter` is not one of champion, supporter, neutral, skeptic, opponent (did you mean `supporter`?)"
                .into())
        );
        let mut config = Config::default();
        let someone = |id: &str, name: &str, email: &str| Person {
            id: crate::model::Located::new(id.to_string(), Default::default()),
            name: name.into(),
            email: Some(email.into()),
            emails: vec![],
            role: None,
            capacity: None,
            left: None,
        };
        config.people = vec![
            someone("zhang-min", "张敏", "zhang.min@example.com"),
            someone("li-qiang", "Li Qiang", "li@example.com"),
        ];
        assert_eq!(person_of("zhang-min", &config), "zhang-min");
        assert_eq!(person_of("Zhang Min", &config), "zhang-min");
        assert_eq!(person_of(" 张敏 ", &config), "zhang-min");
        assert_eq!(person_of("ZHANG.MIN@example.com", &config), "zhang-min");
        assert_eq!(person_of("Qiang Li <li@example.com>", &config), "li-qiang");
        assert_eq!(person_of("li  qiang", &config), "li-qiang");
        assert_eq!(
            person("Li Qiong", &config),
            Err("`Li Qiong` is not a person in kam.toml (did you mean `li-qiang`?)".into())
        );
        assert_eq!(person("王军", &config), Err("`王军` is not a person in kam.toml".into()));
        assert_eq!(tier("a", &config), Ok("A".into()));
        assert_eq!(tier("D", &config), Err("tier `D` is not in kam.toml (tiers: A, B, C)".into()));
        assert_eq!(stage("Negotiation", &config), Ok("negotiation".into()));
        assert_eq!(
            stage("negociation", &config),
            Err("stage `negociation` is not in kam.toml (did you mean `negotiation`?) (stages: lead, qualified, proposal, negotiation, commit, won, lost)".into())
        );
    }

    fn person_of(raw: &str, config: &Config) -> String {
        person(raw, config).unwrap()
    }
}
