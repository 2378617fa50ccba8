//! Helpers for writing the example book's accounts by hand: a `Scene` claims ids and
//! load in the registry, adds contacts with unique phones, opportunities, plans, and
//! generates the routine past of an account up to a cut-off, after which the story's
//! own interactions are planted one by one.

use super::contacts::{contact, reach};
use super::history::{Buying, Mood, OrderShape, add_orders, add_payments, order, order_dates, touches};
use super::model::{
    Account, Action, Competitor, Contact, Credit, Interaction, Kind, Member, Next, Opportunity, Plan, Potential,
    Strategy, shift,
};
use super::rng::Rng;
use super::roster::Registry;
use chrono::NaiveDate;

/// A calendar date written in the story (birthdays, founding days, first deals).
///
/// Panics on an impossible date; every call site passes a literal date, and the tests
/// generate the whole example book, so a typo fails the test suite, never a user.
pub(crate) fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("story dates are valid calendar dates")
}

/// Contact line of the story: (id, name, title, roles, stance, influence, covered_by).
pub(crate) type Cast<'a> = (&'a str, &'a str, &'a str, &'a [&'static str], &'static str, u8, &'a str);

pub(crate) struct Scene<'r, 'p> {
    pub registry: &'r mut Registry<'p>,
    pub rng: Rng,
    pub today: NaiveDate,
}

impl Scene<'_, '_> {
    /// The day `days` from today (negative: in the past).
    pub fn t(&self, days: i64) -> NaiveDate {
        shift(self.today, days)
    }

    /// A new account with its team, its id and name claimed and its owner's load counted.
    pub fn account(
        &mut self,
        (id, name): (&str, &str),
        segment: &'static str,
        tier: &'static str,
        owner: &str,
        team: &[(&str, &str)],
    ) -> Account {
        // The story's ids and names are distinct by construction, and claimed before any
        // generated account, so the claim cannot fail; the tests check uniqueness anyway.
        self.registry.claim_account(id, name);
        self.registry.add_load(owner, tier);
        let mut account = Account::new(id, name, segment, tier, owner);
        account.team = team.iter().map(|(who, role)| Member { who: who.to_string(), role: role.to_string() }).collect();
        account
    }

    /// Add the cast of contacts, each with an e-mail and a phone, in the order given.
    pub fn cast(&mut self, account: &mut Account, cast: &[Cast]) {
        for (id, name, title, roles, stance, influence, covered_by) in cast {
            let mut person = contact(id, name, title, roles, stance, *influence, covered_by);
            reach(&mut person, &account.id, self.registry, &mut self.rng, None);
            account.contacts.push(person);
        }
    }

    pub fn contact_mut<'a>(&self, account: &'a mut Account, id: &str) -> Option<&'a mut Contact> {
        account.contacts.iter_mut().find(|contact| contact.id == id)
    }

    /// An opportunity of `units` vehicles at the account's price (or a fixed `amount`).
    #[allow(clippy::too_many_arguments)]
    pub fn opportunity(
        &self,
        account: &mut Account,
        (id, name): (&str, &str),
        stage: &'static str,
        amount: u64,
        close: NaiveDate,
        contacts: &[&str],
        competitors: &[&str],
        lost_reason: Option<&str>,
    ) {
        account.opportunities.push(Opportunity {
            id: id.to_string(),
            name: name.to_string(),
            stage,
            amount,
            close,
            owner: account.owner.clone(),
            contacts: contacts.iter().map(|c| c.to_string()).collect(),
            competitors: competitors.iter().map(|c| c.to_string()).collect(),
            lost_reason: lost_reason.map(str::to_string),
        });
    }

    pub fn plan(
        &self,
        objective: &str,
        review_by: NaiveDate,
        strategies: &[(&'static str, &str)],
        actions: &[(&str, &str, NaiveDate, bool)],
    ) -> Plan {
        Plan {
            objective: objective.to_string(),
            review_by,
            strategies: strategies.iter().map(|(kind, text)| Strategy { kind, text: text.to_string() }).collect(),
            actions: actions
                .iter()
                .map(|(what, who, due, done)| Action {
                    what: what.to_string(),
                    who: who.to_string(),
                    due: *due,
                    done: *done,
                })
                .collect(),
        }
    }

    /// The routine past: won opportunities delivered, regular orders and their payments as
    /// `orders` describes, then `count` touches up to and on `until`.
    pub fn past(
        &mut self,
        account: &mut Account,
        buying: &Buying,
        orders: &OrderShape,
        count: usize,
        until: NaiveDate,
        mood: Mood,
    ) {
        let won: Vec<(String, NaiveDate, u64)> = account
            .opportunities
            .iter()
            .filter(|o| o.stage == "won" && o.close >= orders.from && o.close <= orders.until)
            .map(|o| (o.id.clone(), o.close, o.amount))
            .collect();
        for (id, close, amount) in won {
            let units = (amount / buying.unit_price.max(1)) as u32;
            let delivery = order(account, self.registry, &mut self.rng, buying, close, units, Some(id));
            account.interactions.push(delivery);
        }
        let dates = order_dates(&mut self.rng, orders, self.today);
        add_orders(account, self.registry, &mut self.rng, buying, &dates);
        add_payments(account, self.registry, &mut self.rng, buying, orders);
        let from = account.since.map_or(self.registry.start, |since| shift(since, -60).max(self.registry.start));
        touches(account, self.registry, &mut self.rng, count, from, until, mood);
    }

    /// Plant one interaction of the story and return it for further detail.
    #[allow(clippy::too_many_arguments)]
    pub fn plant<'a>(
        &self,
        account: &'a mut Account,
        date: NaiveDate,
        kind: Kind,
        slug: &str,
        summary: &str,
        by: &[&str],
        with: &[&str],
        sentiment: Option<&'static str>,
    ) -> &'a mut Interaction {
        account.interactions.push(Interaction {
            date,
            at: None,
            slug: slug.to_string(),
            kind,
            by: by.iter().map(|who| who.to_string()).collect(),
            with: with.iter().map(|c| c.to_string()).collect(),
            summary: summary.to_string(),
            sentiment,
            next: None,
        });
        let last = account.interactions.len() - 1;
        &mut account.interactions[last]
    }

    /// A planted order (with `order`'s usual sizing of amount and margin).
    pub fn plant_order(&mut self, account: &mut Account, buying: &Buying, date: NaiveDate, units: u32) {
        let placed = order(account, self.registry, &mut self.rng, buying, date, units, None);
        account.interactions.push(placed);
    }
}

/// A next step for a planted interaction.
pub(crate) fn next(what: &str, due: NaiveDate, who: &str, done: bool) -> Option<Next> {
    Some(Next { what: what.to_string(), due, who: who.to_string(), done })
}

pub(crate) fn buying(model: &str, unit_price: u64, max_units: u32, terms_days: i64) -> Buying {
    Buying { model: model.to_string(), unit_price, max_units, terms_days }
}

pub(crate) fn credit(limit: u64, terms_days: i64, rating: &'static str) -> Option<Credit> {
    Some(Credit { limit, terms_days, rating })
}

pub(crate) fn potential(annual_units: u32, wallet: u64) -> Option<Potential> {
    Some(Potential { annual_units, wallet })
}

pub(crate) fn rival(name: &str, position: &'static str, notes: &str) -> Competitor {
    Competitor { name: name.to_string(), position, notes: Some(notes.to_string()).filter(|n| !n.is_empty()) }
}

pub(crate) fn tags(list: &[&str]) -> Vec<String> {
    list.iter().map(|tag| tag.to_string()).collect()
}
