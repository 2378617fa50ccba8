//! `--rollup`: group accounts (集团客户) seen as one. Every account whose `parent` chain
//! leads to another account is folded into the top of its chain, so revenue, orders,
//! contacts, opportunities and team add up at the group level and every score and report
//! is computed for groups instead of their members.
//!
//! Folding rules: the group keeps its own profile (name, tier, owner, status, snooze,
//! plan); interactions, contacts, opportunities, dates and competitors of the members are
//! added to it; the team is the union of the members' owners and teams; a credit limit,
//! terms or a wallet the group states wins, else the members' limits and wallets are
//! summed (terms: the shortest). A parent that does not exist, or a cycle, leaves the
//! account on its own.

use super::account::{Credit, Potential, TeamMember};
use super::{Account, Book};
use std::collections::HashMap;

impl Book {
    /// The book with every member account folded into the top of its parent chain. The
    /// accounts move into their groups, not copied: a rolled-up book costs no more memory
    /// than the book.
    pub fn rolled_up(self) -> Book {
        let roots: Vec<usize> = (0..self.accounts.len()).map(|i| self.root_of(i)).collect();
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, &root) in roots.iter().enumerate() {
            if root != i {
                groups.entry(root).or_default().push(i);
            }
        }
        let mut slots: Vec<Option<Account>> = self.accounts.into_iter().map(Some).collect();
        let mut accounts = Vec::new();
        for (i, &root) in roots.iter().enumerate() {
            if root != i {
                continue;
            }
            let Some(mut group) = slots[i].take() else { continue };
            let own = Own::of(&group);
            for &m in groups.get(&i).map(Vec::as_slice).unwrap_or_default() {
                if let Some(member) = slots[m].take() {
                    fold(&mut group, member, &own);
                }
            }
            accounts.push(group);
        }
        Book::new(self.config, accounts)
    }

    /// The index of the top of account `i`'s parent chain (`i` itself on a missing
    /// parent or a cycle).
    fn root_of(&self, i: usize) -> usize {
        let mut seen = vec![i];
        let mut at = i;
        while let Some(parent) = self.accounts[at].parent.as_ref().and_then(|p| self.index.get(&p.value)).copied() {
            if seen.contains(&parent) {
                return i;
            }
            seen.push(parent);
            at = parent;
        }
        at
    }
}

/// What the group account states itself, as stored: its own figures win over sums.
struct Own {
    limit: Option<f64>,
    terms_days: Option<i64>,
    wallet: Option<f64>,
}

impl Own {
    fn of(a: &Account) -> Own {
        Own {
            limit: a.credit.as_ref().and_then(|c| c.limit),
            terms_days: a.credit.as_ref().and_then(|c| c.terms_days),
            wallet: a.potential.as_ref().and_then(|p| p.wallet),
        }
    }
}

/// Adds `member` into `group`.
fn fold(group: &mut Account, member: Account, own: &Own) {
    for who in member.owner.iter().chain(member.team.iter().map(|t| &t.who)) {
        if !group.members().contains(&who.value.as_str()) {
            let role = member.team.iter().find(|t| t.who.value == who.value).and_then(|t| t.role);
            group.team.push(TeamMember { who: who.clone(), role });
        }
    }
    if own.limit.is_none() {
        let credit = group.credit.get_or_insert_with(Credit::default);
        let add = member.credit.as_ref().and_then(|c| c.limit);
        credit.limit = sum(credit.limit, add);
    }
    if own.terms_days.is_none()
        && let Some(terms) = member.credit.as_ref().and_then(|c| c.terms_days)
    {
        let credit = group.credit.get_or_insert_with(Credit::default);
        credit.terms_days = Some(credit.terms_days.map_or(terms, |t| t.min(terms)));
    }
    if own.wallet.is_none() {
        let potential = group.potential.get_or_insert_with(Potential::default);
        potential.wallet = sum(potential.wallet, member.potential.as_ref().and_then(|p| p.wallet));
    }
    group.interactions.extend(member.interactions);
    group.contacts.extend(member.contacts);
    group.opportunities.extend(member.opportunities);
    group.dates.extend(member.dates);
    group.competitors.extend(member.competitors);
}

fn sum(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x + y),
        (x, None) => x,
        (None, y) => y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Located;

    fn account(id: &str, parent: Option<&str>, owner: &str, limit: Option<f64>) -> Account {
        Account {
            id: id.into(),
            owner: Some(Located::new(owner.into(), Default::default())),
            parent: parent.map(|p| Located::new(p.into(), Default::default())),
            credit: limit.map(|l| Credit { limit: Some(l), ..Credit::default() }),
            ..Account::default()
        }
    }

    /// group ← mid ← leaf folds into group; solo stays; x ↔ y (a cycle) stay apart;
    /// orphan's parent does not exist. Limits: group states none, so 100 (mid) + 50
    /// (leaf) = 150; owners wang and li join zhang's team.
    #[test]
    fn members_fold_into_the_top_of_their_chain() {
        let book = Book::new(
            crate::model::Config::default(),
            vec![
                account("group", None, "zhang", None),
                account("mid", Some("group"), "li", Some(100.0)),
                account("leaf", Some("mid"), "wang", Some(50.0)),
                account("solo", None, "zhang", Some(10.0)),
                account("x", Some("y"), "zhang", None),
                account("y", Some("x"), "zhang", None),
                account("orphan", Some("nowhere"), "zhang", None),
            ],
        );
        let rolled = book.rolled_up();
        let ids: Vec<&str> = rolled.account_ids().collect();
        assert_eq!(ids, ["group", "orphan", "solo", "x", "y"]);
        let group = rolled.account("group").unwrap();
        // Members fold in id order: leaf (wang) before mid (li).
        assert_eq!(group.members(), ["zhang", "wang", "li"]);
        assert_eq!(group.credit.as_ref().and_then(|c| c.limit), Some(150.0));
        assert_eq!(rolled.account("solo").unwrap().credit.as_ref().and_then(|c| c.limit), Some(10.0));
    }
}
