//! What a column can be imported as: the kam fields of each entity (in the key order of
//! SPEC section 1, which is the order they are written in), and how a file's header is
//! mapped onto them by `--map`, a preset, and headers that already are field names.

use super::Entity;
use super::preset::{self, Preset, Translation};
use crate::error::KamError;
use crate::model::words::{
    AccountStatus, ComplaintSeverity, ComplaintStatus, ContactRole, InteractionKind, Segment, Sentiment, Stance, Word,
};

/// How a field's text is read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Text,
    /// A list of texts, separated by `;`.
    Texts,
    Date,
    /// A number of at least `min`.
    Number {
        min: f64,
    },
    Int {
        min: i64,
        max: i64,
    },
    Bool,
    /// One word of a closed vocabulary.
    Word(&'static [&'static str]),
    /// Words of a closed vocabulary, separated by `;`.
    Words(&'static [&'static str]),
    /// One of our people (kam.toml `[[people]]`), by id, name or email.
    Person,
    /// Our people, separated by `;`.
    People,
    /// A tier of kam.toml.
    Tier,
    /// A pipeline stage of kam.toml.
    Stage,
    /// An explicit id (a slug).
    Id,
    /// A reference resolved once the row's account is known: an account, contact or
    /// opportunity by name or id (`;`-separated when the field is a list).
    Reference,
    References,
}

/// A field a column can be imported as. `stored` fields are written to the file; the
/// others (`id`, `account`, `first_name`, …) steer where and how.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub stored: bool,
}

const fn stored(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, stored: true }
}

const fn steer(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, stored: false }
}

const AMOUNT: Kind = Kind::Number { min: 0.0 };

const ACCOUNT: &[Field] = &[
    steer("id", Kind::Id),
    stored("name", Kind::Text),
    stored("segment", Kind::Word(Segment::WORDS)),
    stored("industry", Kind::Text),
    stored("region", Kind::Text),
    stored("tier", Kind::Tier),
    stored("status", Kind::Word(AccountStatus::WORDS)),
    stored("owner", Kind::Person),
    stored("parent", Kind::Reference),
    stored("since", Kind::Date),
    stored("tags", Kind::Texts),
    stored("credit.limit", AMOUNT),
    stored("credit.terms_days", Kind::Int { min: 0, max: 36_500 }),
    stored("credit.rating", Kind::Text),
    stored("potential.annual_units", AMOUNT),
    stored("potential.wallet", AMOUNT),
];

const CONTACT: &[Field] = &[
    steer("id", Kind::Id),
    steer("account", Kind::Reference),
    steer("account_id", Kind::Id),
    steer("first_name", Kind::Text),
    steer("last_name", Kind::Text),
    stored("name", Kind::Text),
    stored("title", Kind::Text),
    stored("roles", Kind::Words(ContactRole::WORDS)),
    stored("stance", Kind::Word(Stance::WORDS)),
    stored("influence", Kind::Int { min: 1, max: 5 }),
    stored("covered_by", Kind::Person),
    stored("email", Kind::Text),
    stored("phone", Kind::Text),
    stored("birthday", Kind::Date),
    stored("preferences", Kind::Texts),
    stored("left", Kind::Date),
];

const INTERACTION: &[Field] = &[
    steer("account", Kind::Reference),
    steer("account_id", Kind::Id),
    stored("date", Kind::Date),
    stored("kind", Kind::Word(InteractionKind::WORDS)),
    stored("by", Kind::People),
    stored("with", Kind::References),
    stored("summary", Kind::Text),
    stored("sentiment", Kind::Word(Sentiment::WORDS)),
    stored("next.what", Kind::Text),
    stored("next.due", Kind::Date),
    stored("next.who", Kind::Person),
    stored("next.done", Kind::Bool),
    stored("amount", AMOUNT),
    stored("units", AMOUNT),
    stored("margin", Kind::Number { min: f64::MIN }),
    stored("opportunity", Kind::Reference),
    stored("severity", Kind::Word(ComplaintSeverity::WORDS)),
    stored("status", Kind::Word(ComplaintStatus::WORDS)),
    stored("resolved_on", Kind::Date),
    stored("score", Kind::Int { min: 0, max: 10 }),
];

const OPPORTUNITY: &[Field] = &[
    steer("id", Kind::Id),
    steer("account", Kind::Reference),
    steer("account_id", Kind::Id),
    stored("name", Kind::Text),
    stored("stage", Kind::Stage),
    stored("amount", AMOUNT),
    stored("close", Kind::Date),
    stored("owner", Kind::Person),
    stored("contacts", Kind::References),
    stored("competitors", Kind::Texts),
    stored("lost_reason", Kind::Text),
];

/// Every field of `entity`, stored fields in file order.
pub fn fields(entity: Entity) -> &'static [Field] {
    match entity {
        Entity::Accounts => ACCOUNT,
        Entity::Contacts => CONTACT,
        Entity::Interactions => INTERACTION,
        Entity::Opportunities => OPPORTUNITY,
    }
}

/// A field of `entity` by name.
pub fn field(entity: Entity, name: &str) -> Option<&'static Field> {
    fields(entity).iter().find(|f| f.name == name)
}

/// One column feeding one field, with the preset's translation of CRM words, if any.
#[derive(Clone, Debug)]
pub struct Mapping {
    pub column: usize,
    pub header: String,
    pub field: &'static Field,
    pub translation: Option<&'static Translation>,
}

/// The columns of a file mapped to fields, in precedence order: when several columns
/// feed one single-valued field, the first non-empty one wins (`--map` first, then the
/// preset's order, then headers named like a field); list fields take every column.
#[derive(Debug)]
pub struct Columns {
    pub mappings: Vec<Mapping>,
    /// Headers that feed nothing, in file order.
    pub ignored: Vec<String>,
}

/// Compares headers the way people read them: trimmed, case-insensitive.
fn same_header(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Parses `--map COLUMN=FIELD` (`FIELD` `-` or empty: ignore the column).
pub fn parse_map(spec: &str) -> Result<(String, Option<String>), KamError> {
    let Some((column, field)) = spec.rsplit_once('=') else {
        return Err(KamError::usage(format!("--map `{spec}` is not COLUMN=FIELD")));
    };
    let field = field.trim();
    let field = (!field.is_empty() && field != "-").then(|| field.to_string());
    Ok((column.trim().to_string(), field))
}

/// Maps `headers` onto `entity`'s fields.
pub fn resolve(
    entity: Entity,
    headers: &[String],
    maps: &[(String, Option<String>)],
    preset: Option<Preset>,
) -> Result<Columns, KamError> {
    let known = || fields(entity).iter().map(|f| f.name);
    let find_column = |name: &str| headers.iter().position(|h| same_header(h, name));
    let mut mappings: Vec<Mapping> = Vec::new();
    let mut overridden = vec![false; headers.len()];
    for (column, target) in maps {
        let Some(index) = find_column(column) else {
            let names = headers.iter().map(String::as_str);
            return Err(KamError::usage(format!(
                "--map: the file has no column `{column}`{}",
                crate::diag::suggestion(column, names)
            )));
        };
        overridden[index] = true;
        let Some(target) = target else { continue };
        let Some(field) = field(entity, target) else {
            return Err(KamError::usage(format!(
                "--map: `{target}` is not a field of {entity}{}",
                crate::diag::suggestion(target, known())
            ))
            .with_hint(format!("the fields are: {}", known().collect::<Vec<_>>().join(", "))));
        };
        mappings.push(Mapping { column: index, header: headers[index].clone(), field, translation: None });
    }
    let preset_columns = preset.map(|p| preset::columns(p, entity)).unwrap_or_default();
    for pc in preset_columns {
        if let Some(index) = find_column(pc.column)
            && !overridden[index]
            && let Some(field) = field(entity, pc.field)
        {
            overridden[index] = true;
            mappings.push(Mapping {
                column: index,
                header: headers[index].clone(),
                field,
                translation: pc.translation,
            });
        }
    }
    let mut ignored = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        if overridden[index] {
            continue;
        }
        match fields(entity).iter().find(|f| same_header(f.name, header)) {
            Some(field) => mappings.push(Mapping { column: index, header: header.clone(), field, translation: None }),
            None if header.trim().is_empty() => {}
            None => ignored.push(header.clone()),
        }
    }
    if mappings.is_empty() {
        return Err(KamError::usage(format!("no column of the file is a field of {entity}"))
            .with_hint("name a preset (--preset salesforce|hubspot) or map columns with --map COLUMN=FIELD"));
    }
    Ok(Columns { mappings, ignored })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn map_overrides_preset_and_headers_named_like_fields_map_themselves() {
        let h = headers(&["Account Name", "Industry", "Website", "tier", "Billing City"]);
        let maps = vec![parse_map("Industry=tags").unwrap(), parse_map("website = -").unwrap()];
        let cols = resolve(Entity::Accounts, &h, &maps, Some(Preset::Salesforce)).unwrap();
        let got: Vec<(&str, &str)> = cols.mappings.iter().map(|m| (m.header.as_str(), m.field.name)).collect();
        assert_eq!(got, [("Industry", "tags"), ("Account Name", "name"), ("Billing City", "region"), ("tier", "tier")]);
        assert!(cols.ignored.is_empty(), "{:?}", cols.ignored);
    }

    #[test]
    fn unknown_columns_and_fields_are_usage_errors() {
        let h = headers(&["Account Name"]);
        let e = resolve(Entity::Accounts, &h, &[parse_map("Acount Name=name").unwrap()], None).unwrap_err();
        assert_eq!(e.message, "--map: the file has no column `Acount Name` (did you mean `Account Name`?)");
        let e = resolve(Entity::Accounts, &h, &[parse_map("Account Name=nmae").unwrap()], None).unwrap_err();
        assert_eq!(e.message, "--map: `nmae` is not a field of accounts (did you mean `name`?)");
        let e = resolve(Entity::Accounts, &h, &[], None).unwrap_err();
        assert_eq!(e.message, "no column of the file is a field of accounts");
        assert!(parse_map("no equals sign").is_err());
    }
}
