//! `cargoman completions SHELL` and `cargoman man`: generated from the clap definition
//! (the committed copies in completions/ and man/ are checked against these by tests).

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write a page per command into this folder instead of printing the main page
    #[arg(long, value_name = "D")]
    pub out_dir: Option<PathBuf>,
}

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<()> {
    print!("{}", render_completions(args.shell));
    Ok(())
}

/// The completion script for `shell`.
pub fn render_completions(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cargoman", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// File name of the committed completion script for `shell`.
pub fn completion_file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "cargoman.bash",
        Shell::Zsh => "_cargoman",
        Shell::Fish => "cargoman.fish",
        Shell::Elvish => "cargoman.elv",
        Shell::PowerShell => "_cargoman.ps1",
        _ => "cargoman.unknown",
    }
}

pub fn man(args: &ManArgs) -> anyhow::Result<()> {
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            for (name, text) in render_man_pages()? {
                std::fs::write(dir.join(name), text)?;
            }
        }
        None => {
            let pages = render_man_pages()?;
            if let Some((_, main)) = pages.first() {
                print!("{}", String::from_utf8_lossy(main));
            }
        }
    }
    Ok(())
}

/// Every man page: `cargoman.1`, then `cargoman-<sub>.1` and `cargoman-<sub>-<subsub>.1`.
pub fn render_man_pages() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, "cargoman", &mut pages)?;
    Ok(pages)
}

fn collect(
    cmd: &clap::Command,
    name: &str,
    pages: &mut Vec<(String, Vec<u8>)>,
) -> anyhow::Result<()> {
    let page_cmd = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page_cmd).render(&mut buf)?;
    pages.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        collect(sub, &format!("{name}-{}", sub.get_name()), pages)?;
    }
    Ok(())
}

/// Writes completions and man pages into `root`/completions and `root`/man.
pub fn write_all(root: &Path) -> anyhow::Result<()> {
    let dir = root.join("completions");
    std::fs::create_dir_all(&dir)?;
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        std::fs::write(
            dir.join(completion_file_name(shell)),
            render_completions(shell),
        )?;
    }
    let man = root.join("man");
    std::fs::create_dir_all(&man)?;
    for (name, text) in render_man_pages()? {
        std::fs::write(man.join(name), text)?;
    }
    Ok(())
}
