//! The customer's side: contacts arranged as a decision chain (决策链) — who decides, who
//! buys, who uses the vehicles — each covered by the colleague whose rank matches theirs.

use super::model::{Account, Contact, shift};
use super::names::{GIVEN_NAMES, LATIN_NAMES, PREFERENCES, SURNAMES};
use super::rng::Rng;
use super::roster::Registry;
use chrono::NaiveDate;

/// A contact with the fields every contact has; e-mail and phone come from `reach`.
pub(crate) fn contact(
    id: &str,
    name: &str,
    title: &str,
    roles: &[&'static str],
    stance: &'static str,
    influence: u8,
    covered_by: &str,
) -> Contact {
    Contact {
        id: id.to_string(),
        name: name.to_string(),
        title: title.to_string(),
        roles: roles.to_vec(),
        stance,
        influence,
        covered_by: Some(covered_by.to_string()).filter(|who| !who.is_empty()),
        email: None,
        phone: None,
        birthday: None,
        preferences: Vec::new(),
        left: None,
    }
}

/// Give a contact an e-mail at the account's domain and a book-unique phone. The e-mail's
/// local part is the contact id with dots, unique because ids are unique per account.
pub(crate) fn reach(
    contact: &mut Contact,
    account_id: &str,
    registry: &mut Registry,
    rng: &mut Rng,
    area: Option<&str>,
) {
    contact.email = Some(format!("{}@{account_id}.example", contact.id.replace('-', ".")));
    contact.phone = Some(registry.phone(rng, area));
}

/// Titles per role, by the kind of organisation.
fn title(rng: &mut Rng, segment: &str, role: &str) -> &'static str {
    let government = segment == "government";
    match role {
        "decision-maker" if government => rng.choose(&["局长", "副局长", "处长"]),
        "decision-maker" => rng.choose(&["总经理", "董事长", "副总经理"]),
        "economic-buyer" => rng.choose(&["财务总监", "分管副总"]),
        "purchaser" if government => rng.choose(&["装备科科长", "采购中心主任"]),
        "purchaser" => rng.choose(&["采购经理", "采购总监", "采购主管"]),
        "technical" => rng.choose(&["车队经理", "设备部经理", "车管科科长"]),
        "user" => rng.choose(&["驾驶员班长", "车队调度", "成员代表"]),
        "influencer" => rng.choose(&["运营总监", "行政总监", "安全主管"]),
        "coach" => rng.choose(&["车队副经理", "行政助理"]),
        "finance" => rng.choose(&["财务经理", "会计主管"]),
        "liaison" if government => rng.choose(&["办公室主任", "办公室科员"]),
        "liaison" => rng.choose(&["办公室主任", "行政专员", "总经理助理"]),
        "opinion-leader" => rng.choose(&["车友会会长", "业主委员会主任", "工会主席"]),
        _ => "联系人",
    }
}

/// Which of our roles covers which of theirs (role mapping): their decision-maker ↔ our
/// GM, purchaser ↔ sales manager, finance ↔ finance, technical ↔ presales, users ↔ service.
fn our_counterpart(role: &str) -> &'static [&'static str] {
    match role {
        "decision-maker" | "opinion-leader" => &["gm", "sales-manager"],
        "economic-buyer" | "purchaser" => &["sales-manager", "ka-manager"],
        "finance" => &["finance"],
        "technical" => &["presales"],
        "user" => &["service"],
        _ => &[],
    }
}

/// A decision chain of `count` contacts for a generated account. The first contact always
/// decides (and is never an opponent) so generated accounts meet a `role:decision-maker`
/// requirement; a few others have left the customer.
pub(crate) fn decision_chain(account: &Account, count: usize, registry: &mut Registry, rng: &mut Rng) -> Vec<Contact> {
    let order: &[&[&'static str]] = if account.segment == "group-buy" {
        &[&["opinion-leader", "decision-maker"], &["liaison"], &["user"], &["influencer"], &["user"], &["coach"]]
    } else {
        &[
            &["decision-maker"],
            &["purchaser"],
            &["liaison"],
            &["technical"],
            &["finance"],
            &["user"],
            &["influencer"],
            &["coach"],
            &["economic-buyer"],
            &["user"],
        ]
    };
    let latin = account.name.is_ascii();
    let crew = account.crew();
    let mut contacts: Vec<Contact> = Vec::with_capacity(count);
    for index in 0..count {
        let mut roles: Vec<&'static str> = order[index % order.len()].to_vec();
        if count == 1 && account.segment != "group-buy" {
            roles.push("purchaser");
        }
        let primary = roles[0];
        let (name, base_id) = if latin && rng.chance(0.5) {
            let (name, id) = rng.choose(&LATIN_NAMES);
            (name.to_string(), id.to_string())
        } else {
            let (surname, surname_pinyin) = rng.choose(&SURNAMES);
            let (given, given_pinyin) = rng.choose(&GIVEN_NAMES);
            (format!("{surname}{given}"), format!("{surname_pinyin}-{given_pinyin}"))
        };
        let mut id = base_id.clone();
        let mut suffix = 2;
        while contacts.iter().any(|c| c.id == id) {
            id = format!("{base_id}-{suffix}");
            suffix += 1;
        }
        let stance = if index == 0 {
            ["champion", "supporter", "supporter", "neutral"][rng.below(4) as usize]
        } else if primary == "coach" {
            ["champion", "supporter"][rng.below(2) as usize]
        } else {
            ["champion", "supporter", "supporter", "neutral", "neutral", "neutral", "skeptic", "opponent"]
                [rng.below(8) as usize]
        };
        let influence = match primary {
            "decision-maker" | "opinion-leader" => rng.range(4, 5),
            "economic-buyer" | "purchaser" => rng.range(3, 4),
            "technical" | "finance" | "influencer" => 3,
            "coach" => rng.range(2, 3),
            _ => rng.range(1, 2),
        } as u8;
        let counterpart = our_counterpart(primary)
            .iter()
            .find_map(|role| crew.iter().find(|who| registry.person(who).is_some_and(|p| p.role == *role)))
            .unwrap_or(&account.owner)
            .clone();
        let title = title(rng, account.segment, primary);
        let mut person = contact(&id, &name, title, &roles, stance, influence, &counterpart);
        if rng.chance(0.9) {
            reach(&mut person, &account.id, registry, rng, None);
            if rng.chance(0.12) {
                person.email = None;
            }
        }
        if rng.chance(0.3) {
            person.birthday = Some(birthday(rng));
        }
        if rng.chance(0.25) {
            person.preferences.push(rng.pick(&PREFERENCES).to_string());
        }
        // Never the decision-maker, so the chain keeps one who is still there.
        if index > 0 && count > 2 && rng.chance(0.05) {
            person.left = Some(shift(registry.today, -rng.range(30, 700)));
        }
        contacts.push(person);
    }
    contacts
}

/// A birthday of someone between about 30 and 65 years old.
pub(crate) fn birthday(rng: &mut Rng) -> NaiveDate {
    let year = rng.range(1961, 1994) as i32;
    let month = rng.range(1, 12) as u32;
    let day = rng.range(1, 28) as u32;
    // Days 1..=28 exist in every month, so the date is always valid.
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}
