//! The field-level diff engine on TOML text: scalars, nested tables, lists, arrays of
//! tables with and without a natural key, absent and unparseable versions.

use crate::history::fielddiff::{self, Op, State, diff, fields, is_part_of, render};

/// The changes from `before` to `after` as their one-line texts.
fn texts(before: Option<&str>, after: Option<&str>) -> Vec<String> {
    diff(before.map(str::as_bytes), after.map(str::as_bytes)).iter().map(|c| c.text()).collect()
}

const ANJI: &str = r#"name = "上海安吉物流"
tier = "B"
owner = "zhang-min"
tags = ["fleet", "logistics"]
team = [
  { who = "li-qiang", role = "gm" },
  { who = "wang-fang", role = "service" },
]

[credit]
limit = 5_000_000
terms_days = 60

[[competitors]]
name = "华东汽贸"
position = "incumbent"
"#;

#[test]
fn identical_versions_have_no_changes() {
    assert_eq!(texts(Some(ANJI), Some(ANJI)), Vec::<String>::new());
    // Formatting, key order and number spelling are not changes.
    let reformatted = ANJI
        .replace("5_000_000", "5000000")
        .replace("tier = \"B\"\nowner = \"zhang-min\"", "owner = 'zhang-min'\ntier = 'B'");
    assert_eq!(texts(Some(ANJI), Some(&reformatted)), Vec::<String>::new());
}

#[test]
fn scalars_and_nested_tables_use_dotted_keys() {
    let after = ANJI.replace("tier = \"B\"", "tier = \"A\"").replace("limit = 5_000_000", "limit = 6_000_000");
    assert_eq!(texts(Some(ANJI), Some(&after)), ["tier: B → A", "credit.limit: 5000000 → 6000000"]);
}

#[test]
fn added_and_removed_fields_show_none() {
    let after =
        ANJI.replace("owner = \"zhang-min\"\n", "") + "\n[snooze]\nuntil = 2027-01-10\nreason = \"tender freeze\"\n";
    assert_eq!(
        texts(Some(ANJI), Some(&after)),
        ["snooze.until: (none) → 2027-01-10", "snooze.reason: (none) → tender freeze", "owner: zhang-min → (none)"]
    );
}

#[test]
fn lists_of_plain_values_are_compared_as_multisets() {
    let after = ANJI.replace("[\"fleet\", \"logistics\"]", "[\"logistics\", \"strategic\", \"fleet-2\"]");
    assert_eq!(texts(Some(ANJI), Some(&after)), ["tags: - fleet", "tags: + strategic", "tags: + fleet-2"]);
    // A mere reordering shows the whole list.
    let reordered = ANJI.replace("[\"fleet\", \"logistics\"]", "[\"logistics\", \"fleet\"]");
    assert_eq!(texts(Some(ANJI), Some(&reordered)), ["tags: [fleet, logistics] → [logistics, fleet]"]);
    // Duplicates count: a second "fleet" is an addition.
    let doubled = ANJI.replace("[\"fleet\", \"logistics\"]", "[\"fleet\", \"logistics\", \"fleet\"]");
    assert_eq!(texts(Some(ANJI), Some(&doubled)), ["tags: + fleet"]);
    // A list that appears is its entries added.
    assert_eq!(
        texts(Some("name = \"x\"\n"), Some("name = \"x\"\nby = [\"zhang-min\", \"li-qiang\"]\n")),
        ["by: + zhang-min", "by: + li-qiang"]
    );
}

#[test]
fn team_entries_are_matched_by_who() {
    let after = ANJI.replace(
        "  { who = \"li-qiang\", role = \"gm\" },\n  { who = \"wang-fang\", role = \"service\" },\n",
        "  { who = \"wang-fang\", role = \"presales\" },\n  { who = \"zhao-lei\", role = \"sales-manager\" },\n",
    );
    assert_eq!(
        texts(Some(ANJI), Some(&after)),
        ["team: - li-qiang (gm)", "team[wang-fang].role: service → presales", "team: + zhao-lei (sales-manager)"]
    );
}

#[test]
fn competitors_dates_and_plan_actions_have_natural_keys() {
    let after = ANJI.replace("position = \"incumbent\"", "position = \"minor\"\nnotes = \"lost the tender\"")
        + "\n[[competitors]]\nname = \"BYD Fleet\"\nposition = \"challenger\"\n";
    assert_eq!(
        texts(Some(ANJI), Some(&after)),
        [
            "competitors[华东汽贸].position: incumbent → minor",
            "competitors[华东汽贸].notes: (none) → lost the tender",
            "competitors: + BYD Fleet (challenger)",
        ]
    );

    let plan = "objective = \"Sole supplier\"\n\n[[action]]\nwhat = \"Site visit\"\nwho = \"li-qiang\"\ndue = 2026-12-05\ndone = false\n\n[[action]]\nwhat = \"Send quote\"\nwho = \"zhang-min\"\n";
    let done = plan.replace("done = false", "done = true").replace(
        "[[action]]\nwhat = \"Send quote\"\nwho = \"zhang-min\"\n",
        "[[action]]\nwhat = \"Fleet report\"\nwho = \"wang-fang\"\ndue = 2027-01-10\n",
    );
    assert_eq!(
        texts(Some(plan), Some(&done)),
        [
            "action[Site visit].done: false → true",
            "action: - Send quote (zhang-min)",
            "action: + Fleet report (who = wang-fang, due = 2027-01-10)",
        ]
    );

    let dates = "[[dates]]\nwhat = \"anniversary\"\non = 1998-05-18\n";
    assert_eq!(
        texts(Some(dates), Some(&dates.replace("05-18", "05-19"))),
        ["dates[anniversary].on: 1998-05-18 → 1998-05-19"]
    );
}

#[test]
fn entries_without_a_unique_key_are_compared_by_position() {
    // Two strategies with the same text: `text` is not unique, and there is no id or name.
    let before =
        "[[strategy]]\nkind = \"information\"\ntext = \"same\"\n\n[[strategy]]\nkind = \"team\"\ntext = \"same\"\n";
    let after = "[[strategy]]\nkind = \"information\"\ntext = \"same\"\n\n[[strategy]]\nkind = \"competition\"\ntext = \"same\"\n\n[[strategy]]\nkind = \"team\"\n";
    assert_eq!(
        texts(Some(before), Some(after)),
        ["strategy[2].kind: team → competition", "strategy: + {kind = team}",]
    );
    // Unknown arrays of tables fall back to `id`, then `name`.
    let items = "[[items]]\nid = \"a\"\nqty = 1\n\n[[items]]\nid = \"b\"\nqty = 2\n";
    let swapped = "[[items]]\nid = \"b\"\nqty = 3\n\n[[items]]\nid = \"a\"\nqty = 1\n";
    assert_eq!(texts(Some(items), Some(swapped)), ["items[b].qty: 2 → 3"]);
}

#[test]
fn a_created_or_deleted_file_is_every_field_set_or_cleared() {
    let contact = "name = \"王军\"\nroles = [\"purchaser\"]\ninfluence = 4\n";
    assert_eq!(texts(None, Some(contact)), ["name: (none) → 王军", "roles: + purchaser", "influence: (none) → 4"]);
    assert_eq!(texts(Some(contact), None), ["name: 王军 → (none)", "roles: - purchaser", "influence: 4 → (none)"]);
    assert_eq!(texts(None, None), Vec::<String>::new());
}

#[test]
fn an_unparseable_version_is_one_change_never_a_panic() {
    let broken = "name = \"王军\"\ninfluence = \n";
    assert_eq!(texts(Some("name = \"王军\"\n"), Some(broken)), ["file: valid TOML → (unparseable)"]);
    assert_eq!(texts(Some(broken), Some("name = \"王军\"\n")), ["file: (unparseable) → valid TOML"]);
    assert_eq!(texts(None, Some(broken)), ["file: (none) → (unparseable)"]);
    let changes = diff(Some(b"\xff\xfe not utf-8"), Some(b"a = 1\na = 2\n"));
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].op, Op::Unparseable { before: State::Unparseable, after: State::Unparseable });
    assert!(changes[0].concerns("tier"), "an unparseable file may have changed any field");
}

#[test]
fn a_byte_order_mark_and_crlf_are_accepted() {
    assert_eq!(texts(Some("\u{feff}tier = \"B\"\r\n"), Some("tier = \"A\"\n")), ["tier: B → A"]);
}

#[test]
fn types_and_odd_values_render_plainly() {
    let before = "amount = 1000\nrate = 0.5\nwhen = 2026-11-20T10:00:00+08:00\nx = nan\nnote = \"\"\n";
    let after = "amount = 1000.0\nrate = 0.25\nwhen = 2026-11-21\nx = nan\nnote = \"a\"\n";
    assert_eq!(
        texts(Some(before), Some(after)),
        ["amount: 1000 → 1000.0", "rate: 0.5 → 0.25", "when: 2026-11-20T10:00:00+08:00 → 2026-11-21", "note: \"\" → a",]
    );
    // A table replaced by a plain value is one change of the whole value.
    assert_eq!(texts(Some("[credit]\nlimit = 1\n"), Some("credit = 5\n")), ["credit: {limit = 1} → 5"]);
}

#[test]
fn long_and_multi_line_values_are_shortened_in_text_only() {
    let long = "x".repeat(70);
    let changes =
        diff(Some(b"summary = \"short\"\n"), Some(format!("summary = \"\"\"\nline one\n{long}\"\"\"\n").as_bytes()));
    // 59 characters and an ellipsis: "line one " is 9, then 50 x.
    assert_eq!(changes[0].text(), format!("summary: short → line one {}…", "x".repeat(50)));
    assert_eq!(changes[0].after.as_ref().map(render), Some(format!("line one\n{long}")));
}

#[test]
fn fields_flatten_in_document_order_with_the_diff_s_names() {
    let table = fielddiff::parse(ANJI.as_bytes()).unwrap();
    let names: Vec<String> = fields(&table).iter().map(|(f, v)| format!("{f}={}", render(v))).collect();
    assert_eq!(
        names,
        [
            "name=上海安吉物流",
            "tier=B",
            "owner=zhang-min",
            "tags=[fleet, logistics]",
            "team[li-qiang]=li-qiang",
            "team[li-qiang].role=gm",
            "team[wang-fang]=wang-fang",
            "team[wang-fang].role=service",
            "credit.limit=5000000",
            "credit.terms_days=60",
            "competitors[华东汽贸]=华东汽贸",
            "competitors[华东汽贸].position=incumbent",
        ]
    );
    // Entries without a unique key are numbered from 1 and keep all their fields.
    let plan = fielddiff::parse(b"[[strategy]]\nkind = \"team\"\n\n[[strategy]]\nkind = \"team\"\n").unwrap();
    let names: Vec<String> = fields(&plan).iter().map(|(f, v)| format!("{f}={}", render(v))).collect();
    assert_eq!(names, ["strategy[1].kind=team", "strategy[2].kind=team"]);
}

#[test]
fn field_matching_covers_parts_of_a_field() {
    assert!(is_part_of("credit.limit", "credit"));
    assert!(is_part_of("credit.limit", "credit.limit"));
    assert!(is_part_of("team[li-qiang].role", "team"));
    assert!(!is_part_of("credit_limit", "credit"));
    assert!(!is_part_of("tier", "tiers"));
    assert!(!is_part_of("tiers", "tier"));
}

#[test]
fn json_keeps_values_typed() {
    let changes = diff(Some(b"limit = 5\nwhen = 2026-01-02\n"), Some(b"limit = 6\nwhen = 2026-01-03\n"));
    let json: Vec<_> = changes
        .iter()
        .map(|c| (fielddiff::to_json(c.before.as_ref().unwrap()), fielddiff::to_json(c.after.as_ref().unwrap())))
        .collect();
    assert_eq!(
        json,
        [
            (serde_json::json!(5), serde_json::json!(6)),
            (serde_json::json!("2026-01-02"), serde_json::json!("2026-01-03")),
        ]
    );
}
