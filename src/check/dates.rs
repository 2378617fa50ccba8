//! Date rules: interactions are not in the future and are filed under their own date;
//! confirmed complaints say when they were resolved; nobody who had left takes part.

use crate::diag::Diagnostic;
use crate::model::Book;
use crate::model::words::{ComplaintStatus, InteractionKind};
use chrono::NaiveDate;

pub fn check(book: &Book, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    for (_, i) in book.interactions() {
        let date = i.date.value;
        let pos = Some(i.date.pos).filter(|p| p.line > 0);
        if let Some(file_date) = i.id.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            && file_date != date
            && pos.is_some()
        {
            let msg = format!("file name date {file_date} differs from `date` {date}; rename the file or fix the date");
            out.push(Diagnostic::new("E303", &i.path, pos, msg));
        }
        if date > today {
            let msg = format!("interaction dated {date}, after today ({today}); next steps belong in `next`");
            out.push(Diagnostic::new("E401", &i.path, pos, msg));
        }
        if i.kind == InteractionKind::Complaint && i.status == Some(ComplaintStatus::Confirmed) {
            match i.resolved_on {
                None => {
                    out.push(Diagnostic::new("E402", &i.path, None, "complaint is confirmed but has no `resolved_on`"))
                }
                Some(resolved) if resolved < date => {
                    let msg = format!("complaint resolved on {resolved}, before it was made ({date})");
                    out.push(Diagnostic::new("E402", &i.path, None, msg));
                }
                Some(_) => {}
            }
        }
        for who in &i.by {
            if let Some(left) = book.config.person(who).and_then(|p| p.left)
                && left < date
            {
                let msg = format!("`{}` left on {left}, before this interaction ({date})", who.value);
                out.push(Diagnostic::new("E403", &i.path, Some(who.pos), msg));
            }
        }
    }
}
