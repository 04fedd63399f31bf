//! The `cargoman` binary: parse, init logging, dispatch, map the error to an exit code.

use clap::Parser;

use cargoman::cli::{self, Cli};

/// mimalloc: the Composer endpoints allocate a little on every request, and it does so
/// faster than the system allocator under concurrency.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use cargoman::ui::{Reported, Ui};

/// mimalloc 2's `mi_option_arena_eager_commit`: committing whole arenas up front costs
/// ~13 MB of idle RSS for no measurable speed. (Not exported by libmimalloc-sys 0.1.49;
/// the number is fixed for mimalloc 2.x, which Cargo.lock pins.)
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// `prctl(PR_SET_THP_DISABLE, 1)`: no transparent huge pages for this process. mimalloc
/// madvises its arena `MADV_HUGEPAGE` when it reserves it (before `main`, so its
/// `allow_thp` option cannot be set in time), and then every 2 MiB of the arena that is
/// touched at all is resident in full: ~26 of the ~72–76 MB of idle RSS (`AnonHugePages` in
/// /proc/PID/smaps_rollup), for no measurable speed. The flag also covers mappings made
/// before it and is what mimalloc itself does when `MIMALLOC_ALLOW_THP=0`.
#[cfg(target_os = "linux")]
fn disable_transparent_huge_pages() {
    const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
    unsafe extern "C" {
        fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
    }
    // SAFETY: PR_SET_THP_DISABLE takes one integer argument and touches no memory of
    // ours; on failure (an old kernel) nothing changes.
    let (on, unused): (std::ffi::c_ulong, std::ffi::c_ulong) = (1, 0);
    let _ = unsafe { prctl(PR_SET_THP_DISABLE, on, unused, unused, unused) };
}

fn main() {
    // SAFETY: sets a process-wide allocator option before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
    #[cfg(target_os = "linux")]
    disable_transparent_huge_pages();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    }
}

async fn run() {
    let cli = Cli::parse();
    let ui = Ui::new(cli.json, cli.quiet);
    let json = cli.json;
    let result = cli::run(cli).await;
    if let Err(err) = result {
        let code = cli::exit_code(&err);
        if json && err.downcast_ref::<Reported>().is_none() {
            let field = err
                .chain()
                .find_map(|c| c.downcast_ref::<cargoman::service::ServiceError>())
                .and_then(|e| e.field_name());
            ui.json(&serde_json::json!({
                "error": {"code": cli::error_code(&err), "message": format!("{err:#}"), "field": field}
            }));
        }
        match cli::hint(&err) {
            Some(hint) => ui.error(format!("{err:#} ({hint})")),
            None => ui.error(format!("{err:#}")),
        }
        std::process::exit(code);
    }
}
