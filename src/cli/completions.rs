//! `kam completions <shell>` and `kam man`: generated from the clap definitions, so they
//! never fall behind the commands and flags.

use super::{Cli, CmdResult, Out, Outcome};
use clap::CommandFactory;

/// Print shell completions: source them from your shell's startup file
///
/// bash: `kam completions bash > ~/.local/share/bash-completion/completions/kam`;
/// zsh: into a directory of `$fpath` as `_kam`; fish: `~/.config/fish/completions/kam.fish`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Print the manual page (roff): `kam man > kam.1; man ./kam.1`
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

pub fn completions(args: CompletionsArgs, stdout: Out<'_>) -> CmdResult {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "kam", stdout);
    Ok(Outcome::Ok)
}

/// The page of `kam` with a section per command.
pub fn man(_: ManArgs, stdout: Out<'_>) -> CmdResult {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(stdout)?;
    man.render_name_section(stdout)?;
    man.render_synopsis_section(stdout)?;
    man.render_description_section(stdout)?;
    man.render_options_section(stdout)?;
    writeln!(stdout, ".SH COMMANDS")?;
    for sub in command.get_subcommands() {
        writeln!(stdout, ".TP\n\\fBkam {}\\fR", sub.get_name())?;
        let about = sub.get_long_about().or(sub.get_about()).map(|s| s.to_string()).unwrap_or_default();
        for (i, paragraph) in about.split("\n\n").enumerate() {
            if i > 0 {
                writeln!(stdout, ".IP")?;
            }
            writeln!(stdout, "{}", roff_escape(paragraph))?;
        }
    }
    man.render_version_section(stdout)?;
    Ok(Outcome::Ok)
}

/// Text safe in a roff paragraph: backslashes doubled, no line starting with a control
/// character.
fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .lines()
        .map(|l| if l.starts_with(['.', '\'']) { format!("\\&{l}") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}
