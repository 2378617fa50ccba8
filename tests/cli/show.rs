//! `kam show <account>`: the account card — title, team, decision chain by influence,
//! open opportunities only, last interactions newest first.

use crate::support::{Book, KAM_TOML};

fn book() -> Book {
    let kam_toml = format!("{KAM_TOML}\n[[people]]\nid = \"li-qiang\"\nname = \"李强\"\n");
    Book::new(&[
        ("kam.toml", &kam_toml),
        (
            "accounts/anji/account.toml",
            "name = \"上海安吉物流\"\ntier = \"A\"\nstatus = \"active\"\nowner = \"zhang-min\"\nteam = [{ who = \"li-qiang\", role = \"gm\" }]\n",
        ),
        (
            "accounts/anji/contacts/wang-jun.toml",
            "name = \"王军\"\ntitle = \"采购总监\"\nroles = [\"purchaser\", \"decision-maker\"]\nstance = \"supporter\"\ninfluence = 4\ncovered_by = \"zhang-min\"\n",
        ),
        (
            "accounts/anji/contacts/li-na.toml",
            "name = \"李娜\"\ntitle = \"总经理\"\nroles = [\"economic-buyer\"]\nstance = \"neutral\"\ninfluence = 5\ncovered_by = \"li-qiang\"\n",
        ),
        (
            "accounts/anji/contacts/chen-gong.toml",
            "name = \"陈工\"\nroles = [\"technical\"]\ninfluence = 2\nleft = 2026-06-30\n",
        ),
        ("accounts/anji/contacts/zhao-liu.toml", "name = \"赵六\"\nroles = [\"user\"]\n"),
        (
            "accounts/anji/opportunities/renewal.toml",
            "name = \"2027 fleet renewal\"\nstage = \"negotiation\"\namount = 12_000_000\nclose = 2027-02-15\nowner = \"zhang-min\"\ncontacts = [\"wang-jun\", \"li-na\"]\n",
        ),
        (
            "accounts/anji/opportunities/parts.toml",
            "name = \"Spare parts 2026\"\nstage = \"won\"\namount = 800_000\nclose = 2026-06-01\n",
        ),
        (
            "accounts/anji/opportunities/telematics.toml",
            "name = \"Telematics pilot\"\nstage = \"lost\"\namount = 300_000\nclose = 2026-08-01\nlost_reason = \"price\"\n",
        ),
        (
            "accounts/anji/opportunities/service.toml",
            "name = \"Service contract\"\nstage = \"proposal\"\namount = 2_000_000\nclose = 2027-06-30\nowner = \"li-qiang\"\n",
        ),
        (
            "accounts/anji/interactions/2026-11-02-qbr.toml",
            "date = 2026-11-02\nkind = \"visit\"\nby = [\"zhang-min\", \"li-qiang\"]\nwith = [\"li-na\"]\nsummary = \"Quarterly review\"\nnext = { what = \"send quote\", due = 2026-11-27 }\n",
        ),
        (
            "accounts/anji/interactions/2026-11-20-call.toml",
            "date = 2026-11-20\nkind = \"call\"\nby = [\"zhang-min\"]\nwith = [\"wang-jun\"]\nsummary = \"Confirmed the order\"\n",
        ),
        (
            "accounts/anji/interactions/2026-11-20-order.toml",
            "date = 2026-11-20\nkind = \"order\"\nby = [\"zhang-min\"]\namount = 1_200_000\n",
        ),
        (
            "accounts/anji/interactions/2026-10-12-terms.toml",
            "date = 2026-10-12T15:00:00+08:00\nkind = \"email\"\nby = [\"li-qiang\"]\nwith = [\"li-na\"]\nsummary = \"Sent the renewal terms\"\nnext = { what = \"follow up\", done = true }\n",
        ),
        ("accounts/bosch/account.toml", "name = \"Bosch\"\nowner = \"li-qiang\"\n"),
    ])
}

/// Each of `expected` is a line of `text`, and they come in this order.
fn assert_lines_in_order(text: &str, expected: &[&str]) {
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    for want in expected {
        match lines[from..].iter().position(|l| l == want) {
            Some(i) => from += i + 1,
            None => panic!("line {want:?} missing or out of order in:\n{text}"),
        }
    }
}

#[test]
fn account_card() {
    let run = book().kam(&["show", "anji", "--format", "table"]);
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.lines().next(), Some("上海安吉物流 (anji)"));
    assert_lines_in_order(
        &run.stdout,
        &[
            "上海安吉物流 (anji)",
            "  tier                    A",
            "  owner                   zhang-min",
            "  last_touch              2026-11-20",
            "  revenue_12m             1200000",
            "Team",
            "  WHO        NAME  ROLE   LEFT",
            "  zhang-min  张敏  owner",
            "  li-qiang   李强  gm",
            "Decision chain",
            "  CONTACT    NAME  TITLE     ROLES                      STANCE     INFLUENCE  COVERED_BY  LAST_TOUCH  LEFT",
            "  li-na      李娜  总经理    economic-buyer             neutral            5  li-qiang    2026-11-02",
            "  wang-jun   王军  采购总监  purchaser, decision-maker  supporter          4  zhang-min   2026-11-20",
            "  chen-gong  陈工            technical                                     2                          2026-06-30",
            "  zhao-liu   赵六            user",
            "Open opportunities",
            "  OPPORTUNITY  NAME                STAGE        PROBABILITY    AMOUNT  CLOSE       OWNER",
            "  renewal      2027 fleet renewal  negotiation          0.6  12000000  2027-02-15  zhang-min",
            "  service      Service contract    proposal            0.35   2000000  2027-06-30  li-qiang",
            "Last interactions",
            "  DATE        KIND   BY                   WITH       AMOUNT  SUMMARY                 NEXT",
            "  2026-11-20  order  zhang-min                      1200000",
            "  2026-11-20  call   zhang-min            wang-jun           Confirmed the order",
            "  2026-11-02  visit  zhang-min, li-qiang  li-na              Quarterly review        send quote (due 2026-11-27)",
            "  2026-10-12  email  li-qiang             li-na              Sent the renewal terms",
            "Warnings",
            "  (none)",
        ],
    );
    // Closed opportunities (won, lost) are not on the card.
    assert!(!run.stdout.contains("Spare parts") && !run.stdout.contains("Telematics"), "{}", run.stdout);
}

/// Regression: contacts without an influence were listed first, above the decision-maker.
#[test]
fn decision_chain_puts_contacts_without_influence_last() {
    let run = book().kam(&["show", "anji", "--format", "json"]);
    let card: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let ids: Vec<&str> = card["decision_chain"]
        .as_array()
        .expect("decision_chain")
        .iter()
        .map(|c| c["contact"].as_str().expect("contact id"))
        .collect();
    assert_eq!(ids, ["li-na", "wang-jun", "chen-gong", "zhao-liu"]);
}

#[test]
fn last_limits_the_interactions() {
    let run = book().kam(&["show", "anji", "--last", "2", "--format", "table"]);
    let section: Vec<&str> =
        run.stdout.lines().skip_while(|l| *l != "Last interactions").take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        section,
        [
            "Last interactions",
            "  DATE        KIND   BY         WITH       AMOUNT  SUMMARY              NEXT",
            "  2026-11-20  order  zhang-min            1200000",
            "  2026-11-20  call   zhang-min  wang-jun           Confirmed the order",
        ]
    );
}

#[test]
fn card_lists_the_account_warnings() {
    let book = book();
    book.write("accounts/anji/opportunities/telematics.toml", "name = \"Telematics pilot\"\nstage = \"lost\"\n");
    let run = book.kam(&["show", "anji", "--format", "table"]);
    assert_lines_in_order(
        &run.stdout,
        &[
            "Warnings",
            "  SEVERITY  CODE  PATH                                         MESSAGE",
            "  warning   W306  accounts/anji/opportunities/telematics.toml  opportunity is lost but has no `lost_reason`",
        ],
    );
}

#[test]
fn unknown_account_suggests_the_right_one() {
    let run = book().kam(&["show", "anij"]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "kam: error: no account `anij` (did you mean `anji`?)\n");
    assert_eq!(run.code, 2);
}
