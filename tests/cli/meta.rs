//! Shell completions and the man page, generated from the command definitions.

use crate::support::Book;

#[test]
fn completions_for_every_shell_know_every_command() {
    let book = Book::empty();
    for (shell, marker) in [
        ("bash", "_kam()"),
        ("zsh", "#compdef kam"),
        ("fish", "complete -c kam"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[kam]"),
    ] {
        let run = book.kam(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}");
        for command in ["handover", "report", "verify", "agenda"] {
            assert!(run.stdout.contains(command), "{shell} lacks {command}");
        }
    }
    let run = book.kam(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
}

#[test]
fn man_page_is_roff_with_a_section_per_command() {
    let run = Book::empty().kam(&["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH kam 1"), "{}", &run.stdout[..80]);
    for command in ["check", "ls", "score", "report", "agenda", "handover", "verify", "codeowners", "completions"] {
        assert!(run.stdout.contains(&format!(".TP\n\\fBkam {command}\\fR\n")), "no section for {command}");
    }
}
