//! The column names of the standard exports of Salesforce and HubSpot, and the kam field
//! each feeds. Several columns may feed one field: the first non-empty one in this order
//! wins (so the billing state is the region, and the city stands in when there is none).
//! Columns without a kam counterpart (Account ID, Phone of a company, Website, Annual
//! Revenue, …) are not listed: the import reports them as ignored.
//!
//! A translation turns a CRM's picklist value into a kam word; `None` means "nothing to
//! say" (a Salesforce partner is no lifecycle status), so the field stays unset. Keys are
//! compared with `key`: lowercase letters and digits only, so `Closed Won`, `closedwon`
//! and `CLOSED_WON` are one value.

use super::Entity;

/// A CRM whose export layout kam knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Salesforce,
    Hubspot,
}

/// CRM picklist value (as a `key`) → kam word, or `None` for "leave the field unset".
pub type Translation = [(&'static str, Option<&'static str>)];

/// One column of a CRM export and the kam field it feeds.
#[derive(Clone, Copy, Debug)]
pub struct PresetColumn {
    pub column: &'static str,
    pub field: &'static str,
    pub translation: Option<&'static Translation>,
}

const fn col(column: &'static str, field: &'static str) -> PresetColumn {
    PresetColumn { column, field, translation: None }
}

const fn via(column: &'static str, field: &'static str, t: &'static Translation) -> PresetColumn {
    PresetColumn { column, field, translation: Some(t) }
}

/// The comparison key of a picklist value: lowercase ASCII letters and digits, and every
/// other letter as it is (so Chinese values still compare).
pub fn key(value: &str) -> String {
    value.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The translation of `value`: `Some(Some(word))`, `Some(None)` (known, maps to nothing),
/// or `None` (unknown to the table: the field's own rules decide).
pub fn translate(table: &Translation, value: &str) -> Option<Option<&'static str>> {
    let k = key(value);
    table.iter().find(|(from, _)| *from == k).map(|(_, to)| *to)
}

/// Salesforce Account `Type` → status.
const SALESFORCE_TYPE: &Translation = &[
    ("prospect", Some("prospect")),
    ("customerdirect", Some("active")),
    ("customerchannel", Some("active")),
    ("customer", Some("active")),
    ("channelpartnerreseller", None),
    ("installationpartner", None),
    ("technologypartner", None),
    ("partner", None),
    ("other", None),
];

/// HubSpot `Lifecycle Stage` (labels and internal values) → account status.
const HUBSPOT_LIFECYCLE: &Translation = &[
    ("subscriber", Some("prospect")),
    ("lead", Some("prospect")),
    ("marketingqualifiedlead", Some("prospect")),
    ("salesqualifiedlead", Some("target")),
    ("opportunity", Some("target")),
    ("customer", Some("active")),
    ("evangelist", Some("active")),
    ("other", None),
];

/// Salesforce's default opportunity stages → kam's default stages.
const SALESFORCE_STAGE: &Translation = &[
    ("prospecting", Some("lead")),
    ("qualification", Some("qualified")),
    ("needsanalysis", Some("qualified")),
    ("valueproposition", Some("proposal")),
    ("iddecisionmakers", Some("proposal")),
    ("perceptionanalysis", Some("proposal")),
    ("proposalpricequote", Some("proposal")),
    ("negotiationreview", Some("negotiation")),
    ("closedwon", Some("won")),
    ("closedlost", Some("lost")),
];

/// HubSpot's default sales pipeline (labels and internal values) → kam's default stages.
const HUBSPOT_STAGE: &Translation = &[
    ("appointmentscheduled", Some("lead")),
    ("qualifiedtobuy", Some("qualified")),
    ("presentationscheduled", Some("proposal")),
    ("decisionmakerboughtin", Some("negotiation")),
    ("contractsent", Some("commit")),
    ("closedwon", Some("won")),
    ("closedlost", Some("lost")),
];

const SALESFORCE_ACCOUNTS: &[PresetColumn] = &[
    col("Account Name", "name"),
    col("Account Owner", "owner"),
    col("Industry", "industry"),
    col("Billing State/Province", "region"),
    col("Billing City", "region"),
    via("Type", "status", SALESFORCE_TYPE),
    col("Parent Account", "parent"),
];

const SALESFORCE_CONTACTS: &[PresetColumn] = &[
    col("First Name", "first_name"),
    col("Last Name", "last_name"),
    col("Full Name", "name"),
    col("Account Name", "account"),
    col("Title", "title"),
    col("Email", "email"),
    col("Phone", "phone"),
    col("Mobile", "phone"),
    col("Mobile Phone", "phone"),
    col("Birthdate", "birthday"),
    col("Contact Owner", "covered_by"),
];

const SALESFORCE_OPPORTUNITIES: &[PresetColumn] = &[
    col("Opportunity Name", "name"),
    col("Account Name", "account"),
    via("Stage", "stage", SALESFORCE_STAGE),
    col("Amount", "amount"),
    col("Close Date", "close"),
    col("Opportunity Owner", "owner"),
];

const HUBSPOT_COMPANIES: &[PresetColumn] = &[
    col("Company name", "name"),
    col("Company owner", "owner"),
    col("Industry", "industry"),
    col("State/Region", "region"),
    col("City", "region"),
    via("Lifecycle Stage", "status", HUBSPOT_LIFECYCLE),
    col("Parent Company", "parent"),
];

const HUBSPOT_CONTACTS: &[PresetColumn] = &[
    col("First Name", "first_name"),
    col("Last Name", "last_name"),
    col("Associated Company", "account"),
    col("Associated Company (Primary)", "account"),
    col("Company Name", "account"),
    col("Job Title", "title"),
    col("Email", "email"),
    col("Phone Number", "phone"),
    col("Mobile Phone Number", "phone"),
    col("Contact owner", "covered_by"),
];

const HUBSPOT_DEALS: &[PresetColumn] = &[
    col("Deal Name", "name"),
    col("Associated Company", "account"),
    col("Associated Company (Primary)", "account"),
    via("Deal Stage", "stage", HUBSPOT_STAGE),
    col("Amount", "amount"),
    col("Close Date", "close"),
    col("Deal owner", "owner"),
];

/// The columns `preset` knows for `entity` (none for interactions: neither CRM has a
/// standard activity export).
pub fn columns(preset: Preset, entity: Entity) -> &'static [PresetColumn] {
    match (preset, entity) {
        (Preset::Salesforce, Entity::Accounts) => SALESFORCE_ACCOUNTS,
        (Preset::Salesforce, Entity::Contacts) => SALESFORCE_CONTACTS,
        (Preset::Salesforce, Entity::Opportunities) => SALESFORCE_OPPORTUNITIES,
        (Preset::Hubspot, Entity::Accounts) => HUBSPOT_COMPANIES,
        (Preset::Hubspot, Entity::Contacts) => HUBSPOT_CONTACTS,
        (Preset::Hubspot, Entity::Opportunities) => HUBSPOT_DEALS,
        (_, Entity::Interactions) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns;

    #[test]
    fn every_preset_column_feeds_a_field_of_its_entity() {
        for preset in [Preset::Salesforce, Preset::Hubspot] {
            for entity in [Entity::Accounts, Entity::Contacts, Entity::Opportunities] {
                for c in columns(preset, entity) {
                    assert!(columns::field(entity, c.field).is_some(), "{preset:?} {entity}: {}", c.field);
                }
            }
        }
    }

    #[test]
    fn picklist_values_compare_by_key() {
        assert_eq!(translate(SALESFORCE_STAGE, "Closed Won"), Some(Some("won")));
        assert_eq!(translate(HUBSPOT_LIFECYCLE, "marketingqualifiedlead"), Some(Some("prospect")));
        assert_eq!(translate(HUBSPOT_LIFECYCLE, "Marketing Qualified Lead"), Some(Some("prospect")));
        assert_eq!(translate(SALESFORCE_TYPE, "Channel Partner / Reseller"), Some(None));
        assert_eq!(translate(SALESFORCE_TYPE, "Churned"), None);
        assert_eq!(key("Id. Decision Makers"), "iddecisionmakers");
    }
}
