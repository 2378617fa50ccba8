//! JSON Schemas of the file kinds, generated from the model types. `schema/` in this
//! project and `.kam/schema/` in every data repository hold copies; a test fails when the
//! committed ones drift from the code. TOML dates reach a JSON Schema validator (Taplo,
//! editors) as strings, so dates are described as strings of format `date`.

use crate::model::{Account, Config, Contact, Interaction, Opportunity, Plan};
use schemars::{JsonSchema, generate::SchemaSettings};

/// (file name, glob of the files it describes, schema generator) for every file kind.
pub const KINDS: &[SchemaKind] = &[
    ("kam.schema.json", "kam.toml", schema_of::<Config>),
    ("account.schema.json", "accounts/*/account.toml", schema_of::<Account>),
    ("plan.schema.json", "accounts/*/plan.toml", schema_of::<Plan>),
    ("contact.schema.json", "accounts/*/contacts/*.toml", schema_of::<Contact>),
    ("interaction.schema.json", "accounts/*/interactions/*.toml", schema_of::<Interaction>),
    ("opportunity.schema.json", "accounts/*/opportunities/*.toml", schema_of::<Opportunity>),
];

/// A schema file: its name, the glob of the files it describes, and its generator.
pub type SchemaKind = (&'static str, &'static str, fn() -> serde_json::Value);

fn schema_of<T: JsonSchema>() -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    schema.to_value()
}

/// Every schema as (file name, pretty JSON text with a final newline).
pub fn all() -> Vec<(&'static str, String)> {
    KINDS
        .iter()
        .map(|(name, _, make)| {
            let text = serde_json::to_string_pretty(&make()).unwrap_or_default();
            (*name, format!("{text}\n"))
        })
        .collect()
}

/// The `.taplo.toml` that maps each file kind of a data repository to its schema.
pub fn taplo_config(schema_dir: &str) -> String {
    let mut out = String::from(
        "# Written by `kam init`: editors using Taplo (Even Better TOML) validate and complete\n# kam's files with these schemas. `kam schema --write` refreshes them.\n",
    );
    for (name, glob, _) in KINDS {
        out.push_str(&format!("\n[[rule]]\ninclude = [\"{glob}\"]\n[rule.schema]\npath = \"{schema_dir}/{name}\"\n"));
    }
    out
}
