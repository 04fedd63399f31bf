//! The `cargoman` binary: parse, init logging, dispatch, map the error to an exit code.

use clap::Parser;

use cargoman::cli::{self, Cli};

/// mimalloc: the Composer endpoints allocate a little on every request, and it does so
/// faster than the system allocator under concurrency.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use cargoman::ui::{Reported, Ui};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let ui = Ui::new(cli.json, cli.quiet);
    let json = cli.json;
    let result = cli::run(cli).await;
    if let Err(err) = result {
        let code = cli::exit_code(&err);
        if json && err.downcast_ref::<Reported>().is_none() {
            ui.json(&serde_json::json!({
                "error": {"code": cli::error_code(&err), "message": format!("{err:#}")}
            }));
        }
        ui.error(format!("{err:#}"));
        std::process::exit(code);
    }
}
