//! `kam ls`: filters, sorting, limits, columns and every output format, on a small book
//! with Chinese names (tables must stay aligned with CJK text).

use crate::support::{Book, KAM_TOML};

const ACCOUNTS_HELP: &str = "id, name, segment, industry, region, tier, status, owner, parent, since, tags, team, \
credit.limit, credit.terms_days, credit.rating, potential.annual_units, potential.wallet, competitors, snooze.until, \
contacts, interactions, opportunities, plan, last_touch, last_order, revenue_12m, margin_12m, collected_12m, orders_12m, abc, rfm_segment, value_matrix, health, health_status, score, p_alive, clv, outstanding, overdue, over_limit, single_threaded, decision_maker";

/// anji (A, 1 200 000 in orders), bosch (B, 2 500 000.5), byd (C, a call, no orders),
/// cosco (C prospect, nothing).
fn book() -> Book {
    let kam_toml = format!("{KAM_TOML}\n[[people]]\nid = \"li-qiang\"\nname = \"李强\"\n");
    Book::new(&[
        ("kam.toml", &kam_toml),
        (
            "accounts/anji/account.toml",
            "name = \"上海安吉物流\"\ntier = \"A\"\nstatus = \"active\"\nowner = \"zhang-min\"\nteam = [{ who = \"li-qiang\", role = \"gm\" }]\n",
        ),
        (
            "accounts/anji/interactions/2026-11-20-order.toml",
            "date = 2026-11-20\nkind = \"order\"\nby = [\"zhang-min\"]\namount = 1_200_000\n",
        ),
        (
            "accounts/bosch/account.toml",
            "name = \"Bosch Rexroth\"\ntier = \"B\"\nstatus = \"active\"\nowner = \"li-qiang\"\nteam = [{ who = \"zhang-min\" }]\n",
        ),
        (
            "accounts/bosch/interactions/2026-10-01-order.toml",
            "date = 2026-10-01\nkind = \"order\"\nby = [\"li-qiang\"]\namount = 2_500_000.5\n",
        ),
        ("accounts/byd/account.toml", "name = \"比亚迪\"\ntier = \"C\"\nstatus = \"target\"\nowner = \"zhang-min\"\n"),
        (
            "accounts/byd/interactions/2026-09-15-call.toml",
            "date = 2026-09-15\nkind = \"call\"\nby = [\"zhang-min\"]\n",
        ),
        ("accounts/cosco/account.toml", "name = \"中远海运\"\ntier = \"C\"\nstatus = \"prospect\"\n"),
    ])
}

fn ls(book: &Book, args: &[&str]) -> String {
    let mut full = vec!["ls", "accounts"];
    full.extend_from_slice(args);
    let run = book.kam(&full);
    assert_eq!(run.stderr, "", "{full:?}");
    assert_eq!(run.code, 0, "{full:?}");
    run.stdout
}

#[test]
fn tsv_with_a_header_is_the_default_on_a_pipe() {
    assert_eq!(
        ls(&book(), &[]),
        "id\tname\ttier\tstatus\towner\tlast_touch\trevenue_12m\n\
         anji\t上海安吉物流\tA\tactive\tzhang-min\t2026-11-20\t1200000\n\
         bosch\tBosch Rexroth\tB\tactive\tli-qiang\t2026-10-01\t2500000.5\n\
         byd\t比亚迪\tC\ttarget\tzhang-min\t2026-09-15\t0\n\
         cosco\t中远海运\tC\tprospect\t\t\t0\n"
    );
}

/// `--sort -revenue_12m,id`, `--columns` and `--limit` together, in every format.
#[test]
fn every_format() {
    let book = book();
    let query = ["--sort", "-revenue_12m,id", "--columns", "id,name,tier,revenue_12m", "--limit", "3"];
    let cases = [
        (
            "table",
            "ID     NAME           TIER  REVENUE_12M\n\
             bosch  Bosch Rexroth  B       2500000.5\n\
             anji   上海安吉物流   A         1200000\n\
             byd    比亚迪         C               0\n",
        ),
        (
            "tsv",
            "id\tname\ttier\trevenue_12m\n\
             bosch\tBosch Rexroth\tB\t2500000.5\n\
             anji\t上海安吉物流\tA\t1200000\n\
             byd\t比亚迪\tC\t0\n",
        ),
        (
            "csv",
            "id,name,tier,revenue_12m\n\
             bosch,Bosch Rexroth,B,2500000.5\n\
             anji,上海安吉物流,A,1200000\n\
             byd,比亚迪,C,0\n",
        ),
        (
            "json",
            r#"[
  {
    "id": "bosch",
    "name": "Bosch Rexroth",
    "tier": "B",
    "revenue_12m": 2500000.5
  },
  {
    "id": "anji",
    "name": "上海安吉物流",
    "tier": "A",
    "revenue_12m": 1200000
  },
  {
    "id": "byd",
    "name": "比亚迪",
    "tier": "C",
    "revenue_12m": 0
  }
]
"#,
        ),
        (
            "ndjson",
            "{\"id\":\"bosch\",\"name\":\"Bosch Rexroth\",\"tier\":\"B\",\"revenue_12m\":2500000.5}\n\
             {\"id\":\"anji\",\"name\":\"上海安吉物流\",\"tier\":\"A\",\"revenue_12m\":1200000}\n\
             {\"id\":\"byd\",\"name\":\"比亚迪\",\"tier\":\"C\",\"revenue_12m\":0}\n",
        ),
        (
            "markdown",
            "| id | name | tier | revenue_12m |\n\
             | --- | --- | --- | ---: |\n\
             | bosch | Bosch Rexroth | B | 2500000.5 |\n\
             | anji | 上海安吉物流 | A | 1200000 |\n\
             | byd | 比亚迪 | C | 0 |\n",
        ),
    ];
    for (format, expected) in cases {
        let mut args = query.to_vec();
        args.extend(["--format", format]);
        assert_eq!(ls(&book, &args), expected, "--format {format}");
    }
}

/// Regression: `--sort -revenue_12m` was taken by clap for an unknown short flag `-r`.
#[test]
fn sort_keys_may_start_with_a_minus() {
    let book = book();
    assert_eq!(ls(&book, &["--sort", "-revenue_12m,id", "--columns", "id"]), "id\nbosch\nanji\nbyd\ncosco\n");
    // The second key decides ties (byd and cosco have no revenue).
    assert_eq!(ls(&book, &["--sort", "-revenue_12m,-id", "--columns", "id"]), "id\nbosch\nanji\ncosco\nbyd\n");
    assert_eq!(
        ls(&book, &["--sort=-last_touch", "--columns", "id,last_touch"]),
        "id\tlast_touch\nanji\t2026-11-20\nbosch\t2026-10-01\nbyd\t2026-09-15\ncosco\t\n"
    );
}

#[test]
fn where_filters() {
    let book = book();
    assert_eq!(ls(&book, &["--where", "tier:C", "--columns", "id,name"]), "id\tname\nbyd\t比亚迪\ncosco\t中远海运\n");
    assert_eq!(ls(&book, &["--where", "tier:A or revenue_12m>2000000", "--columns", "id"]), "id\nanji\nbosch\n");
    assert_eq!(ls(&book, &["--where", "not:has:owner", "--columns", "id"]), "id\ncosco\n");
    assert_eq!(
        ls(&book, &["--where", "last_touch>60d", "--columns", "id,last_touch"]),
        "id\tlast_touch\nbyd\t2026-09-15\n"
    );
    assert_eq!(ls(&book, &["--where", "name:~安吉", "--columns", "id"]), "id\nanji\n");
}

#[test]
fn where_with_a_misspelt_field_suggests_the_right_one() {
    let run = book().kam(&["ls", "accounts", "--where", "teir:A status:active"]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "kam: error: invalid query: unknown field `teir` (did you mean `tier`?); valid fields: {ACCOUNTS_HELP}\n  teir:A status:active\n  ^\n"
        )
    );
    assert_eq!(run.code, 2);
}

#[test]
fn misspelt_sort_and_column_fields_suggest_the_right_one() {
    let book = book();
    for (args, field, suggestion) in
        [(&["--sort", "-revenu_12m"][..], "revenu_12m", "revenue_12m"), (&["--columns", "id,nmae"], "nmae", "name")]
    {
        let mut full = vec!["ls", "accounts"];
        full.extend_from_slice(args);
        let run = book.kam(&full);
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            format!(
                "kam: error: unknown field `{field}` (did you mean `{suggestion}`?)\nhint: valid fields: {ACCOUNTS_HELP}\n"
            )
        );
        assert_eq!(run.code, 2);
    }
}

#[test]
fn limit_keeps_the_first_n_after_sorting() {
    let book = book();
    assert_eq!(ls(&book, &["--limit", "2", "--columns", "id"]), "id\nanji\nbosch\n");
    assert_eq!(ls(&book, &["--limit", "0", "--columns", "id"]), "id\n");
    assert_eq!(
        ls(&book, &["--sort", "name", "--limit", "1", "--columns", "id,name"]),
        "id\tname\nbosch\tBosch Rexroth\n"
    );
}

#[test]
fn fail_empty_exits_1_when_nothing_matches() {
    let book = book();
    let run = book.kam(&["ls", "accounts", "--where", "status:churned", "--fail-empty"]);
    assert_eq!(run.stdout, "id\tname\ttier\tstatus\towner\tlast_touch\trevenue_12m\n");
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 1);
    let run = book.kam(&["ls", "accounts", "--where", "status:prospect", "--fail-empty", "--columns", "id"]);
    assert_eq!((run.stdout.as_str(), run.code), ("id\ncosco\n", 0));
    // Without the flag, no match is not a failure.
    let run = book.kam(&["ls", "accounts", "--where", "status:churned"]);
    assert_eq!(run.code, 0);
}

#[test]
fn other_entities() {
    let book = book();
    let run = book.kam(&["ls", "people", "--format", "table"]);
    assert_eq!(
        run.stdout,
        "ID         NAME  ROLE  EMAIL  CAPACITY  LEFT  ACCOUNTS\n\
         zhang-min  张敏                                      2\n\
         li-qiang   李强                                      1\n"
    );
    let run = book.kam(&["ls", "interactions", "--sort", "-date"]);
    assert_eq!(
        run.stdout,
        "account\tdate\tkind\tby\twith\tamount\tsummary\n\
         anji\t2026-11-20\torder\tzhang-min\t\t1200000\t\n\
         bosch\t2026-10-01\torder\tli-qiang\t\t2500000.5\t\n\
         byd\t2026-09-15\tcall\tzhang-min\t\t\t\n"
    );
}

/// Regression: comfy-table styles only when it detects a terminal itself, so
/// `--color always` printed a plain table into a pipe.
#[test]
fn color_always_styles_a_piped_table() {
    let run = book().kam(&["ls", "accounts", "--format", "table", "--columns", "id,revenue_12m", "--color", "always"]);
    assert_eq!(
        run.stdout,
        "\x1b[1mID     \x1b[0m\x1b[1mREVENUE_12M\x1b[0m\nanji       1200000\nbosch    2500000.5\nbyd              0\ncosco            0\n"
    );
}
