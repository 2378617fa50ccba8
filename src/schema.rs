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
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    tidy(&mut schema);
    schema
}

/// TOML has no null and no integer widths: drop the `null` alternatives schemars adds for
/// `Option` fields and the `format`s that only describe Rust types (`int64`, `double`),
/// keeping `date` and `date-time`, which editors and validators understand.
fn tidy(schema: &mut serde_json::Value) {
    use serde_json::Value;
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get("type") {
                let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
                if kept.len() == 1 {
                    map.insert("type".into(), kept[0].clone());
                } else {
                    map.insert("type".into(), Value::Array(kept));
                }
            }
            if let Some(Value::Array(options)) = map.get("anyOf") {
                let kept: Vec<Value> =
                    options.iter().filter(|o| o.get("type").is_none_or(|t| t != "null")).cloned().collect();
                if kept.len() == 1 && options.len() == 2 {
                    map.remove("anyOf");
                    match &kept[0] {
                        // A `$ref` takes no siblings in draft 7: keep it alone inside `allOf`.
                        only if only.get("$ref").is_some() => {
                            map.insert("allOf".into(), Value::Array(vec![only.clone()]));
                        }
                        Value::Object(only) => {
                            for (k, v) in only {
                                map.insert(k.clone(), v.clone());
                            }
                        }
                        _ => {}
                    }
                }
            }
            if map.get("format").is_some_and(|f| f != "date" && f != "date-time") {
                map.remove("format");
            }
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
            for value in map.values_mut() {
                tidy(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::reader::{FileCtx, TableReader};
    use std::path::Path;

    fn committed(name: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema").join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The schemas in `schema/` are exactly what the code generates. When this fails after
    /// a model change, regenerate them: `for k in kam account plan contact interaction
    /// opportunity; do kam schema $k > schema/$k.schema.json; done`.
    #[test]
    fn committed_schemas_match_the_code() {
        for (name, text) in all() {
            assert_eq!(committed(name), text, "schema/{name} drifted from the code");
        }
    }

    /// The fields each reader accepts at the top level of its file are the schema's.
    #[test]
    fn readers_and_schemas_know_the_same_fields() {
        fn known(read: fn(&mut TableReader<'_, '_, '_>)) -> Vec<String> {
            let table = toml::de::DeTable::parse("").unwrap();
            let mut ctx = FileCtx::new("x.toml", "");
            let mut r = TableReader::new(table.get_ref(), table.span(), String::new(), &mut ctx);
            read(&mut r);
            let mut k: Vec<String> = r.known().iter().map(|s| s.to_string()).collect();
            k.sort();
            k.dedup();
            k
        }
        type Read = fn(&mut TableReader<'_, '_, '_>);
        let readers: [(&str, Read); 6] = [
            ("kam.schema.json", |r| drop(crate::model::Config::read(r))),
            ("account.schema.json", |r| drop(crate::model::Account::read(r))),
            ("plan.schema.json", |r| drop(crate::model::Plan::read(r))),
            ("contact.schema.json", |r| drop(crate::model::Contact::read(r))),
            ("interaction.schema.json", |r| drop(crate::model::Interaction::read(r, None))),
            ("opportunity.schema.json", |r| drop(crate::model::Opportunity::read(r))),
        ];
        for (name, read) in readers {
            let schema: serde_json::Value = serde_json::from_str(&committed(name)).unwrap();
            let mut props: Vec<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
            props.sort();
            assert_eq!(known(read), props, "{name}");
        }
    }

    #[test]
    fn taplo_config_maps_every_kind() {
        let config = taplo_config(".kam/schema");
        for (name, glob, _) in KINDS {
            assert!(config.contains(&format!("include = [\"{glob}\"]\n[rule.schema]\npath = \".kam/schema/{name}\"")));
        }
    }

    /// TOML as the JSON a schema validator (Taplo, an editor) sees: dates become strings.
    fn toml_to_json(value: &toml::Value) -> serde_json::Value {
        use serde_json::Value as J;
        match value {
            toml::Value::String(s) => J::String(s.clone()),
            toml::Value::Integer(n) => J::from(*n),
            toml::Value::Float(f) => J::from(*f),
            toml::Value::Boolean(b) => J::Bool(*b),
            toml::Value::Datetime(d) => J::String(d.to_string()),
            toml::Value::Array(items) => J::Array(items.iter().map(toml_to_json).collect()),
            toml::Value::Table(t) => J::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect()),
        }
    }

    fn validator(name: &str) -> jsonschema::Validator {
        let schema: serde_json::Value = serde_json::from_str(&committed(name)).unwrap();
        jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
    }

    fn schema_for(path: &str) -> Option<&'static str> {
        use crate::load::{FileKind, classify};
        Some(match classify(path) {
            FileKind::Config => "kam.schema.json",
            FileKind::Account { .. } => "account.schema.json",
            FileKind::Plan { .. } => "plan.schema.json",
            FileKind::Contact { .. } => "contact.schema.json",
            FileKind::Interaction { .. } => "interaction.schema.json",
            FileKind::Opportunity { .. } => "opportunity.schema.json",
            FileKind::Misplaced | FileKind::Stray => return None,
        })
    }

    fn errors(name: &str, toml_text: &str) -> Vec<String> {
        let value: toml::Value = toml::from_str(toml_text).unwrap();
        let instance = toml_to_json(&value);
        validator(name).iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
    }

    /// Every file of the example book validates against its schema.
    #[test]
    fn example_book_validates() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dealer");
        let mut count = 0;
        for entry in walkdir::WalkDir::new(&root).into_iter().map(Result::unwrap) {
            let rel = entry.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            let Some(name) = schema_for(&rel).filter(|_| entry.file_type().is_file() && rel.ends_with(".toml")) else {
                continue;
            };
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert_eq!(errors(name, &text), Vec::<String>::new(), "{rel}");
            count += 1;
        }
        assert!(count > 500, "only {count} files validated");
    }

    /// A misspelt field, a wrong type, a bad enum word and a date in quotes are rejected.
    #[test]
    fn schema_rejects_bad_files() {
        assert_eq!(errors("account.schema.json", "name = \"A\"\ntier = \"A\""), Vec::<String>::new());
        assert_eq!(errors("account.schema.json", "name = \"A\"\nteir = \"A\"").len(), 1);
        assert_eq!(errors("account.schema.json", "name = \"A\"\n[credit]\nlimit = \"5\"").len(), 1);
        assert_eq!(errors("contact.schema.json", "name = \"W\"\nstance = \"fan\"").len(), 1);
        assert_eq!(errors("contact.schema.json", "name = \"W\"\ninfluence = 7").len(), 1);
        assert_eq!(errors("contact.schema.json", "name = \"W\"\nbirthday = \"March\"").len(), 1);
        assert_eq!(
            errors("interaction.schema.json", "date = 2026-11-20\nkind = \"visit\"\nby = [\"a\"]"),
            Vec::<String>::new()
        );
        let offset = "date = 2026-11-20T10:00:00+08:00\nkind = \"visit\"\nby = [\"a\"]";
        assert_eq!(errors("interaction.schema.json", offset), Vec::<String>::new());
        assert_eq!(errors("interaction.schema.json", "kind = \"visit\"\nby = []").len(), 2);
        assert_eq!(errors("kam.schema.json", "[kam]\nschema = 1"), Vec::<String>::new());
    }
}
