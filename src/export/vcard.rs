//! `kam export vcard`: every contact as a vCard 4.0 (RFC 6350), for address books.
//!
//! `FN` is the name as written. `N` is best effort, since names carry no structure: a name
//! with a space (`Anna Müller`) is given names, then the family name after the last space;
//! a name without one — Chinese names are the normal case (`王军`) — is all family name,
//! so that address books show it whole and in its own order rather than guessing where
//! the surname ends (`欧阳` and other two-character surnames exist).
//! `ORG` is the account's name, `UID` is `kam:<account>/<contact>` (stable across exports,
//! so a re-import updates cards instead of duplicating them), and `NOTE` holds the roles,
//! the stance and the date the person left the customer.

use super::content_line::{Lines, structured};
use crate::model::words::Word;
use crate::model::{Account, Book, Contact};

/// The product identifier of every card and calendar kam writes.
pub const PRODID: &str = "-//kam//kam export//EN";

/// `(family, given)` of a display name, as described in the module documentation.
pub fn family_and_given(name: &str) -> (&str, &str) {
    let name = name.trim();
    match name.rfind(char::is_whitespace) {
        Some(i) => (name[i..].trim_start(), name[..i].trim_end()),
        None => (name, ""),
    }
}

/// Every contact of the book, one card each, in the book's order.
pub fn cards(book: &Book) -> String {
    let mut lines = Lines::new();
    for (account, contact) in book.contacts() {
        card(&mut lines, account, contact);
    }
    lines.into_string()
}

fn card(lines: &mut Lines, account: &Account, c: &Contact) {
    lines.line("BEGIN", "VCARD");
    lines.line("VERSION", "4.0");
    lines.line("PRODID", PRODID);
    lines.line("UID", &format!("kam:{}/{}", account.id, c.id));
    lines.text("FN", &c.name);
    let (family, given) = family_and_given(&c.name);
    lines.line("N", &structured(&[family, given, "", "", ""]));
    lines.line("ORG", &structured(&[&account.name.value]));
    if let Some(title) = &c.title {
        lines.text("TITLE", title);
    }
    if let Some(email) = &c.email {
        lines.text("EMAIL;TYPE=work", email);
    }
    if let Some(phone) = &c.phone {
        lines.text("TEL;TYPE=work", phone);
    }
    if let Some(birthday) = c.birthday {
        lines.line("BDAY", &birthday.format("%Y%m%d").to_string());
    }
    let mut note = Vec::new();
    if !c.roles.is_empty() {
        let roles: Vec<&str> = c.roles.iter().map(|r| r.as_str()).collect();
        note.push(format!("Roles: {}", roles.join(", ")));
    }
    if let Some(stance) = c.stance {
        note.push(format!("Stance: {stance}"));
    }
    if let Some(left) = c.left {
        note.push(format!("Left: {left}"));
    }
    if !note.is_empty() {
        lines.text("NOTE", &note.join("\n"));
    }
    lines.line("END", "VCARD");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_last_space_or_not_at_all() {
        assert_eq!(family_and_given("王军"), ("王军", ""));
        assert_eq!(family_and_given("欧阳娜娜"), ("欧阳娜娜", ""));
        assert_eq!(family_and_given("Anna Müller"), ("Müller", "Anna"));
        assert_eq!(family_and_given(" Jean  Paul Sartre "), ("Sartre", "Jean  Paul"));
        assert_eq!(family_and_given(""), ("", ""));
    }
}
