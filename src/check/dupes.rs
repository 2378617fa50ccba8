//! Duplicates across the book: contacts sharing an email or a phone number, accounts
//! sharing a name. Warnings, each naming the `kam merge` that resolves it.

use crate::diag::Diagnostic;
use crate::model::Book;
use std::collections::HashMap;

/// The `kam merge` that folds `duplicate` into `first`, when both are contacts of one
/// account (references are per account, so contacts of two accounts are not merged).
fn merge_hint(duplicate: &str, first: &str) -> String {
    let account = |address: &str| address.split('/').next().unwrap_or("").to_string();
    if account(duplicate) == account(first) {
        format!("; if they are one person: kam merge {duplicate} {first}")
    } else {
        format!(" of account {}", account(first))
    }
}

pub fn check(book: &Book, out: &mut Vec<Diagnostic>) {
    let mut emails: HashMap<String, String> = HashMap::new();
    let mut phones: HashMap<String, String> = HashMap::new();
    for (a, c) in book.contacts() {
        let address = format!("{}/{}", a.id, c.id);
        if let Some(email) = &c.email {
            let key = email.trim().to_lowercase();
            if !key.is_empty() {
                match emails.get(&key) {
                    Some(first) => {
                        let msg = format!("email {} is also on {first}{}", email.value, merge_hint(&address, first));
                        out.push(Diagnostic::new("W501", &c.path, Some(email.pos), msg));
                    }
                    None => {
                        emails.insert(key, address.clone());
                    }
                }
            }
        }
        if let Some(phone) = &c.phone {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 6 {
                match phones.get(&digits) {
                    Some(first) => {
                        let msg = format!("phone {} is also on {first}{}", phone.value, merge_hint(&address, first));
                        out.push(Diagnostic::new("W502", &c.path, Some(phone.pos), msg));
                    }
                    None => {
                        phones.insert(digits, address.clone());
                    }
                }
            }
        }
    }
    let mut names: HashMap<String, &str> = HashMap::new();
    for a in &book.accounts {
        let key = a.name.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        match names.get(&key) {
            Some(first) => {
                let msg = format!("account name {} is also used by {first}", a.name.value);
                out.push(Diagnostic::new("W503", &a.path, Some(a.name.pos), msg));
            }
            None => {
                names.insert(key, &a.id);
            }
        }
    }
}
