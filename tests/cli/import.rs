//! `kam import csv`: Salesforce and HubSpot exports (fixtures in `tests/data/import/`,
//! written from the products' documented export columns) into a small book — exact
//! summaries and files, duplicates skipped with their row numbers, one bad row writing
//! nothing at all, dry runs writing nothing, commits with trailers.
//!
//! The fixtures cover the file shapes a CRM or Excel produces: `salesforce-accounts.csv`
//! is UTF-8 with a byte-order mark and CRLF line ends, with a quoted street address that
//! holds a comma and a line break; `hubspot-companies.csv` is GBK, as Chinese Excel saves
//! CSV; `hubspot-contacts.csv` has a quoted title with a line break and one with quotes.

use crate::support::{Book, git, snapshot};
use std::collections::BTreeMap;

const KAM: &str = r#"[kam]
schema = 1

[[people]]
id = "zhang-min"
name = "张敏"
email = "zhang.min@example.com"

[[people]]
id = "li-qiang"
name = "李强"
email = "li.qiang@example.com"

[[people]]
id = "wang-fang"
name = "王芳"
email = "wang.fang@example.com"
"#;

/// Three people; 上海安吉物流 with a contact whose email a Salesforce row repeats; and
/// an account whose id `beijing-capital-motors` the Salesforce export's "Beijing Capital
/// Motors" would take, had it not been taken.
fn book() -> Book {
    Book::new(&[
        ("kam.toml", KAM),
        ("accounts/anji-logistics/account.toml", "name = \"上海安吉物流\"\nowner = \"zhang-min\"\n"),
        ("accounts/anji-logistics/contacts/wang-jun.toml", "name = \"王军\"\nemail = \"wangjun@anji.example\"\n"),
        ("accounts/beijing-capital-motors/account.toml", "name = \"北京首都汽车\"\nowner = \"li-qiang\"\n"),
    ])
}

fn fixture(name: &str) -> String {
    format!("{}/tests/data/import/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The files `after` has and `before` had not, with their text.
fn added(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    after.keys().filter(|k| !before.contains_key(*k)).cloned().collect()
}

fn text(book: &Book, path: &str) -> String {
    String::from_utf8(book.read(path)).unwrap()
}

/// Salesforce accounts (BOM, CRLF): "Hutong Taxi Group, Ltd." spans lines 2–3 (its street
/// has a line break), so the rows after it are lines 4–7; 上海安吉物流 (line 5) is
/// already in the book. Type "Customer - Direct" is status active, "Prospect" prospect,
/// "Channel Partner / Reseller" no status; the region is the billing state, else the
/// city; the owner matches by the slug of the name ("Zhang Min" → zhang-min) or by email.
const SALESFORCE_ACCOUNTS: &str = "\
kam: import salesforce-accounts.csv: 4 accounts created, 1 skipped as duplicate, 0 rejected
  row 5: skipped: same name as account `anji-logistics`
  ignored columns: Billing Street, Billing Country, Phone, Website, Annual Revenue, Account ID
";

/// HubSpot companies (GBK): owners by name (张敏, 王芳), email and slug; "SINOTRANS  cold
/// chain " is the account just imported (case and spacing aside); Chinese names get
/// derived ids: FNV-1a 32 of 杭州运通出租 is 0702cb8a, of 南京长江物流 2ba6966c
/// (Python: h = 0x811c9dc5; for b in name.encode(): h = ((h ^ b) * 0x01000193) % 2**32).
const HUBSPOT_COMPANIES: &str = "\
kam: import hubspot-companies.csv (GBK): 3 accounts created, 1 skipped as duplicate, 0 rejected
  row 3: skipped: same name as account `sinotrans-cold-chain`
  ignored columns: Record ID, Create Date, Phone Number, Country/Region, Annual Revenue
";

/// Salesforce contacts: names joined ("Wei Chen"; 王军 family name first); accounts by
/// name, case aside ("beijing capital motors" is the -2 account); WANGJUN@anji.example
/// is wang-jun's email; 赵敏 takes her id from her email; the phone falls back to Mobile.
const SALESFORCE_CONTACTS: &str = "\
kam: import salesforce-contacts.csv: 3 contacts created, 1 skipped as duplicate, 0 rejected
  row 3: skipped: same email as contact `anji-logistics/wang-jun`
  ignored columns: Mailing City, Contact ID
";

/// HubSpot contacts: Chen.Wei@… is the Salesforce contact; Li Hua's title spans lines
/// 4–5, so Wu Fang is line 6. Contacts have no lifecycle, so Lifecycle Stage is ignored.
const HUBSPOT_CONTACTS: &str = "\
kam: import hubspot-contacts.csv: 3 contacts created, 1 skipped as duplicate, 0 rejected
  row 2: skipped: same email as contact `hutong-taxi-group-ltd/wei-chen`
  ignored columns: Record ID, Lifecycle Stage, Create Date
";

#[test]
fn salesforce_and_hubspot_exports_make_a_book_that_checks_clean() {
    let book = book();
    let start = snapshot(&book.root());
    let imports = [
        ("salesforce-accounts.csv", "accounts", "salesforce", SALESFORCE_ACCOUNTS),
        ("hubspot-companies.csv", "accounts", "hubspot", HUBSPOT_COMPANIES),
        ("salesforce-contacts.csv", "contacts", "salesforce", SALESFORCE_CONTACTS),
        ("hubspot-contacts.csv", "contacts", "hubspot", HUBSPOT_CONTACTS),
    ];
    for (file, entity, preset, summary) in imports {
        let run = book.kam(&["import", "csv", &fixture(file), "--entity", entity, "--preset", preset]);
        assert_eq!((run.stdout.as_str(), run.stderr.as_str(), run.code), ("", summary, 0), "{file}");
    }
    assert_eq!(
        added(&start, &snapshot(&book.root())),
        [
            "accounts/acct-0702cb8a/account.toml",
            "accounts/acct-0702cb8a/contacts/zhao-min.toml",
            "accounts/acct-2ba6966c/account.toml",
            "accounts/acct-2ba6966c/contacts/fang-wu.toml",
            "accounts/acct-2ba6966c/contacts/hua-li.toml",
            "accounts/acct-2ba6966c/contacts/jun-wang.toml",
            "accounts/beijing-capital-motors-2/account.toml",
            "accounts/beijing-capital-motors-2/contacts/mei-lin.toml",
            "accounts/hutong-taxi-group-ltd/account.toml",
            "accounts/hutong-taxi-group-ltd/contacts/wei-chen.toml",
            "accounts/nanjing-yangtze-logistics-wuxi-branch/account.toml",
            "accounts/sinotrans-cold-chain/account.toml",
            "accounts/societe-generale-leasing/account.toml",
        ]
    );
    assert_eq!(
        text(&book, "accounts/hutong-taxi-group-ltd/account.toml"),
        "name = \"Hutong Taxi Group, Ltd.\"\nindustry = \"Transportation\"\nregion = \"Beijing\"\n\
         status = \"active\"\nowner = \"zhang-min\"\n"
    );
    assert_eq!(
        text(&book, "accounts/hutong-taxi-group-ltd/contacts/wei-chen.toml"),
        "name = \"Wei Chen\"\ntitle = \"Fleet Manager\"\ncovered_by = \"zhang-min\"\n\
         email = \"chen.wei@hutong.example\"\nphone = \"+86 10 5555 0111\"\nbirthday = 1975-03-12\n"
    );
    // From the GBK file: the text is UTF-8 now; "Sales Qualified Lead" is a target.
    assert_eq!(
        text(&book, "accounts/acct-2ba6966c/account.toml"),
        "name = \"南京长江物流\"\nindustry = \"Logistics\"\nregion = \"江苏\"\nstatus = \"target\"\nowner = \"wang-fang\"\n"
    );
    assert_eq!(
        text(&book, "accounts/acct-0702cb8a/contacts/zhao-min.toml"),
        "name = \"赵敏\"\ntitle = \"财务经理\"\ncovered_by = \"wang-fang\"\nemail = \"zhao.min@yuntong.example\"\n"
    );
    // A partner has no lifecycle status; without a state, the city is the region.
    assert_eq!(
        text(&book, "accounts/societe-generale-leasing/account.toml"),
        "name = \"Société Générale Leasing\"\nindustry = \"Finance\"\nregion = \"Paris\"\nowner = \"wang-fang\"\n"
    );
    // A line break and quotes in a cell: toml_edit writes each in its clearest valid form.
    assert_eq!(
        text(&book, "accounts/acct-2ba6966c/contacts/hua-li.toml"),
        "name = \"Hua Li\"\ntitle = \"\"\"\nEngineer,\nService Department\"\"\"\ncovered_by = \"li-qiang\"\n\
         email = \"li.hua@nanjing.example\"\n"
    );
    assert_eq!(
        text(&book, "accounts/acct-2ba6966c/contacts/jun-wang.toml"),
        "name = \"Jun Wang\"\ntitle = 'Buyer \"Fleet\"'\ncovered_by = \"li-qiang\"\n\
         email = \"jun.wang@nanjing.example\"\nphone = \"025-5555-0102\"\n"
    );
    let check = book.kam(&["check"]);
    assert_eq!((check.stdout.as_str(), check.stderr.as_str(), check.code), ("", "", 0));

    // The same exports again: every row is a duplicate now, and nothing changes.
    let before = snapshot(&book.root());
    let again = book.kam(&[
        "import",
        "csv",
        &fixture("salesforce-accounts.csv"),
        "--entity",
        "accounts",
        "--preset",
        "salesforce",
    ]);
    assert_eq!(
        (again.stderr.as_str(), again.code),
        (
            "kam: import salesforce-accounts.csv: 0 accounts created, 5 skipped as duplicate, 0 rejected\n  \
             row 2: skipped: same name as account `hutong-taxi-group-ltd`\n  \
             row 4: skipped: same name as account `sinotrans-cold-chain`\n  \
             row 5: skipped: same name as account `anji-logistics`\n  \
             row 6: skipped: same name as account `societe-generale-leasing`\n  \
             row 7: skipped: same name as account `beijing-capital-motors-2`\n  \
             ignored columns: Billing Street, Billing Country, Phone, Website, Annual Revenue, Account ID\n",
            0
        )
    );
    assert_eq!(snapshot(&book.root()), before);
}

/// Row 3 names an owner kam.toml does not have and a Type that is no status: the two
/// good rows are not written either.
#[test]
fn one_invalid_row_writes_nothing_at_all() {
    let book = book();
    let before = snapshot(&book.root());
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("salesforce-accounts-invalid.csv"),
        "--entity",
        "accounts",
        "--preset",
        "salesforce",
    ]);
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str(), run.code),
        (
            "",
            "kam: import salesforce-accounts-invalid.csv: 2 accounts to create, 0 skipped as duplicate, 1 rejected\n  \
             row 3: rejected: Account Owner: `Li Qang` is not a person in kam.toml (did you mean `li-qiang`?); \
             Type: `Competitor` is not one of prospect, target, active, at-risk, dormant, churned\n\
             kam: error: 1 row rejected; nothing was written\n",
            1
        )
    );
    assert_eq!(snapshot(&book.root()), before);
}

#[test]
fn a_dry_run_shows_each_row_and_writes_nothing() {
    let book = book();
    let before = snapshot(&book.root());
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("salesforce-accounts.csv"),
        "--entity",
        "accounts",
        "--preset",
        "salesforce",
        "--dry-run",
    ]);
    assert_eq!(
        run.stdout,
        "row\tid\tpath\tstatus\treason\n\
         2\thutong-taxi-group-ltd\taccounts/hutong-taxi-group-ltd/account.toml\tnew\t\n\
         4\tsinotrans-cold-chain\taccounts/sinotrans-cold-chain/account.toml\tnew\t\n\
         5\t\t\tduplicate\tsame name as account `anji-logistics`\n\
         6\tsociete-generale-leasing\taccounts/societe-generale-leasing/account.toml\tnew\t\n\
         7\tbeijing-capital-motors-2\taccounts/beijing-capital-motors-2/account.toml\tnew\t\n"
    );
    assert_eq!(
        (run.stderr.lines().next(), run.code),
        (Some("kam: import salesforce-accounts.csv: 4 accounts to create, 1 skipped as duplicate, 0 rejected"), 0)
    );
    assert_eq!(snapshot(&book.root()), before);

    // A dry run of a file that would be refused says so, and exits 1.
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("salesforce-accounts-invalid.csv"),
        "--entity",
        "accounts",
        "--preset",
        "salesforce",
        "--dry-run",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("\n3\t\t\trejected\tAccount Owner: `Li Qang`"), "{}", run.stdout);
    assert!(run.stderr.ends_with("kam: error: 1 row rejected; the import would write nothing\n"), "{}", run.stderr);
    assert_eq!(snapshot(&book.root()), before);
}

/// Rows repeating an earlier row are duplicates of that row (names compared without case
/// and extra spaces); an explicit `id` column is used as given; a name with no Latin
/// letter gets `acct-` + its hash.
#[test]
fn duplicates_within_the_file_and_explicit_ids() {
    let book = book();
    book.write(
        "in.csv",
        "name,owner,id,tier\nEast Fleet,zhang-min,east,a\n\"east  FLEET\",li-qiang,,B\n上海安吉物流 ,zhang-min,,\n",
    );
    let run = book.kam(&["import", "csv", "in.csv", "--entity", "accounts"]);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        (
            "kam: import in.csv: 1 account created, 2 skipped as duplicate, 0 rejected\n  \
             row 3: skipped: same name as row 2\n  \
             row 4: skipped: same name as account `anji-logistics`\n",
            0
        )
    );
    assert_eq!(
        text(&book, "accounts/east/account.toml"),
        "name = \"East Fleet\"\ntier = \"A\"\nowner = \"zhang-min\"\n"
    );

    // An explicit id that is taken rejects its row (kam never overwrites an entity).
    book.write("taken.csv", "name,owner,id\nWest Fleet,zhang-min,anji-logistics\n");
    let run = book.kam(&["import", "csv", "taken.csv", "--entity", "accounts", "--dry-run"]);
    assert_eq!(
        (run.stdout.as_str(), run.code),
        (
            "row\tid\tpath\tstatus\treason\n\
             2\t\t\trejected\tid `anji-logistics` is already used (accounts/anji-logistics/account.toml)\n",
            1
        )
    );
}

/// The check of the book after the import is the last guard: two new accounts that are
/// each other's parent pass every row check, but make a loop (E207), so nothing is written.
/// Each problem is said once, as its row's reason.
#[test]
fn an_error_the_new_files_would_bring_rejects_the_import() {
    let book = book();
    book.write("in.csv", "name,owner,parent\nEast Group,zhang-min,West Group\nWest Group,zhang-min,East Group\n");
    let before = snapshot(&book.root());
    let run = book.kam(&["import", "csv", "in.csv", "--entity", "accounts"]);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        (
            "kam: import in.csv: 0 accounts to create, 0 skipped as duplicate, 2 rejected\n  \
             row 2: rejected: error[E207]: parent chain loops: east-group → west-group → east-group\n  \
             row 3: rejected: error[E207]: parent chain loops: west-group → east-group → west-group\n\
             kam: error: 2 rows rejected; nothing was written\n",
            1
        )
    );
    assert_eq!(snapshot(&book.root()), before);
}

/// Salesforce opportunities (stage names translated, a US date, an amount with thousands
/// separators) and interactions mapped column by column with --map, for one --account.
#[test]
fn opportunities_by_preset_and_interactions_by_map() {
    let book = book();
    book.write(
        "opportunities.csv",
        "Opportunity Name,Account Name,Stage,Amount,Close Date,Opportunity Owner,Probability (%)\n\
         2027 fleet renewal (80 units),上海安吉物流,Negotiation/Review,\"12,000,000\",2/15/2027,Zhang Min,60\n",
    );
    let run = book.kam(&["import", "csv", "opportunities.csv", "--entity", "opportunities", "--preset", "salesforce"]);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        (
            "kam: import opportunities.csv: 1 opportunity created, 0 skipped as duplicate, 0 rejected\n  ignored columns: Probability (%)\n",
            0
        )
    );
    assert_eq!(
        text(&book, "accounts/anji-logistics/opportunities/2027-fleet-renewal-80-units.toml"),
        "name = \"2027 fleet renewal (80 units)\"\nstage = \"negotiation\"\namount = 12000000\nclose = 2027-02-15\n\
         owner = \"zhang-min\"\n"
    );

    book.write(
        "activities.csv",
        "Date,Type,Owner,Contact,Notes,Follow-up,Due,Amount,Deal\n\
         2026-11-20,Visit,Zhang Min,王军,\"Quarterly review, fleet renewal timing\",send renewal quote,2026-11-27,,\n\
         11/21/2026,Order,li.qiang@example.com,,12 vehicles,,,\"1,440,000\",2027 fleet renewal (80 units)\n\
         2026-11-20,visit,zhang-min,,\"Quarterly review,  fleet renewal timing\",,,,\n",
    );
    let maps = [
        "Date=date",
        "Type=kind",
        "Owner=by",
        "Contact=with",
        "Notes=summary",
        "Follow-up=next.what",
        "Due=next.due",
        "Amount=amount",
        "Deal=opportunity",
    ];
    let mut args = vec!["import", "csv", "activities.csv", "--entity", "interactions", "--account", "anji-logistics"];
    for m in &maps {
        args.extend(["--map", m]);
    }
    let run = book.kam(&args);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        (
            "kam: import activities.csv: 2 interactions created, 1 skipped as duplicate, 0 rejected\n  \
             row 4: skipped: same date, kind and summary as row 2\n",
            0
        )
    );
    assert_eq!(
        text(&book, "accounts/anji-logistics/interactions/2026-11-20-visit.toml"),
        "date = 2026-11-20\nkind = \"visit\"\nby = [\"zhang-min\"]\nwith = [\"wang-jun\"]\n\
         summary = \"Quarterly review, fleet renewal timing\"\nnext = { what = \"send renewal quote\", due = 2026-11-27 }\n"
    );
    assert_eq!(
        text(&book, "accounts/anji-logistics/interactions/2026-11-21-order.toml"),
        "date = 2026-11-21\nkind = \"order\"\nby = [\"li-qiang\"]\nsummary = \"12 vehicles\"\namount = 1440000\n\
         opportunity = \"2027-fleet-renewal-80-units\"\n"
    );
    let check = book.kam(&["check"]);
    assert_eq!((check.stderr.as_str(), check.code), ("", 0));
}

/// --commit commits exactly the new files, with one Kam-Account trailer per account;
/// a file lying around untracked stays out of the commit.
#[test]
fn commit_records_exactly_the_new_files() {
    let book = book();
    let repo = git::init(&book.root());
    git::commit_all(&repo, "Start the book", 1_763_000_000);
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "张敏").unwrap();
    config.set_str("user.email", "zhang.min@example.com").unwrap();
    book.write("notes.txt", "not part of the import\n");
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("salesforce-contacts.csv"),
        "--entity",
        "contacts",
        "--preset",
        "salesforce",
        "--commit",
    ]);
    // Rows 4 and 5 need accounts this book has not got (they come from other imports).
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("  row 4: rejected: no account named `beijing capital motors`"), "{}", run.stderr);

    book.write(
        "in.csv",
        "First Name,Last Name,Account Name,Email\nJun,Li,上海安吉物流,li.jun@anji.example\n\
                          Min,Zhou,北京首都汽车,zhou.min@bcm.example\n",
    );
    let run = book.kam(&["import", "csv", "in.csv", "--entity", "contacts", "--preset", "salesforce", "--commit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("kam: import in.csv: 2 contacts created, 0 skipped as duplicate, 0 rejected; committed ")
    );
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        head.message().unwrap(),
        "Import 2 contacts from in.csv\n\nKam-Account: anji-logistics\nKam-Account: beijing-capital-motors\n"
    );
    let parent = head.parent(0).unwrap();
    let diff = repo.diff_tree_to_tree(Some(&parent.tree().unwrap()), Some(&head.tree().unwrap()), None).unwrap();
    let paths: Vec<String> =
        diff.deltas().map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        paths,
        ["accounts/anji-logistics/contacts/jun-li.toml", "accounts/beijing-capital-motors/contacts/min-zhou.toml"]
    );
}

#[test]
fn encodings_columns_and_accounts_are_checked_before_anything_else() {
    let book = book();
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("hubspot-companies.csv"),
        "--entity",
        "accounts",
        "--preset",
        "hubspot",
        "--encoding",
        "utf-8",
    ]);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        (
            "kam: error: hubspot-companies.csv is not valid UTF-8 (line 2)\n\
             hint: a file saved by Chinese Excel is usually GBK: --encoding gbk\n",
            1
        )
    );
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("hubspot-companies.csv"),
        "--entity",
        "accounts",
        "--preset",
        "hubspot",
        "--encoding",
        "gbk",
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run =
        book.kam(&["import", "csv", &fixture("hubspot-contacts.csv"), "--entity", "contacts", "--map", "Email=e-mail"]);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        (
            "kam: error: --map: `e-mail` is not a field of contacts (did you mean `email`?)\n\
          hint: the fields are: id, account, account_id, first_name, last_name, name, title, roles, stance, influence, \
          covered_by, email, phone, birthday, preferences, left\n",
            2
        )
    );
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("hubspot-contacts.csv"),
        "--entity",
        "contacts",
        "--map",
        "First Name=first_name",
    ]);
    assert_eq!(
        (run.stderr.as_str(), run.code),
        (
            "kam: error: the rows need an account: no column feeds `account` or `account_id`\n\
          hint: map the account name column (--map \"Company=account\") or give --account ID for every row\n",
            2
        )
    );
    let run = book.kam(&[
        "import",
        "csv",
        &fixture("hubspot-contacts.csv"),
        "--entity",
        "contacts",
        "--preset",
        "hubspot",
        "--account",
        "anj",
    ]);
    assert_eq!((run.stderr.as_str(), run.code), ("kam: error: no account `anj` (did you mean `anji-logistics`?)\n", 2));
    let run = book.kam(&["import", "csv", "missing.csv", "--entity", "contacts"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("kam: error: cannot read missing.csv: "), "{}", run.stderr);
}
