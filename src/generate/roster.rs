//! Our side of the book: the people in `kam.toml`, and the `Registry` that hands out
//! everything that must be unique or balanced across the whole book (account ids and
//! names, phone numbers, each owner's load).

use super::model::{Person, tier_policy};
use super::names::{GIVEN_NAMES, MOBILE_PREFIXES, SURNAMES};
use super::rng::Rng;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// The mail domain of our own company in generated books.
pub(crate) const OUR_DOMAIN: &str = "pujiang-motors.example";

/// Roles that can own accounts, in the order the owner choice prefers them per tier.
const OWNER_ROLES: [&str; 3] = ["rep", "ka-manager", "sales-manager"];

/// Account points per tier, as `kam.toml` `capacity` counts them.
pub(crate) fn points(tier: &str) -> u32 {
    match tier {
        "A" => 3,
        "B" => 2,
        _ => 1,
    }
}

/// The fleet department of Pujiang Motors, the dealership of the example book. `left` of
/// Zhao Lei is relative to `today` so the story of his orphaned account stays true if the
/// book is generated for another day.
pub(crate) fn dealer_people(today: NaiveDate) -> Vec<Person> {
    let person = |id: &str, name: &str, role: &'static str, capacity: u32| Person {
        id: id.to_string(),
        name: name.to_string(),
        email: format!("{}@{OUR_DOMAIN}", id.replace('-', ".")),
        emails: Vec::new(),
        role,
        capacity,
        left: None,
    };
    let mut zhang_min = person("zhang-min", "张敏", "ka-manager", 16);
    zhang_min.emails.push("min.zhang@users.noreply.example".to_string());
    let mut zhao_lei = person("zhao-lei", "赵磊", "rep", 10);
    zhao_lei.left = Some(super::model::shift(today, -84));
    vec![
        person("li-qiang", "李强", "gm", 6),
        person("chen-jing", "陈静", "sales-manager", 12),
        zhang_min,
        person("wang-fang", "王芳", "rep", 14),
        person("liu-yang", "刘洋", "rep", 14),
        zhao_lei,
        person("sophie-wu", "Sophie Wu", "rep", 10),
        person("sun-li", "孙丽", "presales", 6),
        person("zhou-hao", "周浩", "service", 8),
        person("huang-wei", "黄伟", "finance", 4),
    ]
}

/// A roster of `count` people for benchmark books: one GM, then managers, reps and
/// specialists in realistic proportions, a few of whom have left. Capacities are sized so
/// that `accounts` accounts fit with some slack.
pub(crate) fn generated_people(count: usize, accounts: usize, today: NaiveDate, rng: &mut Rng) -> Vec<Person> {
    let count = count.max(2);
    let mut used = BTreeSet::new();
    let mut people = Vec::with_capacity(count);
    for index in 0..count {
        let role = match index {
            0 => "gm",
            1 => "sales-manager",
            _ => match index % 20 {
                0 => "sales-manager",
                1 | 7 | 13 => "ka-manager",
                2 | 12 => "presales",
                3 | 9 | 16 => "service",
                5 => "finance",
                _ => "rep",
            },
        };
        let (name, id) = unique_person_name(rng, &mut used);
        // Nobody who left owns anything in a benchmark book; the gm and the first
        // manager always stay so every book has someone to own accounts.
        let left = (index > 1 && index % 37 == 36).then(|| super::model::shift(today, -rng.range(20, 600)));
        people.push(Person {
            email: format!("{}@{OUR_DOMAIN}", id.replace('-', ".")),
            name,
            id,
            emails: Vec::new(),
            role,
            capacity: 0,
            left,
        });
    }
    let owners = people.iter().filter(|p| OWNER_ROLES.contains(&p.role) && p.left.is_none()).count().max(1);
    // 1.7 points per account on average (tiers 10/30/60 %), plus 25 % slack.
    let per_owner = (accounts * 17 * 125 / (owners * 1000)) as u32 + 2;
    for person in &mut people {
        person.capacity = match person.role {
            "rep" | "ka-manager" => per_owner,
            "sales-manager" => per_owner * 3 / 4 + 1,
            "gm" => 6,
            _ => 10,
        };
    }
    people
}

fn unique_person_name(rng: &mut Rng, used: &mut BTreeSet<String>) -> (String, String) {
    let (surname, surname_pinyin) = rng.choose(&SURNAMES);
    let (given, given_pinyin) = rng.choose(&GIVEN_NAMES);
    let base = format!("{surname_pinyin}-{given_pinyin}");
    let mut id = base.clone();
    let mut suffix = 2;
    while used.contains(&id) {
        id = format!("{base}-{suffix}");
        suffix += 1;
    }
    used.insert(id.clone());
    (format!("{surname}{given}"), id)
}

/// Book-wide bookkeeping shared by the story and bulk generators.
pub(crate) struct Registry<'p> {
    pub today: NaiveDate,
    /// The first day of generated history (`years` before today).
    pub start: NaiveDate,
    pub people: &'p [Person],
    account_ids: BTreeSet<String>,
    account_names: BTreeSet<String>,
    phones_issued: u64,
    load: BTreeMap<String, u32>,
}

impl<'p> Registry<'p> {
    pub fn new(today: NaiveDate, start: NaiveDate, people: &'p [Person]) -> Self {
        Registry {
            today,
            start,
            people,
            account_ids: BTreeSet::new(),
            account_names: BTreeSet::new(),
            phones_issued: 0,
            load: BTreeMap::new(),
        }
    }

    /// Reserve an account id and display name; false when either is taken.
    pub fn claim_account(&mut self, id: &str, name: &str) -> bool {
        if self.account_ids.contains(id) || self.account_names.contains(name) {
            return false;
        }
        self.account_ids.insert(id.to_string());
        self.account_names.insert(name.to_string());
        true
    }

    /// A phone number no other contact has: the serial number goes through a bijection of
    /// 0..10^8 (multiplying by a number coprime to 10) so numbers look random yet never
    /// repeat. `area` makes a landline, otherwise a mobile.
    pub fn phone(&mut self, rng: &mut Rng, area: Option<&str>) -> String {
        let serial = self.phones_issued;
        self.phones_issued += 1;
        let digits = (serial.wrapping_mul(7_919_113).wrapping_add(20_261_123)) % 100_000_000;
        let prefix = area.unwrap_or_else(|| rng.choose(&MOBILE_PREFIXES));
        format!("+86 {prefix} {:04} {:04}", digits / 10_000, digits % 10_000)
    }

    pub fn person(&self, id: &str) -> Option<&'p Person> {
        self.people.iter().find(|person| person.id == id)
    }

    pub fn present(&self, id: &str, date: NaiveDate) -> bool {
        self.person(id).is_some_and(|person| person.present_on(date))
    }

    /// People still here today with the given role, in roster order.
    pub fn with_role(&self, role: &str) -> Vec<&'p Person> {
        self.people.iter().filter(|p| p.role == role && p.present_on(self.today)).collect()
    }

    pub fn add_load(&mut self, owner: &str, tier: &str) {
        *self.load.entry(owner.to_string()).or_default() += points(tier);
    }

    /// The owner for a new account of `tier`: among the roles that usually own such
    /// accounts, the person with the most free capacity afterwards (roster order breaks ties).
    pub fn choose_owner(&self, tier: &str) -> String {
        let preferred: &[&str] = match tier {
            "A" => &["ka-manager", "sales-manager"],
            "B" => &["rep", "ka-manager"],
            _ => &["rep"],
        };
        let present = |p: &&Person| p.present_on(self.today);
        let mut candidates: Vec<&Person> =
            self.people.iter().filter(present).filter(|p| preferred.contains(&p.role)).collect();
        if candidates.is_empty() {
            candidates = self.people.iter().filter(present).filter(|p| OWNER_ROLES.contains(&p.role)).collect();
        }
        if candidates.is_empty() {
            candidates = self.people.iter().filter(present).collect();
        }
        let extra = points(tier);
        let mut best: Option<(&Person, u64)> = None;
        for person in candidates {
            let after = u64::from(self.load.get(&person.id).copied().unwrap_or(0) + extra);
            // Compare load/capacity as cross-multiplied integers to stay exact.
            let scaled = after * 1_000_000 / u64::from(person.capacity.max(1));
            if best.is_none_or(|(_, score)| scaled < score) {
                best = Some((person, scaled));
            }
        }
        best.map_or_else(|| self.people.first().map_or_else(String::new, |p| p.id.clone()), |(p, _)| p.id.clone())
    }

    /// The team for a new account: enough distinct colleagues (never the owner, never
    /// anyone who left) to meet the tier's `min_team`, plus the usual specialists.
    pub fn choose_team(&self, rng: &mut Rng, owner: &str, tier: &str) -> Vec<(String, String)> {
        let wanted: &[&str] = match tier {
            "A" => &["gm", "service", "presales"],
            "B" => &["sales-manager", "service"],
            _ => &["service"],
        };
        let mut team: Vec<(String, String)> = Vec::new();
        let minimum = tier_policy(tier).min_team.saturating_sub(1);
        for (index, role) in wanted.iter().enumerate() {
            // Specialists beyond the minimum join only some accounts.
            if index >= minimum && !rng.chance(0.5) {
                continue;
            }
            let pool: Vec<&Person> = self.with_role(role).into_iter().filter(|p| p.id != owner).collect();
            if let Some(person) = rng.pick_from(&pool)
                && !team.iter().any(|(who, _)| who == &person.id)
            {
                team.push((person.id.clone(), person.role.to_string()));
            }
        }
        // Small rosters may lack a role: top up from anyone present.
        let everyone: Vec<&Person> = self.people.iter().filter(|p| p.present_on(self.today)).collect();
        for person in everyone {
            if team.len() >= minimum {
                break;
            }
            if person.id != owner && !team.iter().any(|(who, _)| who == &person.id) {
                team.push((person.id.clone(), person.role.to_string()));
            }
        }
        team
    }
}
