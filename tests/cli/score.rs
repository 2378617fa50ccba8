//! `kam score`: every health term of SPEC 4.6 on and off with its exact points, the window
//! edges of SPEC 4 (today − N < d ≤ today), the CLV fit on the CDNOW customers written as a
//! kam book in days, and the numbers of the JSON output.
//!
//! Today is 2026-11-23 throughout (but in the CDNOW book). Days before it used below:
//! 1 → 11-22, 14 → 11-09, 15 → 11-08, 20 → 11-03, 30 → 10-24, 31 → 10-23, 45 → 10-09,
//! 60 → 09-24, 89 → 08-26, 90 → 08-25, 179 → 05-28, 180 → 05-27, 200 → 05-07,
//! 364 → 2025-11-24, 365 → 2025-11-23, 454 → 2025-08-26, 455 → 2025-08-25.

use crate::support::{Book, TODAY, run_kam};
use chrono::{Duration, NaiveDate};
use serde_json::Value as Json;

/// Our people: `zhao-lei` left today (so has left), `sun-li` leaves tomorrow (so has not).
const PEOPLE: &str = r#"[kam]
schema = 1

[[people]]
id = "zhang-min"
name = "张敏"

[[people]]
id = "li-qiang"
name = "李强"

[[people]]
id = "zhao-lei"
name = "赵磊"
left = 2026-11-23

[[people]]
id = "sun-li"
name = "孙丽"
left = 2026-11-24
"#;

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("TODAY is a date")
}

fn ago(days: i64) -> NaiveDate {
    today() - Duration::days(days)
}

/// A book being written: `kam.toml` plus accounts and their files.
struct Files(Vec<(String, String)>);

impl Files {
    fn new(kam_toml: &str) -> Files {
        Files(vec![("kam.toml".into(), kam_toml.into())])
    }

    /// `accounts/<id>/account.toml`: a name, `zhang-min` as owner unless `fields` names
    /// one, and `fields`.
    fn account(&mut self, id: &str, fields: &str) -> &mut Files {
        let owner = if fields.contains("owner =") { "" } else { "owner = \"zhang-min\"\n" };
        self.0.push((format!("accounts/{id}/account.toml"), format!("name = \"{id}\"\n{owner}{fields}")));
        self
    }

    /// An interaction `days` before today, by `zhang-min` unless `fields` says `by`.
    fn touch(&mut self, id: &str, days: i64, slug: &str, fields: &str) -> &mut Files {
        let date = ago(days);
        self.touch_on(id, &date.to_string(), &format!("{date}-{slug}"), fields)
    }

    /// An interaction with a literal `date` value (a datetime, say) in file `<name>.toml`.
    fn touch_on(&mut self, id: &str, date: &str, name: &str, fields: &str) -> &mut Files {
        let by = if fields.contains("by =") { "" } else { "by = [\"zhang-min\"]\n" };
        self.0.push((format!("accounts/{id}/interactions/{name}.toml"), format!("date = {date}\n{by}{fields}")));
        self
    }

    fn file(&mut self, path: &str, content: &str) -> &mut Files {
        self.0.push((path.into(), content.into()));
        self
    }

    fn build(&self) -> Book {
        let files: Vec<(&str, &str)> = self.0.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
        Book::new(&files)
    }
}

/// `kam score --format json`, which must succeed silently.
fn scores(book: &Book) -> Vec<Json> {
    let run = book.kam(&["score", "--format", "json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{}", run.stdout);
    serde_json::from_str(&run.stdout).expect("an array of scores")
}

fn account<'a>(scores: &'a [Json], id: &str) -> &'a Json {
    scores.iter().find(|s| s["account"] == id).unwrap_or_else(|| panic!("no scores for {id}"))
}

/// The points and detail of one health term of one account.
fn term(scores: &[Json], id: &str, name: &str) -> (f64, String) {
    let terms = account(scores, id)["health"]["terms"].as_array().expect("terms");
    let t = terms.iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("no term {name} for {id}"));
    (t["points"].as_f64().expect("points"), t["detail"].as_str().expect("detail").to_string())
}

// ---- health terms (SPEC 4.6) ----

#[test]
fn cadence_is_zero_at_the_cadence_and_thirty_from_twice_the_cadence_on() {
    let mut files = Files::new(PEOPLE);
    for (id, days) in [("gap-30", 30), ("gap-31", 31), ("gap-45", 45), ("gap-60", 60), ("gap-200", 200)] {
        files.account(id, "tier = \"B\"\n").touch(id, days, "note", "kind = \"note\"\n");
    }
    // The latest interaction of any kind counts: the order 100 days ago is older.
    files.touch("gap-45", 100, "order", "kind = \"order\"\namount = 10\n");
    files.account("tier-a", "tier = \"A\"\n").touch("tier-a", 20, "call", "kind = \"call\"\n");
    files.account("never", "tier = \"B\"\n");
    let snoozed = |until: &str| format!("tier = \"B\"\n[snooze]\nuntil = {until}\nreason = \"tender freeze\"\n");
    files.account("snoozed", &snoozed("2026-11-23")).touch("snoozed", 200, "call", "kind = \"call\"\n");
    files.account("snooze-over", &snoozed("2026-11-22")).touch("snooze-over", 60, "call", "kind = \"call\"\n");
    files.account("untiered", "").touch("untiered", 200, "call", "kind = \"call\"\n");
    let s = scores(&files.build());

    // 30 × min(1, max(0, g/c − 1)), c = 30 for tier B.
    let detail = |date: &str, g: i64| format!("last interaction {date}, {g} days ago, tier B cadence 30 days");
    assert_eq!(term(&s, "gap-30", "cadence"), (0.0, detail("2026-10-24", 30))); // g = c: 30 × 0
    assert_eq!(term(&s, "gap-31", "cadence"), (1.0, detail("2026-10-23", 31))); // 30 × (31/30 − 1) = 1
    assert_eq!(term(&s, "gap-45", "cadence"), (15.0, detail("2026-10-09", 45))); // 30 × 0.5
    assert_eq!(term(&s, "gap-60", "cadence"), (30.0, detail("2026-09-24", 60))); // g = 2c: 30 × 1
    assert_eq!(term(&s, "gap-200", "cadence"), (30.0, detail("2026-05-07", 200))); // min(1, 5.67) = 1
    // Tier A, c = 14, g = 20: 30 × (20/14 − 1) = 30 × 3/7 = 12.857… → 12.9 (one decimal).
    assert_eq!(
        term(&s, "tier-a", "cadence"),
        (12.9, "last interaction 2026-11-03, 20 days ago, tier A cadence 14 days".into())
    );
    assert_eq!(term(&s, "never", "cadence"), (30.0, "no interaction recorded, cadence 30 days".into()));
    // snooze.until ≥ today: until = today is still snoozed; until = yesterday is over.
    assert_eq!(term(&s, "snoozed", "cadence"), (0.0, "snoozed until 2026-11-23".into()));
    assert_eq!(term(&s, "snooze-over", "cadence"), (30.0, detail("2026-09-24", 60)));
    assert_eq!(term(&s, "untiered", "cadence"), (0.0, "no tier cadence".into()));
}

/// Order days at `days` before today, one order each.
fn orders(files: &mut Files, id: &str, days: impl IntoIterator<Item = i64>) {
    for d in days {
        files.touch(id, d, "order", "kind = \"order\"\namount = 100\n");
    }
}

#[test]
fn order_trend_counts_order_days_in_its_two_windows_and_fires_strictly_below_half_the_rate() {
    let mut files = Files::new(PEOPLE);
    // Window edges: recent is today − 90 < d ≤ today, prior today − 455 < d ≤ today − 90.
    files.account("edges-fire", "");
    orders(&mut files, "edges-fire", [90, 455]); // prior 1 (day 90), day 455 in neither
    files.account("edges-quiet", "");
    orders(&mut files, "edges-quiet", [0, 89, 454]); // recent 2 (days 0, 89), prior 1 (day 454)
    files.account("too-old", "");
    orders(&mut files, "too-old", [455, 600]); // prior 0: never fires
    // Threshold 0.5 × prior × 90/365: prior 8 → 0.986, prior 9 → 1.110, prior 73 → 9 exactly.
    // Prior order days every 4 days from day 91; recent ones every 9 days from day 0.
    let prior = |n: i64| (0..n).map(|k| 91 + 4 * k);
    let recent = |n: i64| (0..n).map(|k| 9 * k);
    for (id, p, r) in [("p8-r1", 8, 1), ("p9-r1", 9, 1), ("p73-r9", 73, 9), ("p73-r8", 73, 8)] {
        files.account(id, "");
        orders(&mut files, id, prior(p).chain(recent(r)));
    }
    // Two orders on one day are one order day: p9-r1's recent day 0 gets a second order.
    files.touch_on("p9-r1", &ago(0).to_string(), "2026-11-23-order-2", "kind = \"order\"\namount = 100\n");
    let s = scores(&files.build());

    let detail = |r: i64, p: i64| format!("{r} order days in the last 90 days, {p} in the 365 days before");
    assert_eq!(term(&s, "edges-fire", "order-trend"), (20.0, detail(0, 1))); // 0 < 0.5 × 1 × 90/365
    assert_eq!(term(&s, "edges-quiet", "order-trend"), (0.0, detail(2, 1)));
    assert_eq!(term(&s, "too-old", "order-trend"), (0.0, detail(0, 0)));
    assert_eq!(term(&s, "p8-r1", "order-trend"), (0.0, detail(1, 8))); // 1 < 0.986? no
    assert_eq!(term(&s, "p9-r1", "order-trend"), (20.0, detail(1, 9))); // 1 < 1.110
    assert_eq!(term(&s, "p73-r9", "order-trend"), (0.0, detail(9, 73))); // 9 < 9? no: strictly below
    assert_eq!(term(&s, "p73-r8", "order-trend"), (20.0, detail(8, 73))); // 8 < 9
}

#[test]
fn complaints_count_ten_each_plus_five_after_fourteen_days_capped_at_twenty_five() {
    let complaint = |status: &str| format!("kind = \"complaint\"\nseverity = \"high\"\n{status}");
    let mut files = Files::new(PEOPLE);
    // A complaint without a status is open.
    files.account("day-14", "").touch("day-14", 14, "complaint", &complaint(""));
    files.account("day-15", "").touch("day-15", 15, "complaint", &complaint("status = \"decided\"\n"));
    files.account("at-cap", "");
    files.touch("at-cap", 20, "late", &complaint("status = \"communicated\"\n"));
    files.touch("at-cap", 3, "new", &complaint("status = \"following-up\"\n"));
    files.account("over-cap", "");
    for (days, slug) in [(15, "a"), (20, "b"), (1, "c")] {
        files.touch("over-cap", days, slug, &complaint("status = \"open\"\n"));
    }
    files.account("confirmed", "").touch(
        "confirmed",
        40,
        "complaint",
        &complaint("status = \"confirmed\"\nresolved_on = 2026-10-20\n"),
    );
    let s = scores(&files.build());

    let detail = |open: i64, stale: i64| format!("{open} open complaints, {stale} older than 14 days");
    // 14 days is not more than 14 days before today: 10. 15 days is: 10 + 5.
    assert_eq!(term(&s, "day-14", "complaints"), (10.0, detail(1, 0)));
    assert_eq!(term(&s, "day-15", "complaints"), (15.0, detail(1, 1)));
    assert_eq!(term(&s, "at-cap", "complaints"), (25.0, detail(2, 1))); // 10 + 5 + 10 = 25
    assert_eq!(term(&s, "over-cap", "complaints"), (25.0, detail(3, 2))); // 3 × 10 + 2 × 5 = 40 → 25
    assert_eq!(term(&s, "confirmed", "complaints"), (0.0, detail(0, 0)));
}

#[test]
fn sentiment_counts_negatives_among_the_last_three_interactions_that_have_one() {
    let said = |sentiment: &str| format!("kind = \"call\"\nsentiment = \"{sentiment}\"\n");
    let mut files = Files::new(PEOPLE);
    // Oldest first: negative (day 60, fourth from last: not counted), negative, one without a
    // sentiment (skipped), positive, negative → the last three are −, +, − → 2 × 5.
    files.account("two-of-three", "");
    for (days, slug, fields) in [
        (60, "a", said("negative")),
        (45, "b", said("negative")),
        (30, "c", "kind = \"note\"\n".into()),
        (20, "d", said("positive")),
        (1, "e", said("negative")),
    ] {
        files.touch("two-of-three", days, slug, &fields);
    }
    // Same date, ordered by file name: `…-a` (negative) is older than `…-b` (positive), so
    // the last three are day 1, day 14, day 20-b: no negative.
    files.account("same-day", "");
    files.touch("same-day", 20, "a", &said("negative"));
    files.touch("same-day", 20, "b", &said("positive"));
    files.touch("same-day", 14, "c", &said("neutral"));
    files.touch("same-day", 1, "d", &said("positive"));
    files.account("all-three", "");
    for (days, slug) in [(3, "a"), (2, "b"), (1, "c")] {
        files.touch("all-three", days, slug, &said("negative"));
    }
    files.account("none", "").touch("none", 1, "call", "kind = \"call\"\n");
    let s = scores(&files.build());

    let detail = |neg: i64, of: i64| format!("{neg} negative of the last {of} interactions with a sentiment");
    assert_eq!(term(&s, "two-of-three", "sentiment"), (10.0, detail(2, 3)));
    assert_eq!(term(&s, "same-day", "sentiment"), (0.0, detail(0, 3)));
    assert_eq!(term(&s, "all-three", "sentiment"), (15.0, detail(3, 3)));
    assert_eq!(term(&s, "none", "sentiment"), (0.0, detail(0, 0)));
}

#[test]
fn survey_costs_ten_when_the_latest_score_is_six_or_less() {
    let survey = |score: i64| format!("kind = \"survey\"\nscore = {score}\n");
    let mut files = Files::new(PEOPLE);
    files.account("six", "").touch("six", 60, "survey", &survey(9)).touch("six", 20, "survey", &survey(6));
    files.account("seven", "").touch("seven", 60, "survey", &survey(2)).touch("seven", 20, "survey", &survey(7));
    files.account("none", "");
    let s = scores(&files.build());

    assert_eq!(term(&s, "six", "survey"), (10.0, "latest survey 2026-11-03: score 6".into()));
    assert_eq!(term(&s, "seven", "survey"), (0.0, "latest survey 2026-11-03: score 7".into()));
    assert_eq!(term(&s, "none", "survey"), (0.0, "no survey".into()));
}

#[test]
fn decision_maker_must_be_present_not_gone_and_not_an_opponent() {
    let contact = |id: &str, fields: &str| {
        (format!("accounts/{id}/contacts/wang-jun.toml"), format!("name = \"王军\"\nroles = {fields}"))
    };
    let mut files = Files::new(PEOPLE);
    for (id, fields) in [
        ("known", "[\"purchaser\", \"decision-maker\"]\nstance = \"supporter\"\n"),
        ("opponent", "[\"decision-maker\"]\nstance = \"opponent\"\n"),
        ("left-today", "[\"decision-maker\"]\nleft = 2026-11-23\n"),
        ("leaves-tomorrow", "[\"decision-maker\"]\nleft = 2026-11-24\n"),
        ("purchaser-only", "[\"purchaser\"]\n"),
    ] {
        let (path, content) = contact(id, fields);
        files.account(id, "").file(&path, &content);
    }
    let s = scores(&files.build());

    let missing = (10.0, "no decision-maker contact".to_string());
    let known = (0.0, "decision-maker contact known".to_string());
    assert_eq!(term(&s, "known", "decision-maker"), known);
    assert_eq!(term(&s, "opponent", "decision-maker"), missing);
    assert_eq!(term(&s, "left-today", "decision-maker"), missing); // left ≤ today: has left
    assert_eq!(term(&s, "leaves-tomorrow", "decision-maker"), known);
    assert_eq!(term(&s, "purchaser-only", "decision-maker"), missing);
    assert_eq!(account(&s, "opponent")["coverage"]["decision_maker"], false);
}

#[test]
fn single_threaded_needs_two_people_active_in_180_days_and_a_full_team() {
    let gm = "tier = \"B\"\nteam = [{ who = \"li-qiang\", role = \"gm\" }]\n";
    let by_li = "kind = \"visit\"\nby = [\"li-qiang\"]\n";
    let mut files = Files::new(PEOPLE);
    // Tier B: min_team 2. Active people: distinct `by` in today − 180 < d ≤ today.
    files.account("day-179", gm).touch("day-179", 179, "visit", by_li).touch("day-179", 5, "call", "kind = \"call\"\n");
    files.account("day-180", gm).touch("day-180", 180, "visit", by_li).touch("day-180", 5, "call", "kind = \"call\"\n");
    // Both active, but the team is the owner alone (li-qiang is not on it): 1 < 2.
    files.account("small-team", "tier = \"B\"\n");
    files.touch("small-team", 10, "visit", by_li).touch("small-team", 5, "call", "kind = \"call\"\n");
    // A team member who has left does not count: zhang-min + zhao-lei (left today) = 1.
    files.account("member-left", "tier = \"B\"\nteam = [{ who = \"zhao-lei\", role = \"rep\" }]\n");
    files.touch("member-left", 10, "visit", "kind = \"visit\"\nby = [\"zhang-min\", \"li-qiang\"]\n");
    let s = scores(&files.build());

    let detail = |active: i64, team: i64| format!("{active} people active in 180 days, team of {team}");
    assert_eq!(term(&s, "day-179", "single-threaded"), (0.0, detail(2, 2)));
    assert_eq!(term(&s, "day-180", "single-threaded"), (10.0, detail(1, 2)));
    assert_eq!(term(&s, "small-team", "single-threaded"), (10.0, detail(2, 1)));
    assert_eq!(term(&s, "member-left", "single-threaded"), (10.0, detail(2, 1)));
    let coverage = &account(&s, "day-180")["coverage"];
    assert_eq!((&coverage["active_people_180d"], &coverage["single_threaded"]), (&Json::from(1), &Json::from(true)));
}

#[test]
fn owner_left_costs_twenty_from_the_day_the_owner_left() {
    let mut files = Files::new(PEOPLE);
    files.account("left-today", "owner = \"zhao-lei\"\n");
    files.account("leaves-tomorrow", "owner = \"sun-li\"\n");
    let s = scores(&files.build());

    assert_eq!(term(&s, "left-today", "owner-left"), (20.0, "owner zhao-lei has left".into()));
    assert_eq!(term(&s, "leaves-tomorrow", "owner-left"), (0.0, "owner is on the team".into()));
    assert_eq!(account(&s, "left-today")["coverage"]["owner_left"], true);
}

/// The number after `name ` in a line of `kam score -v`.
fn parameter(stderr: &str, name: &str) -> f64 {
    let prefix = format!("{name} ");
    stderr
        .lines()
        .filter(|l| l.contains("BG/NBD (days): ") || l.contains("Gamma-Gamma: "))
        .flat_map(|l| l.split([':', ',', ';']))
        .find_map(|part| part.trim().strip_prefix(&prefix))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no parameter {name} in:\n{stderr}"))
}

#[test]
fn p_alive_costs_twenty_times_the_chance_the_account_stopped_buying() {
    // Four accounts order every 30 days (12 order days, the last 3, 10, 17 and 24 days ago);
    // `stopped` ordered monthly too but stopped 400 days ago; `newcomer` ordered once.
    // `min_repeat_buyers = 2` lets this small book be fitted.
    let kam_toml = PEOPLE.replace("schema = 1\n", "schema = 1\n\n[clv]\nmin_repeat_buyers = 2\n");
    let mut files = Files::new(&kam_toml);
    for (id, last) in [("steady-03", 3), ("steady-10", 10), ("steady-17", 17), ("steady-24", 24), ("stopped", 400)] {
        files.account(id, "");
        orders(&mut files, id, (0..12).map(|k| last + 30 * k));
    }
    files.account("newcomer", "");
    orders(&mut files, "newcomer", [50]);
    files.account("simple", "");
    let book = files.build();
    let run = book.kam(&["-v", "score", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s: Vec<Json> = serde_json::from_str(&run.stdout).expect("scores");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "kam: CLV method bgnbd-gg, fitted on 5 repeat buyers (accounts with two or more order days) of 6 that ordered"
        )
    );

    // P(alive | x, t_x, T) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) with the fitted
    // parameters that -v printed (six significant digits), x = 11, t_x = 330 days.
    let [r, alpha, a, b] = ["r", "alpha", "a", "b"].map(|name| parameter(&run.stderr, name));
    let p_alive = |last: f64| {
        let (x, t_x, t) = (11.0, 330.0, 330.0 + last);
        1.0 / (1.0 + a / (b + x - 1.0) * ((alpha + t) / (alpha + t_x)).powf(r + x))
    };
    for (id, last) in
        [("steady-03", 3.0), ("steady-10", 10.0), ("steady-17", 17.0), ("steady-24", 24.0), ("stopped", 400.0)]
    {
        let reported = account(&s, id)["clv"]["p_alive"].as_f64().expect("p_alive");
        assert!((reported - p_alive(last)).abs() < 1e-4, "{id}: p_alive {reported}, by hand {}", p_alive(last));
        let expected = ((20.0 * (1.0 - reported)) * 10.0).round() / 10.0;
        assert_eq!(term(&s, id, "p-alive"), (expected, format!("p_alive {reported:.2}")), "{id}");
    }
    // The longer the silence, the lower p_alive; 400 days without an order is all but gone.
    let p = |id: &str| account(&s, id)["clv"]["p_alive"].as_f64().expect("p_alive");
    assert!(p("steady-03") > p("steady-24") && p("steady-24") > 0.5, "{} {}", p("steady-03"), p("steady-24"));
    assert_eq!(term(&s, "stopped", "p-alive"), (20.0, "p_alive 0.00".into()));
    // x = 0: p_alive is 1 by definition; no order at all: unknown. Neither costs a point.
    assert_eq!(term(&s, "newcomer", "p-alive"), (0.0, "p_alive 1.00".into()));
    assert_eq!(term(&s, "simple", "p-alive"), (0.0, "p_alive unknown".into()));
    assert_eq!(account(&s, "simple")["clv"]["p_alive"], Json::Null);

    // Without enough repeat buyers (the default minimum is 20): method simple, no p_alive.
    book.write("kam.toml", PEOPLE);
    let run = book.kam(&["-v", "score", "stopped", "--format", "json"]);
    assert_eq!(
        run.stderr,
        "kam: CLV method simple: 5 repeat buyers (accounts with two or more order days) of 6 that ordered; \
         fitting needs clv.min_repeat_buyers = 20\n"
    );
    let s: Vec<Json> = serde_json::from_str(&run.stdout).expect("scores");
    assert_eq!(term(&s, "stopped", "p-alive"), (0.0, "p_alive unknown".into()));
}

#[test]
fn explain_lists_every_term_with_its_points_and_facts() {
    // Tier A (cadence 14, min_team 2), owner zhao-lei who left today, last touched 20 days
    // ago by zhang-min alone, an open complaint 20 days old, the latest survey 5, one
    // negative call, an order day in the prior window and none since, no decision-maker.
    let mut files = Files::new(PEOPLE);
    files.account("hutong", "tier = \"A\"\nowner = \"zhao-lei\"\n");
    files.touch("hutong", 200, "order", "kind = \"order\"\namount = 500000\n");
    files.touch("hutong", 30, "survey", "kind = \"survey\"\nscore = 5\n");
    files.touch("hutong", 20, "complaint", "kind = \"complaint\"\nsentiment = \"negative\"\n");
    let run = files.build().kam(&["score", "--explain", "--format", "tsv"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // cadence 30 × (20/14 − 1) = 12.857 → 12.9; order-trend 20 (0 < 0.5 × 1 × 90/365);
    // complaints 10 + 5; sentiment 5; survey 10; decision-maker 10; single-threaded 10
    // (1 active, team 0 < 2: the owner has left); owner-left 20; p-alive 0 (simple).
    // Total 102.9 → health max(0, 100 − 102.9) = 0.
    // Priority: value 0.4 × 1 (the only account; simple CLV 500 000 × 0.8/(1 + 0.1 − 0.8)
    // = 1 333 333) = 40; potential 0 (no wallet); health 0;
    // relationship 0.15 × 0/4 = 0 → 40.
    assert_eq!(
        run.stdout,
        "hutong (hutong): health 0 (red), priority score 40\n\
         term\tpoints\tdetail\n\
         cadence\t-12.9\tlast interaction 2026-11-03, 20 days ago, tier A cadence 14 days\n\
         order-trend\t-20\t0 order days in the last 90 days, 1 in the 365 days before\n\
         complaints\t-15\t1 open complaints, 1 older than 14 days\n\
         sentiment\t-5\t1 negative of the last 1 interactions with a sentiment\n\
         survey\t-10\tlatest survey 2026-10-24: score 5\n\
         decision-maker\t-10\tno decision-maker contact\n\
         single-threaded\t-10\t1 people active in 180 days, team of 0\n\
         owner-left\t-20\towner zhao-lei has left\n\
         p-alive\t0\tp_alive unknown\n\
         priority:value\t40\tCLV 1333333 ranks above 0 of 0 other accounts\n\
         priority:potential\t0\twallet unknown\n\
         priority:health\t0\thealth 0\n\
         priority:relationship\t0\tdecision-maker no, multi-threaded no, champion no, cadence met no\n"
    );
}

// ---- window edges (SPEC 4: the last N days are today − N < d ≤ today) ----

#[test]
fn the_window_excludes_its_first_day_and_includes_today() {
    let mut files = Files::new(PEOPLE);
    files.account("anji", "");
    // window_days 365: 2025-11-23 (365 days ago) is outside, 2025-11-24 and today inside.
    for (days, amount, margin) in [(365, 1, 10), (364, 20, 200), (0, 300, 3000)] {
        files.touch("anji", days, "order", &format!("kind = \"order\"\namount = {amount}\nmargin = {margin}\n"));
        files.touch("anji", days, "payment", &format!("kind = \"payment\"\namount = {}\n", amount * 2));
    }
    // An offset datetime counts by its own calendar date: 2025-11-24T00:30+08:00 is
    // 2025-11-23 in UTC but 2025-11-24 here, so inside; 2025-11-23T23:30−10:00 is
    // 2025-11-24 in UTC but 2025-11-23 here, so outside.
    files.account("offsets", "");
    files.touch_on("offsets", "2025-11-24T00:30:00+08:00", "2025-11-24-order", "kind = \"order\"\namount = 4000\n");
    files.touch_on("offsets", "2025-11-23T23:30:00-10:00", "2025-11-23-order", "kind = \"order\"\namount = 50000\n");
    let s = scores(&files.build());

    let anji = account(&s, "anji");
    // Orders 20 + 300, margins 200 + 3000, payments 40 + 600, 2 order days in the window.
    assert_eq!(
        [&anji["revenue_12m"], &anji["margin_12m"], &anji["collected_12m"], &anji["orders_12m"]],
        [&Json::from(320), &Json::from(3200), &Json::from(640), &Json::from(2)]
    );
    // Recency counts from the last order day; frequency is orders_12m; credit takes every
    // order and payment: 321 ordered − 642 paid → outstanding 0.
    assert_eq!(anji["rfm"]["recency_days"], 0);
    assert_eq!(anji["rfm"]["frequency"], 2);
    assert_eq!(anji["credit"]["outstanding"], 0);
    let offsets = account(&s, "offsets");
    assert_eq!([&offsets["revenue_12m"], &offsets["orders_12m"]], [&Json::from(4000), &Json::from(1)]);
    assert_eq!(offsets["last_touch"], "2025-11-24");
    assert_eq!(offsets["rfm"]["recency_days"], 364);
}

#[test]
fn window_days_comes_from_kam_toml() {
    let kam_toml = PEOPLE.replace("schema = 1\n", "schema = 1\nwindow_days = 30\n");
    let mut files = Files::new(&kam_toml);
    files.account("anji", "");
    // 30 days ago is outside a 30-day window, 29 days ago inside: 2000 only.
    files.touch("anji", 30, "order", "kind = \"order\"\namount = 1000\n");
    files.touch("anji", 29, "order", "kind = \"order\"\namount = 2000\n");
    let s = scores(&files.build());
    assert_eq!(
        [&account(&s, "anji")["revenue_12m"], &account(&s, "anji")["orders_12m"]],
        [&Json::from(2000), &Json::from(1)]
    );
}

// ---- the JSON numbers ----

#[test]
fn whole_numbers_in_score_json_are_integers() {
    // Retention 0.5 and no discount make the simple CLV value exactly margin × 0.5/0.5.
    let kam_toml = PEOPLE.replace("schema = 1\n", "schema = 1\n\n[clv]\nretention = 0.5\ndiscount_rate = 0\n");
    let mut files = Files::new(&kam_toml);
    files.account("anji", "tier = \"C\"\n[credit]\nlimit = 1_000_000\nterms_days = 30\n");
    files.touch("anji", 40, "order", "kind = \"order\"\namount = 1_200_000\nmargin = 90_000.5\n");
    files.touch("anji", 10, "payment", "kind = \"payment\"\namount = 150_000\n");
    let run = files.build().kam(&["score", "--format", "json"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    // Outstanding 1 200 000 − 150 000 = 1 050 000 > limit; the order was due 10 days ago,
    // and the payment covers 150 000 of it: overdue 1 050 000. Health: decision-maker 10,
    // single-threaded 10 (1 active) → 80. Priority: value 40, potential 0, health 0.25 × 0.8
    // = 20, relationship 0.15 × 1/4 (cadence met) = 3.75 → 63.75 → 64.
    let expected = r#"[
  {
    "account": "anji",
    "name": "anji",
    "tier": "C",
    "status": null,
    "owner": "zhang-min",
    "revenue_12m": 1200000,
    "margin_12m": 90000.5,
    "collected_12m": 150000,
    "orders_12m": 1,
    "last_touch": "2026-11-13",
    "abc": "A",
    "rfm": {
      "recency_days": 40,
      "frequency": 1,
      "monetary": 1200000,
      "r": 1,
      "f": 1,
      "m": 1,
      "segment": "hibernating"
    },
    "value_matrix": "high",
    "clv": {
      "method": "simple",
      "p_alive": null,
      "expected_orders": 1,
      "expected_value": 90000.5,
      "value": 90000.5
    },
    "health": {
      "score": 80,
      "status": "green",
      "terms": [
        {
          "name": "cadence",
          "points": 0,
          "detail": "last interaction 2026-11-13, 10 days ago, tier C cadence 90 days"
        },
        {
          "name": "order-trend",
          "points": 0,
          "detail": "1 order days in the last 90 days, 0 in the 365 days before"
        },
        {
          "name": "complaints",
          "points": 0,
          "detail": "0 open complaints, 0 older than 14 days"
        },
        {
          "name": "sentiment",
          "points": 0,
          "detail": "0 negative of the last 0 interactions with a sentiment"
        },
        {
          "name": "survey",
          "points": 0,
          "detail": "no survey"
        },
        {
          "name": "decision-maker",
          "points": 10,
          "detail": "no decision-maker contact"
        },
        {
          "name": "single-threaded",
          "points": 10,
          "detail": "1 people active in 180 days, team of 1"
        },
        {
          "name": "owner-left",
          "points": 0,
          "detail": "owner is on the team"
        },
        {
          "name": "p-alive",
          "points": 0,
          "detail": "p_alive unknown"
        }
      ]
    },
    "coverage": {
      "team_size": 1,
      "active_people_180d": 1,
      "decision_maker": false,
      "single_threaded": true,
      "owner_left": false
    },
    "credit": {
      "outstanding": 1050000,
      "limit": 1000000,
      "over_limit": true,
      "overdue": 1050000
    },
    "score": 64,
    "priority": [
      {
        "name": "value",
        "input": 1,
        "weight": 0.4,
        "points": 40,
        "detail": "CLV 90000 ranks above 0 of 0 other accounts"
      },
      {
        "name": "potential",
        "input": 0,
        "weight": 0.2,
        "points": 0,
        "detail": "wallet unknown"
      },
      {
        "name": "health",
        "input": 0.8,
        "weight": 0.25,
        "points": 20,
        "detail": "health 80"
      },
      {
        "name": "relationship",
        "input": 0.25,
        "weight": 0.15,
        "points": 3.8,
        "detail": "decision-maker no, multi-threaded no, champion no, cadence met yes"
      }
    ]
  }
]
"#;
    assert_eq!(run.stdout, expected);
    // NDJSON writes the same numbers.
    let run = files.build().kam(&["score", "--format", "ndjson"]);
    assert!(
        run.stdout.contains(r#""revenue_12m":1200000,"margin_12m":90000.5,"collected_12m":150000,"#),
        "{}",
        run.stdout
    );
}

// ---- CDNOW as a kam book, in days (SPEC 4.4 acceptance) ----

const CDNOW_CSV: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow/cdnow_customers_summary_with_transactions.csv");

/// The end of the CDNOW calibration period: every customer's T ends here.
const CDNOW_END: &str = "1997-09-30";

/// One CDNOW customer in days: (id, x, t_x, T, zbar).
struct Customer {
    id: usize,
    x: i64,
    t_x: i64,
    t: i64,
    zbar: f64,
}

/// The CDNOW summary with t_x and T turned from weeks into whole days. The weekly figures
/// are day counts divided by 7 and rounded to two decimals, so 7 × t_x and 7 × T are within
/// 0.035 of whole days and rounding recovers them.
fn cdnow_customers() -> Vec<Customer> {
    let csv = std::fs::read_to_string(CDNOW_CSV).expect("tests/data/cdnow");
    let mut lines = csv.lines();
    assert_eq!(lines.next().map(str::trim), Some("ID,x,t_x,T,zbar"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<f64> = line.split(',').map(|v| v.trim().parse().expect("a number")).collect();
            let days = |weeks: f64| (weeks * 7.0).round() as i64;
            Customer { id: f[0] as usize, x: f[1] as i64, t_x: days(f[2]), t: days(f[3]), zbar: f[4] }
        })
        .collect()
}

/// The order days of one customer: the first T days before the end, the last t_x days after
/// it, the x − 1 others spread evenly in between (floor(k·t_x/x) for k = 1 … x − 1, all
/// distinct and strictly between because t_x ≥ x). Every repeat order day is worth zbar, so
/// their mean is zbar; the first is worth zbar too (Gamma-Gamma ignores it), or 10 when x = 0.
///
/// A customer whose x repeat days do not fit in t_x days (t_x < x) cannot be a kam book:
/// order days are distinct calendar dates. Rounding to days could only produce that for
/// x > t_x ≥ 0 after rounding, and CDNOW has no such customer (asserted), so none is
/// moved or dropped; were there any, stretching t_x to x days would be the least change.
fn order_days(c: &Customer) -> Vec<(i64, f64)> {
    let first_amount = if c.x == 0 { 10.0 } else { c.zbar };
    let mut days = vec![(0, first_amount)];
    days.extend((1..c.x).map(|k| (k * c.t_x / c.x, c.zbar)));
    if c.x > 0 {
        days.push((c.t_x, c.zbar));
    }
    days
}

fn cdnow_book() -> (Book, Vec<Customer>) {
    let customers = cdnow_customers();
    assert_eq!(customers.len(), 2357);
    let impossible = customers.iter().filter(|c| c.x > 0 && c.t_x < c.x).count();
    assert_eq!(impossible, 0, "customers with more repeat days than days between first and last");
    let end = NaiveDate::parse_from_str(CDNOW_END, "%Y-%m-%d").expect("a date");
    let book = Book::new(&[(
        "kam.toml",
        "[kam]\nschema = 1\ncurrency = \"USD\"\ntoday = 1997-09-30\n\n[[people]]\nid = \"cdnow\"\nname = \"CDNOW\"\n",
    )]);
    for c in &customers {
        let dir = format!("accounts/c{:04}", c.id);
        book.write(&format!("{dir}/account.toml"), format!("name = \"Customer {}\"\nowner = \"cdnow\"\n", c.id));
        let first = end - Duration::days(c.t);
        for (day, amount) in order_days(c) {
            let date = first + Duration::days(day);
            book.write(
                &format!("{dir}/interactions/{date}-order.toml"),
                format!("date = {date}\nkind = \"order\"\nby = [\"cdnow\"]\namount = {amount}\n"),
            );
        }
    }
    (book, customers)
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    let error = (actual - expected).abs() / expected.abs();
    assert!(error <= 0.01, "{what}: {actual}, published {expected} (relative error {error:.4} > 1 %)");
}

/// The published CDNOW parameters (FHL 2005; α in weeks) come out of a kam book of the
/// same customers measured in days, with α × 7: through the library, and on stderr with -v.
#[test]
fn cdnow_as_a_kam_book_in_days_reproduces_the_published_parameters() {
    let started = std::time::Instant::now();
    let (book, customers) = cdnow_book();
    let repeat_buyers = customers.iter().filter(|c| c.x > 0).count();
    assert_eq!(repeat_buyers, 946);
    let root = book.root();
    let loaded = kam::load::load(&kam::source::worktree::Worktree::new(&root)).expect("load");
    assert_eq!(loaded.diags.len(), 0, "{:?}", loaded.diags.first());
    let end = NaiveDate::parse_from_str(CDNOW_END, "%Y-%m-%d").expect("a date");
    let scores = kam::score::score_book(&loaded.book, end, kam::score::Options::default());
    let model = &scores.model;
    assert_eq!((model.customers, model.repeat_buyers), (2357, 946));
    let bg = model.bgnbd.expect("BG/NBD fitted");
    let gg = model.gamma_gamma.expect("Gamma-Gamma fitted");
    assert_close(bg.r, 0.243, "r");
    assert_close(bg.alpha, 4.414 * 7.0, "α in days");
    assert_close(bg.a, 0.793, "a");
    assert_close(bg.b, 2.426, "b");
    assert_close(gg.p, 6.25, "p");
    assert_close(gg.q, 3.74, "q");
    assert_close(gg.gamma, 15.44, "γ");

    // The binary: -v prints the same model; customer 1 of the paper (x = 2, t_x = 30.43
    // weeks = 213 days, T = 38.86 weeks = 272 days) expects 1.226 purchases in the next 39
    // weeks (273 days) and is alive with probability 0.7266 at the published parameters.
    let home = tempfile::tempdir().expect("home");
    let args = ["--color", "never", "-v", "score", "c0001", "--horizon", "273", "--format", "json"];
    let run = run_kam(&root, home.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "kam: CLV method bgnbd-gg, fitted on 946 repeat buyers (accounts with two or more order days) of 2357 \
             that ordered\nkam: BG/NBD (days): r 0.24"
        ),
        "{}",
        run.stderr
    );
    for (name, value) in [("r", bg.r), ("alpha", bg.alpha), ("a", bg.a), ("b", bg.b)] {
        assert_close(parameter(&run.stderr, name), value, name);
    }
    for (name, value) in [("p", gg.p), ("q", gg.q), ("gamma", gg.gamma)] {
        assert_close(parameter(&run.stderr, name), value, name);
    }
    let s: Vec<Json> = serde_json::from_str(&run.stdout).expect("scores");
    let clv = &account(&s, "c0001")["clv"];
    assert_eq!(clv["method"], "bgnbd-gg");
    assert_close(clv["expected_orders"].as_f64().expect("expected_orders"), 1.226, "E[Y(39 weeks)] of customer 1");
    assert_close(clv["p_alive"].as_f64().expect("p_alive"), 0.7266, "P(alive) of customer 1");
    // Gamma-Gamma: p(γ + x·z̄)/(px + q − 1) = 6.25 × (15.44 + 2 × 22.35)/(12.5 + 2.74) = 24.66.
    assert_close(clv["expected_value"].as_f64().expect("expected_value"), 24.66, "E[M] of customer 1");
    eprintln!("CDNOW book of {} accounts written, loaded, fitted twice in {:?}", customers.len(), started.elapsed());
}
