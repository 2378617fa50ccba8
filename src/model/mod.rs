//! The data model of SPEC section 1: one Rust type per file kind, each reading itself
//! from a parsed TOML table through `load::reader::TableReader`, and the `Book` that
//! holds a whole repository once loaded.
//!
//! The same types derive the JSON Schemas in `schema/` (via schemars), so the schema
//! cannot drift from what kam reads.
//!
//! A large book is mostly its interactions (100 000 of them in a 19 MB book), so the
//! types are kept compact: ids and references are `Symbol`s shared by every equal value,
//! paths `FilePath`s made of shared parts, free text `Box<str>` (no spare capacity),
//! lists of usually one item `ShortList`s, optional numbers `Option<Finite>` (8 bytes).

pub mod account;
pub mod config;
pub mod contact;
pub mod file_path;
pub mod finite;
pub mod id;
pub mod interaction;
pub mod located;
pub mod opportunity;
pub mod rollup;
pub mod short_list;
pub mod symbol;
pub mod words;

pub use account::{Account, Plan};
pub use config::Config;
pub use contact::Contact;
pub use file_path::FilePath;
pub use finite::Finite;
pub use interaction::Interaction;
pub use located::Located;
pub use opportunity::Opportunity;
pub use short_list::ShortList;
pub use symbol::Symbol;

use std::collections::{BTreeSet, HashMap};

/// A loaded repository: settings plus every account with its files. Accounts are sorted
/// by id; inside an account contacts and opportunities by id, interactions by date then
/// file name.
#[derive(Clone, Debug, Default)]
pub struct Book {
    pub config: Config,
    pub accounts: Vec<Account>,
    index: HashMap<Symbol, usize>,
}

impl Book {
    pub fn new(config: Config, mut accounts: Vec<Account>) -> Self {
        accounts.sort_by(|a, b| a.id.cmp(&b.id));
        for a in &mut accounts {
            a.contacts.sort_by(|x, y| x.id.cmp(&y.id));
            a.opportunities.sort_by(|x, y| x.id.cmp(&y.id));
            a.interactions.sort_by(|x, y| x.date.value.cmp(&y.date.value).then_with(|| x.id.cmp(&y.id)));
        }
        let index = accounts.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        Book { config, accounts, index }
    }

    /// This book without its accounts `ids`.
    pub fn without_accounts(self, ids: &BTreeSet<String>) -> Book {
        let mut accounts = self.accounts;
        accounts.retain(|a| !ids.contains(a.id.as_str()));
        Book::new(self.config, accounts)
    }

    /// This book with its accounts `ids` (and its configuration) taken from `other`, which
    /// holds those of them it has: another state of the book, where only they differ.
    pub fn with_accounts_of(self, other: Book, ids: &BTreeSet<String>) -> Book {
        let mut accounts = self.without_accounts(ids).accounts;
        accounts.extend(other.accounts.into_iter().filter(|a| ids.contains(a.id.as_str())));
        Book::new(other.config, accounts)
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.index.get(id).map(|&i| &self.accounts[i])
    }

    pub fn account_ids(&self) -> impl Iterator<Item = &str> {
        self.accounts.iter().map(|a| a.id.as_str())
    }

    pub fn contacts(&self) -> impl Iterator<Item = (&Account, &Contact)> {
        self.accounts.iter().flat_map(|a| a.contacts.iter().map(move |c| (a, c)))
    }

    pub fn interactions(&self) -> impl Iterator<Item = (&Account, &Interaction)> {
        self.accounts.iter().flat_map(|a| a.interactions.iter().map(move |i| (a, i)))
    }

    pub fn opportunities(&self) -> impl Iterator<Item = (&Account, &Opportunity)> {
        self.accounts.iter().flat_map(|a| a.opportunities.iter().map(move |o| (a, o)))
    }
}
