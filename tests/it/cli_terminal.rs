//! The CLI at a real terminal: prompts for missing values and confirmations of
//! destructive commands, answered through a pseudo-terminal.

use crate::db_tests;
use crate::support::TestDb;
use crate::support::git_repo::bare_repo;
use crate::support::pty::Pty;

db_tests!(prompts_on_a_terminal, sync_progress_on_a_terminal);

async fn prompts_on_a_terminal(db: TestDb) {
    // A missing name is asked for.
    let mut pty = at_terminal(&db, &["customer", "add"]);
    pty.expect("Customer name");
    pty.send("acme\r");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Created customer acme"), "{screen}");
    assert_eq!(
        db.json(&["customer", "show", "acme"])["customer"]["name"],
        "acme"
    );

    // Answering no (the default) to a destructive command keeps everything.
    let mut pty = at_terminal(&db, &["customer", "delete", "acme"]);
    pty.expect("Delete customer acme with its tokens and grants?");
    pty.send("\r");
    let (code, screen) = pty.finish();
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("cancelled"), "{screen}");
    db.run(&["customer", "show", "acme"]).ok();

    // Answering yes deletes.
    let mut pty = at_terminal(&db, &["customer", "delete", "acme"]);
    pty.expect("Delete customer acme");
    pty.send("y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Deleted customer acme"), "{screen}");
    db.run(&["customer", "show", "acme"]).fails_with(1, "acme");

    // `--json` never prompts, even on a terminal: it says what to pass instead.
    let pty = at_terminal(&db, &["--json", "customer", "add"]);
    let (code, screen) = pty.finish();
    assert_eq!(code, 2, "{screen}");
    assert!(screen.contains("give it as NAME"), "{screen}");
}

async fn sync_progress_on_a_terminal(db: TestDb) {
    let repo = bare_repo(db.path(), "lib.git");
    let url = format!("file://{}", repo.display());
    let pty = at_terminal(&db, &["package", "add", &url]);
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    // The bar of the package, then its one-line report once the bar is cleared.
    assert!(
        screen.contains("fetching") || screen.contains("refs, building"),
        "no progress bar: {screen}"
    );
    assert!(screen.contains("acme/lib: 4 added"), "{screen}");
    // What archives leave out is a warning of the report, not log lines across the bars.
    assert!(
        screen.contains("left out of the archive: link.php") && !screen.contains("WARN"),
        "{screen}"
    );

    let mut pty = at_terminal(&db, &["package", "delete", "acme/lib"]);
    pty.expect("Delete package acme/lib with 4 version(s) and every grant of it?");
    pty.send("y");
    let (code, screen) = pty.finish();
    assert_eq!(code, 0, "{screen}");
    db.run(&["package", "show", "acme/lib"])
        .fails_with(1, "acme/lib");

    // Without a terminal there is no bar and no question.
    let run = db.run(&["package", "add", &url]).ok();
    assert!(!run.stderr.contains("fetching"), "{}", run.stderr);
    db.run(&["package", "delete", "acme/lib"])
        .fails_with(2, "pass --yes");
}

fn at_terminal(db: &TestDb, args: &[&str]) -> Pty {
    let mut cmd = db.command();
    cmd.args(args);
    Pty::spawn(cmd)
}
