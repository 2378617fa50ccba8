//! `kam export` and `kam sql`: the exact shape of each format on a small book, the example
//! book in SQLite (opened with rusqlite), vCard and iCalendar read back by a standard
//! parser (the `ical` crate), `--redact`, and every way `kam sql` refuses to write.

use crate::support::{Book, KAM_TOML, run_kam};
use std::path::{Path, PathBuf};

const KAM: &str = r#"[kam]
schema = 1
currency = "CNY"

[[people]]
id = "zhang-min"
name = "张敏"
email = "zhang.min@example.com"
emails = ["zm@old.example"]
"#;

const ACCOUNT: &str = r#"name = "上海安吉物流"
owner = "zhang-min"
since = 2019-04-01
tags = ["fleet", "strategic"]

[credit]
limit = 5_000_000

[[dates]]
what = "company anniversary"
on = 1998-05-18
"#;

const PLAN: &str = r#"objective = "Sole fleet supplier by 2027"

[[action]]
what = "Site visit; bring the fleet report"
who = "zhang-min"
due = 2026-12-05

[[action]]
what = "Already done"
due = 2026-11-01
done = true
"#;

const WANG_JUN: &str = r#"name = "王军"
title = "采购总监"
roles = ["purchaser", "decision-maker"]
stance = "supporter"
influence = 4
covered_by = "zhang-min"
email = "wangjun@anji.example"
phone = "+86 21 5555 0101"
birthday = 1975-03-12
preferences = ["tea, not coffee"]
"#;

/// A name with a space, a title needing escapes, a leap-day birthday.
const ANNA: &str = "name = \"Anna Müller\"\ntitle = 'Fleet manager; Pudong\\East'\nbirthday = 1984-02-29\n";

/// The next step is 30 CJK characters long, so its SUMMARY folds.
const QBR: &str = r#"date = 2026-11-20
kind = "visit"
by = ["zhang-min"]
with = ["wang-jun"]
summary = "Quarterly review, renewal timing"
next = { what = "提交二〇二七年度车队续约报价并约定下一次高层拜访的时间与议程", due = 2026-11-27 }
"#;

const FLEET: &str = r#"name = "2027 fleet renewal (80 units)"
stage = "negotiation"
amount = 12_000_000
close = 2027-02-15
owner = "zhang-min"
contacts = ["wang-jun"]
"#;

/// Closed: no calendar event for its close date.
const VANS: &str = "name = \"Vans\"\nstage = \"lost\"\namount = 300_000\nclose = 2026-06-30\nlost_reason = \"price\"\n";

fn book() -> Book {
    Book::new(&[
        ("kam.toml", KAM),
        ("accounts/anji/account.toml", ACCOUNT),
        ("accounts/anji/plan.toml", PLAN),
        ("accounts/anji/contacts/wang-jun.toml", WANG_JUN),
        ("accounts/anji/contacts/anna.toml", ANNA),
        ("accounts/anji/interactions/2026-11-20-qbr.toml", QBR),
        ("accounts/anji/opportunities/fleet-2027.toml", FLEET),
        ("accounts/anji/opportunities/vans-2026.toml", VANS),
    ])
}

fn dealer() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/dealer")
}

fn kam_dealer(args: &[&str]) -> crate::support::Run {
    let home = tempfile::tempdir().unwrap();
    let mut all = vec!["--color", "never", "--today", "2026-11-23"];
    all.extend_from_slice(args);
    run_kam(&dealer(), home.path(), &all)
}

/// Lines joined with CRLF, as vCard and iCalendar end them.
fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\r\n")).collect()
}

/// Every personal value of `book()`, in each spelling an export may use.
const PERSONAL: &[&str] = &[
    "wangjun@anji.example",
    "+86 21 5555 0101",
    "1975-03-12",
    "19750312",
    "1984-02-29",
    "19840229",
    "tea, not coffee",
    "tea\\, not coffee",
    "zhang.min@example.com",
    "zm@old.example",
];

#[test]
fn json_has_every_entity_with_ids_accounts_and_scores() {
    let run = book().kam(&["export", "json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["today", "accounts", "contacts", "interactions", "opportunities", "people"]);
    assert_eq!(json["today"], "2026-11-23");
    // Contacts in id order: anna, then wang-jun. Every field as in the TOML, plus id and account.
    assert_eq!(
        serde_json::to_string(&json["contacts"][1]).unwrap(),
        r#"{"id":"wang-jun","account":"anji","name":"王军","title":"采购总监","roles":["purchaser","decision-maker"],"stance":"supporter","influence":4,"covered_by":"zhang-min","email":"wangjun@anji.example","phone":"+86 21 5555 0101","birthday":"1975-03-12","preferences":["tea, not coffee"]}"#
    );
    assert_eq!(
        serde_json::to_string(&json["interactions"][0]).unwrap(),
        r#"{"id":"2026-11-20-qbr","account":"anji","date":"2026-11-20","kind":"visit","by":["zhang-min"],"with":["wang-jun"],"summary":"Quarterly review, renewal timing","next":{"what":"提交二〇二七年度车队续约报价并约定下一次高层拜访的时间与议程","due":"2026-11-27","done":false}}"#
    );
    let account = json["accounts"][0].as_object().unwrap();
    let keys: Vec<&String> = account.keys().collect();
    assert_eq!(
        keys,
        ["id", "name", "owner", "since", "tags", "team", "credit", "competitors", "dates", "plan", "scores"]
    );
    assert_eq!(account["plan"]["action"][0]["what"], "Site visit; bring the fleet report");
    // The scores object is `kam score --format json`'s.
    let score: serde_json::Value = serde_json::from_str(&book().kam(&["score", "--format", "json"]).stdout).unwrap();
    assert_eq!(account["scores"], score[0]);
    assert_eq!(json["opportunities"].as_array().unwrap().len(), 2);
    // Whole amounts are integers, as in every other JSON kam writes.
    assert_eq!(
        serde_json::to_string(&json["opportunities"][0]).unwrap(),
        r#"{"id":"fleet-2027","account":"anji","name":"2027 fleet renewal (80 units)","stage":"negotiation","amount":12000000,"close":"2027-02-15","owner":"zhang-min","contacts":["wang-jun"],"competitors":[]}"#
    );
    assert!(run.stdout.contains("\"amount\": 12000000,"), "{}", run.stdout);
    assert_eq!(
        serde_json::to_string(&json["people"]).unwrap(),
        r#"[{"id":"zhang-min","name":"张敏","email":"zhang.min@example.com","emails":["zm@old.example"]}]"#
    );
}

#[test]
fn ndjson_is_one_entity_per_line_tagged_with_its_entity() {
    let run = book().kam(&["export", "ndjson"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let entities: Vec<&str> = lines.iter().map(|l| l["entity"].as_str().unwrap()).collect();
    // 1 account, 2 contacts, 1 interaction, 2 opportunities, 1 person.
    assert_eq!(entities, ["account", "contact", "contact", "interaction", "opportunity", "opportunity", "person"]);
    // `entity`, not `kind`: an interaction keeps its own `kind`.
    assert_eq!(lines[3]["kind"], "visit");
    assert_eq!(
        run.stdout.lines().nth(6).unwrap(),
        r#"{"entity":"person","id":"zhang-min","name":"张敏","email":"zhang.min@example.com","emails":["zm@old.example"]}"#
    );
}

#[test]
fn out_writes_the_same_bytes_to_a_file() {
    let book = book();
    let stdout = book.kam(&["export", "ics"]).stdout;
    let run = book.kam(&["export", "ics", "--out", "out/book.ics"]);
    assert_eq!(run.code, 2, "the directory does not exist: {}", run.stdout);
    assert!(run.stderr.starts_with("kam: error: cannot write "), "{}", run.stderr);
    let run = book.kam(&["export", "ics", "-o", "book.ics"]);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));
    assert_eq!(String::from_utf8(book.read("book.ics")).unwrap(), stdout);
}

#[test]
fn csv_writes_one_file_per_table_with_a_header() {
    let book = book();
    let run = book.kam(&["export", "csv"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "kam: error: this export needs --out PATH (a directory to write)\n");
    let run = book.kam(&["export", "csv", "--out", "csv"]);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));
    let mut names: Vec<String> = std::fs::read_dir(book.path("csv"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["accounts.csv", "contacts.csv", "interactions.csv", "opportunities.csv", "people.csv", "scores.csv"]
    );
    let contacts = String::from_utf8(book.read("csv/contacts.csv")).unwrap();
    assert_eq!(
        contacts,
        "account,id,name,title,roles,stance,influence,covered_by,email,phone,birthday,preferences,left\n\
         anji,anna,Anna Müller,Fleet manager; Pudong\\East,[],,,,,,1984-02-29,[],\n\
         anji,wang-jun,王军,采购总监,\"[\"\"purchaser\"\",\"\"decision-maker\"\"]\",supporter,4,zhang-min,\
         wangjun@anji.example,+86 21 5555 0101,1975-03-12,\"[\"\"tea, not coffee\"\"]\",\n"
    );
    let accounts = String::from_utf8(book.read("csv/accounts.csv")).unwrap();
    let mut lines = accounts.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,segment,industry,region,tier,status,owner,parent,since,tags,team,credit_limit,credit_terms_days,\
         credit_rating,potential_annual_units,potential_wallet,competitors,snooze_until,snooze_reason,dates,plan"
    );
    assert_eq!(
        lines.next().unwrap(),
        "anji,上海安吉物流,,,,,,zhang-min,,2019-04-01,\"[\"\"fleet\"\",\"\"strategic\"\"]\",[],5000000,,,,,[],,,\
         \"[{\"\"what\"\":\"\"company anniversary\"\",\"\"on\"\":\"\"1998-05-18\"\"}]\",\
         \"{\"\"objective\"\":\"\"Sole fleet supplier by 2027\"\",\"\"strategy\"\":[],\"\"action\"\":[{\"\"what\"\":\
         \"\"Site visit; bring the fleet report\"\",\"\"who\"\":\"\"zhang-min\"\",\"\"due\"\":\"\"2026-12-05\"\",\
         \"\"done\"\":false},{\"\"what\"\":\"\"Already done\"\",\"\"due\"\":\"\"2026-11-01\"\",\"\"done\"\":true}]}\""
    );
    // Writing again replaces the files; a file in the way of the directory is an error.
    assert_eq!(book.kam(&["export", "csv", "--out", "csv"]).code, 0);
    book.write("taken", "x");
    let run = book.kam(&["export", "csv", "--out", "taken"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a directory"), "{}", run.stderr);
}

#[test]
fn vcard_is_exact_rfc_6350_text() {
    let run = book().kam(&["export", "vcard"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Contacts in id order. Anna's N splits at the space; 王军 is all family name. `;` and
    // `\` of the title and `,` of the note are escaped; the note's line break is `\n`.
    let expected = crlf(&[
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//kam//kam export//EN",
        "UID:kam:anji/anna",
        "FN:Anna Müller",
        "N:Müller;Anna;;;",
        "ORG:上海安吉物流",
        "TITLE:Fleet manager\\; Pudong\\\\East",
        "BDAY:19840229",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//kam//kam export//EN",
        "UID:kam:anji/wang-jun",
        "FN:王军",
        "N:王军;;;;",
        "ORG:上海安吉物流",
        "TITLE:采购总监",
        "EMAIL;TYPE=work:wangjun@anji.example",
        "TEL;TYPE=work:+86 21 5555 0101",
        "BDAY:19750312",
        "NOTE:Roles: purchaser\\, decision-maker\\nStance: supporter",
        "END:VCARD",
    ]);
    assert_eq!(run.stdout, expected);
}

#[test]
fn ics_is_exact_rfc_5545_text() {
    let run = book().kam(&["export", "ics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The next step's SUMMARY folds: "SUMMARY:" (8 octets) + "上海安吉物流" (6 × 3) + ": " (2)
    // = 28 octets, then 15 CJK characters (45) make 73; a 16th would make 76 > 75. The
    // other 15 characters follow a space on the next line (1 + 45 octets).
    // DESCRIPTION folds after exactly 75 octets: "DESCRIPTION:" 12 + "Next step of the visit
    // of 2026-11-20" 36 + "\n" 2 + "Quarterly review" 16 + "\," 2 + " renewa" 7 = 75.
    // The lost opportunity and the done plan action have no event; Anna's leap-day
    // birthday recurs on the last day of February.
    let expected = crlf(&[
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kam//kam export//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        "UID:kam:anji#date-1",
        "DTSTAMP:20261123T000000Z",
        "DTSTART;VALUE=DATE:19980518",
        "DTEND;VALUE=DATE:19980519",
        "RRULE:FREQ=YEARLY",
        "SUMMARY:上海安吉物流: company anniversary",
        "CATEGORIES:date",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:kam:anji/anna#birthday",
        "DTSTAMP:20261123T000000Z",
        "DTSTART;VALUE=DATE:19840229",
        "DTEND;VALUE=DATE:19840301",
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
        "SUMMARY:Birthday: Anna Müller (上海安吉物流)",
        "DESCRIPTION:Fleet manager\\; Pudong\\\\East\\, 上海安吉物流",
        "CATEGORIES:birthday",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:kam:anji/wang-jun#birthday",
        "DTSTAMP:20261123T000000Z",
        "DTSTART;VALUE=DATE:19750312",
        "DTEND;VALUE=DATE:19750313",
        "RRULE:FREQ=YEARLY",
        "SUMMARY:Birthday: 王军 (上海安吉物流)",
        "DESCRIPTION:采购总监\\, 上海安吉物流",
        "CATEGORIES:birthday",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:kam:anji/2026-11-20-qbr#next",
        "DTSTAMP:20261123T000000Z",
        "DTSTART;VALUE=DATE:20261127",
        "DTEND;VALUE=DATE:20261128",
        "SUMMARY:上海安吉物流: 提交二〇二七年度车队续约报价并",
        " 约定下一次高层拜访的时间与议程",
        "DESCRIPTION:Next step of the visit of 2026-11-20\\nQuarterly review\\, renewa",
        " l timing\\nWho: 张敏",
        "CATEGORIES:next-step",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:kam:anji/plan#action-1",
        "DTSTAMP:20261123T000000Z",
        "DTSTART;VALUE=DATE:20261205",
        "DTEND;VALUE=DATE:20261206",
        "SUMMARY:上海安吉物流: Site visit\\; bring the fleet report",
        "DESCRIPTION:Account plan action\\nWho: 张敏",
        "CATEGORIES:plan-action",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:kam:anji/fleet-2027#close",
        "DTSTAMP:20261123T000000Z",
        "DTSTART;VALUE=DATE:20270215",
        "DTEND;VALUE=DATE:20270216",
        "SUMMARY:上海安吉物流: close 2027 fleet renewal (80 units)",
        "DESCRIPTION:Stage negotiation\\, amount 12000000 CNY\\nOwner: 张敏",
        "CATEGORIES:close",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]);
    assert_eq!(run.stdout, expected);
    assert!(run.stdout.split("\r\n").all(|line| line.len() <= 75));
}

#[test]
fn example_book_vcards_and_calendar_parse_with_a_standard_parser() {
    let run = kam_dealer(&["export", "vcard"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cards: Vec<_> = ical::VcardParser::new(run.stdout.as_bytes()).map(|c| c.expect("a valid vCard")).collect();
    assert_eq!(cards.len(), 110);
    for card in &cards {
        let names: Vec<&str> = card.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names[..3], ["VERSION", "PRODID", "UID"]);
        assert!(names.contains(&"FN") && names.contains(&"N") && names.contains(&"ORG"), "{names:?}");
    }
    assert!(run.stdout.split("\r\n").all(|line| line.len() <= 75));

    let run = kam_dealer(&["export", "ics"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calendars: Vec<_> =
        ical::IcalParser::new(run.stdout.as_bytes()).map(|c| c.expect("a valid iCalendar")).collect();
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    let count = |category: &str| {
        events
            .iter()
            .filter(|e| e.properties.iter().any(|p| p.name == "CATEGORIES" && p.value.as_deref() == Some(category)))
            .count()
    };
    // Cross-checked against the book through one kam sql: every open item with a date.
    let query = "SELECT \
         (SELECT count(*) FROM interactions WHERE next_due IS NOT NULL AND NOT next_done), \
         (SELECT count(*) FROM accounts, json_each(accounts.plan, '$.action') a \
            WHERE a.value ->> 'due' IS NOT NULL AND NOT a.value ->> 'done'), \
         (SELECT count(*) FROM opportunities WHERE close IS NOT NULL AND stage NOT IN ('won', 'lost')), \
         (SELECT count(*) FROM contacts WHERE birthday IS NOT NULL AND (left IS NULL OR left > '2026-11-23')), \
         (SELECT sum(json_array_length(dates)) FROM accounts)";
    let run = kam_dealer(&["--format", "tsv", "sql", query]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let counts = ["next-step", "plan-action", "close", "birthday", "date"].map(|c| count(c).to_string()).join("\t");
    assert_eq!(run.stdout.lines().nth(1), Some(counts.as_str()));
    assert_eq!(events.len(), 72);
    let uids: std::collections::BTreeSet<&str> = events
        .iter()
        .flat_map(|e| e.properties.iter().filter(|p| p.name == "UID"))
        .filter_map(|p| p.value.as_deref())
        .collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
}

#[test]
fn sqlite_export_of_the_example_book() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kam.db");
    let path_arg = path.to_str().unwrap();
    let run = kam_dealer(&["export", "sqlite", "--out", path_arg]);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));

    let db = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(tables, ["accounts", "contacts", "interactions", "opportunities", "people", "scores"]);
    let count =
        |table: &str| -> i64 { db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap() };
    // examples/dealer/README.md: 30 accounts, 110 contacts, 1200 interactions, 42 opportunities, 10 people.
    assert_eq!(
        ["accounts", "contacts", "interactions", "opportunities", "people", "scores"].map(count),
        [30, 110, 1200, 42, 10, 30]
    );
    // Columns: (name, type, not null, primary key position).
    let info = |table: &str| -> Vec<(String, String, bool, i64)> {
        db.prepare(&format!("PRAGMA table_info({table})"))
            .unwrap()
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(5)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let column = |table: &str, name: &str| info(table).into_iter().find(|c| c.0 == name).unwrap();
    assert_eq!(column("accounts", "id"), ("id".into(), "TEXT".into(), true, 1));
    assert_eq!(column("accounts", "credit_limit"), ("credit_limit".into(), "REAL".into(), false, 0));
    assert_eq!(column("contacts", "account"), ("account".into(), "TEXT".into(), true, 1));
    assert_eq!(column("contacts", "id"), ("id".into(), "TEXT".into(), true, 2));
    assert_eq!(column("contacts", "influence"), ("influence".into(), "INTEGER".into(), false, 0));
    assert_eq!(column("interactions", "date"), ("date".into(), "TEXT".into(), true, 0));
    assert_eq!(column("interactions", "amount"), ("amount".into(), "REAL".into(), false, 0));
    assert_eq!(column("scores", "health"), ("health".into(), "INTEGER".into(), false, 0));
    assert_eq!(column("scores", "single_threaded"), ("single_threaded".into(), "INTEGER".into(), false, 0));
    assert_eq!(info("interactions").len(), 20);
    let indexes: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        indexes,
        [
            "accounts_owner",
            "interactions_account_date",
            "interactions_date",
            "interactions_kind",
            "opportunities_close",
            "opportunities_stage"
        ]
    );
    // A join: every interaction and every contact belongs to an exported account.
    let joined: i64 = db
        .query_row("SELECT count(*) FROM interactions i JOIN accounts a ON a.id = i.account", [], |r| r.get(0))
        .unwrap();
    assert_eq!(joined, 1200);
    let orphans: i64 = db.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0, "the example book has no dangling reference");
    // The scores table agrees with `kam score`.
    let scores: Vec<serde_json::Value> =
        serde_json::from_str(&kam_dealer(&["score", "--format", "json"]).stdout).unwrap();
    for s in &scores {
        let (health, score): (i64, i64) = db
            .query_row("SELECT health, score FROM scores WHERE account = ?1", [s["account"].as_str().unwrap()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((health, score), (s["health"]["score"].as_i64().unwrap(), s["score"].as_i64().unwrap()));
    }
    drop(db);

    // An existing file is kept unless --force.
    std::fs::write(&path, b"precious").unwrap();
    let run = kam_dealer(&["export", "sqlite", "--out", path_arg]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("kam: error: {path_arg} already exists; kam does not overwrite it\nhint: pass --force to replace it\n")
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"precious");
    assert_eq!(kam_dealer(&["export", "sqlite", "--out", path_arg, "--force"]).code, 0);
    assert!(std::fs::read(&path).unwrap().starts_with(b"SQLite format 3\0"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["kam.db"], "no temporary file is left behind");
}

/// Every export of `book()`, as text (CSV files and the SQLite file concatenated).
fn every_export(book: &Book, extra: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for format in ["json", "ndjson", "vcard", "ics"] {
        let run = book.kam(&[&["export", format], extra].concat());
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        out.push((format.to_string(), run.stdout));
    }
    let dir = format!("csv{}", extra.len());
    assert_eq!(book.kam(&[&["export", "csv", "--out", &dir], extra].concat()).code, 0);
    let csv: String = ["accounts", "contacts", "interactions", "opportunities", "people", "scores"]
        .iter()
        .map(|t| String::from_utf8(book.read(&format!("{dir}/{t}.csv"))).unwrap())
        .collect();
    out.push(("csv".into(), csv));
    let db = format!("kam{}.db", extra.len());
    assert_eq!(book.kam(&[&["export", "sqlite", "--out", &db], extra].concat()).code, 0);
    out.push(("sqlite".into(), String::from_utf8_lossy(&book.read(&db)).into_owned()));
    out
}

#[test]
fn redact_removes_every_personal_field_from_every_format() {
    let book = book();
    // Without --redact every format but the calendar carries some of them (the test can fail).
    for (format, text) in every_export(&book, &[]) {
        assert!(PERSONAL.iter().any(|p| text.contains(p)), "{format} has no personal field to redact");
    }
    for (format, text) in every_export(&book, &["--redact"]) {
        for personal in PERSONAL {
            assert!(!text.contains(personal), "{format} still has {personal}");
        }
        for field in ["\"email\"", "\"emails\"", "\"phone\"", "\"birthday\"", "\"preferences\"", "EMAIL", "TEL", "BDAY"]
        {
            assert!(!text.contains(field), "{format} still has {field}");
        }
        assert!(!text.contains("#birthday"), "{format} still has a birthday event");
    }
    let contacts = String::from_utf8(book.read("csv1/contacts.csv")).unwrap();
    assert_eq!(contacts.lines().next().unwrap(), "account,id,name,title,roles,stance,influence,covered_by,left");
    let db = rusqlite::Connection::open(book.path("kam1.db")).unwrap();
    let columns: Vec<String> = db
        .prepare("SELECT name FROM pragma_table_info('people')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(columns, ["id", "name", "role", "capacity", "left"]);
}

#[test]
fn redacted_example_book_has_no_contact_email_phone_or_birthday() {
    let full: serde_json::Value = serde_json::from_str(&kam_dealer(&["export", "json"]).stdout).unwrap();
    let mut personal: Vec<String> = Vec::new();
    for c in full["contacts"].as_array().unwrap() {
        for key in ["email", "phone", "birthday"] {
            personal.extend(c[key].as_str().map(String::from));
        }
        personal.extend(c["preferences"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()));
    }
    personal.extend(full["people"].as_array().unwrap().iter().filter_map(|p| p["email"].as_str().map(String::from)));
    assert!(personal.len() > 200, "{}", personal.len());
    for format in ["json", "ndjson", "vcard", "ics"] {
        let run = kam_dealer(&["export", format, "--redact"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        // Birthdays are compared in both spellings; preferences as written.
        for value in &personal {
            assert!(!run.stdout.contains(value.as_str()), "{format} has {value}");
            assert!(!run.stdout.contains(&value.replace('-', "")), "{format} has {value}");
        }
    }
}

#[test]
fn sql_answers_in_every_format() {
    let book = book();
    let run = book.kam(&["sql", "SELECT owner, count(*) AS n FROM accounts GROUP BY owner"]);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "owner\tn\nzhang-min\t1\n", ""));
    let query = "SELECT id, amount, close, stage = 'lost' AS lost FROM opportunities ORDER BY id";
    let run = book.kam(&["--format", "json", "sql", query]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // REAL amounts print as whole numbers; dates are ISO text; booleans are 0/1 in SQLite.
    assert_eq!(
        run.stdout,
        "[\n  {\n    \"id\": \"fleet-2027\",\n    \"amount\": 12000000,\n    \"close\": \"2027-02-15\",\n    \"lost\": 0\n  },\n  \
         {\n    \"id\": \"vans-2026\",\n    \"amount\": 300000,\n    \"close\": \"2026-06-30\",\n    \"lost\": 1\n  }\n]\n"
    );
    let run = book.kam(&["--format", "csv", "sql", query]);
    assert_eq!(run.stdout, "id,amount,close,lost\nfleet-2027,12000000,2027-02-15,0\nvans-2026,300000,2026-06-30,1\n");
    let run = book.kam(&["--format", "ndjson", "sql", "SELECT x'00ff' AS blob, NULL AS missing, 0.5 AS half"]);
    assert_eq!(run.stdout, "{\"blob\":\"00ff\",\"missing\":null,\"half\":0.5}\n");
    // Lists are JSON text: json_each finds the decision-makers.
    let run =
        book.kam(&["sql", "SELECT c.name FROM contacts c, json_each(c.roles) r WHERE r.value = 'decision-maker'"]);
    assert_eq!(run.stdout, "name\n王军\n");
    // Keyword-like column names work unquoted.
    let run = book.kam(&["sql", "SELECT by, with, left FROM interactions, contacts WHERE contacts.id = 'anna'"]);
    assert_eq!(run.stdout, "by\twith\tleft\n[\"zhang-min\"]\t[\"wang-jun\"]\t\n");
}

#[test]
fn sql_on_the_example_book_groups_accounts_by_owner() {
    let run = kam_dealer(&["sql", "SELECT owner, count(*) FROM accounts GROUP BY owner ORDER BY owner"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The same counts from `kam ls accounts`.
    let ls = kam_dealer(&["ls", "accounts", "--columns", "owner"]).stdout;
    let mut owners = std::collections::BTreeMap::<&str, usize>::new();
    for owner in ls.lines().skip(1) {
        *owners.entry(owner).or_default() += 1;
    }
    let expected: String = owners.iter().map(|(owner, n)| format!("{owner}\t{n}\n")).collect();
    assert_eq!(run.stdout, format!("owner\tcount(*)\n{expected}"));
    assert_eq!(owners.values().sum::<usize>(), 30);
}

#[test]
fn sql_refuses_writes_attach_extensions_and_more_than_one_statement() {
    let book = book();
    let before = crate::support::snapshot(&book.root());
    let refused = |query: &str, message: &str| {
        let run = book.kam(&["sql", query]);
        assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{query}: {}", run.stderr);
        assert_eq!(run.stderr, message, "{query}");
    };
    let hint = "hint: ask with one SELECT (or WITH … SELECT) statement\n";
    refused(
        "DELETE FROM accounts",
        &format!("kam: error: kam sql is read-only: DELETE from accounts is not allowed\n{hint}"),
    );
    refused("ATTACH 'x.db' AS x", &format!("kam: error: kam sql is read-only: ATTACH is not allowed\n{hint}"));
    refused(
        "CREATE TABLE notes (text)",
        &format!("kam: error: kam sql is read-only: CREATE TABLE notes is not allowed\n{hint}"),
    );
    refused(
        "SELECT load_extension('/tmp/evil.so')",
        &format!("kam: error: kam sql is read-only: load_extension() is not allowed\n{hint}"),
    );
    refused(
        "UPDATE accounts SET owner = 'x'",
        &format!("kam: error: kam sql is read-only: UPDATE of accounts is not allowed\n{hint}"),
    );
    refused(
        "VACUUM INTO 'copy.db'",
        &format!("kam: error: kam sql is read-only: a statement that writes is not allowed\n{hint}"),
    );
    refused(
        "SELECT 1; SELECT 2",
        "kam: error: kam sql runs one statement; found more than one\nhint: remove everything after the first `;`\n",
    );
    refused("SELECT * FROM acounts", "kam: error: SQL error: no such table: acounts\n");
    refused("SELEKT 1", "kam: error: SQL error: near \"SELEKT\": syntax error\n");
    // Nothing was written: no attached database file, no vacuum copy.
    assert_eq!(crate::support::snapshot(&book.root()), before);
}

#[test]
fn an_empty_book_exports_empty_tables() {
    let book = Book::new(&[("kam.toml", KAM_TOML)]);
    let run = book.kam(&["export", "vcard"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    let run = book.kam(&["export", "ics"]);
    assert_eq!(
        run.stdout,
        crlf(&[
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//kam//kam export//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "END:VCALENDAR"
        ])
    );
    let run = book.kam(&["sql", "SELECT count(*) AS n FROM accounts"]);
    assert_eq!(run.stdout, "n\n0\n");
}

/// A book `kam check` rejects still exports, unless a table key is duplicated: then the
/// SQLite export and `kam sql` say which, and exit 1.
#[test]
fn a_duplicate_person_id_is_named() {
    let kam = "[kam]\nschema = 1\n\n[[people]]\nid = \"x\"\nname = \"X\"\n\n[[people]]\nid = \"x\"\nname = \"Y\"\n";
    let book = Book::new(&[("kam.toml", kam), ("accounts/a/account.toml", "name = \"A\"\nowner = \"nobody\"\n")]);
    let message = "kam: error: cannot build the `people` table: people.id = x appears more than once\n\
                   hint: run `kam check` and fix the duplicate\n";
    let run = book.kam(&["sql", "SELECT 1"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, message));
    let run = book.kam(&["export", "sqlite", "--out", "k.db"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, message));
    assert!(!book.path("k.db").exists());
    assert_eq!(book.kam(&["export", "json"]).code, 0);
}

/// Whole amounts of every kind (orders, deals, credit lines, potential) are written as
/// integers in JSON, as kam's scores are: never `246000.0`.
#[test]
fn json_writes_whole_amounts_as_integers() {
    let run = kam_dealer(&["export", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fractional_zero = run.stdout.lines().filter(|l| l.trim_end_matches(',').ends_with(".0")).count();
    assert_eq!(
        fractional_zero,
        0,
        "{}",
        run.stdout.lines().find(|l| l.trim_end_matches(',').ends_with(".0")).unwrap_or("")
    );
    for key in ["\"amount\": 354000,", "\"margin\": 19400", "\"units\": 3,"] {
        assert!(run.stdout.contains(key), "{key}");
    }
}
