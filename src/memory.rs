//! Giving start-up memory back to the kernel.
//!
//! Starting a server runs code that serving never runs again: argument parsing, the
//! configuration loader, migrations, the GraphQL and OpenAPI schema builders. The kernel
//! maps the binary's code in large blocks around each page it is asked for, so after
//! start-up ~28 MB of the executable is resident (`Pss_File` in
//! `/proc/PID/smaps_rollup`), more than half of the idle RSS. Those pages are clean
//! copies of the file: [`release_startup_code`] asks the kernel to reclaim them
//! (`MADV_PAGEOUT`), and the pages that serving does use come back on their first use,
//! read from the page cache or the disk like any program's code.

use std::path::Path;

/// `MADV_PAGEOUT` (Linux 5.4): reclaim the pages of the range now.
#[cfg(target_os = "linux")]
const MADV_PAGEOUT: std::ffi::c_int = 21;

/// Read-only mappings of `exe` in a `/proc/self/maps` text: `(start, end)` addresses.
fn read_only_mappings(maps: &str, exe: &Path) -> Vec<(usize, usize)> {
    maps.lines()
        .filter_map(|line| {
            let mut fields = line.split_ascii_whitespace();
            let range = fields.next()?;
            let perms = fields.next()?;
            // offset, device, inode, then the path (which may contain spaces).
            let path = fields.nth(3)?;
            let path = line[line.find(path)?..].trim_end();
            if Path::new(path) != exe
                || !perms.starts_with('r')
                || perms.as_bytes().get(1) != Some(&b'-')
            {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            let start = usize::from_str_radix(start, 16).ok()?;
            let end = usize::from_str_radix(end, 16).ok()?;
            (start < end).then_some((start, end))
        })
        .collect()
}

/// Asks the kernel to reclaim the resident pages of this program's code and read-only
/// data; returns the bytes of the ranges given back. Nothing changes on an error or on a
/// kernel without `MADV_PAGEOUT`: the pages just stay until memory is short.
#[cfg(target_os = "linux")]
pub fn release_startup_code() -> usize {
    unsafe extern "C" {
        fn madvise(
            addr: *mut std::ffi::c_void,
            len: usize,
            advice: std::ffi::c_int,
        ) -> std::ffi::c_int;
    }
    let (Ok(exe), Ok(maps)) = (
        std::fs::read_link("/proc/self/exe"),
        std::fs::read_to_string("/proc/self/maps"),
    ) else {
        return 0;
    };
    let mut released = 0;
    for (start, end) in read_only_mappings(&maps, &exe) {
        // SAFETY: the range is a read-only, file-backed mapping of this process (page
        // aligned, from the kernel's own list). MADV_PAGEOUT changes no content: a clean
        // page is dropped and read again from the file on its next use.
        if unsafe { madvise(start as *mut std::ffi::c_void, end - start, MADV_PAGEOUT) } == 0 {
            released += end - start;
        }
    }
    released
}

/// Elsewhere the kernel keeps the pages until memory is short.
#[cfg(not(target_os = "linux"))]
pub fn release_startup_code() -> usize {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_read_only_mappings_of_the_executable() {
        let maps = "\
55d0a0000000-55d0a0100000 r--p 00000000 08:01 1234 /usr/bin/cargo man
55d0a0100000-55d0a2000000 r-xp 00100000 08:01 1234 /usr/bin/cargo man
55d0a2000000-55d0a2100000 rw-p 02000000 08:01 1234 /usr/bin/cargo man
55d0a2100000-55d0a2200000 r-xp 00000000 08:01 99 /usr/lib/libc.so.6
7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]
garbage line
";
        let got = read_only_mappings(maps, Path::new("/usr/bin/cargo man"));
        assert_eq!(
            got,
            vec![
                (0x55d0a0000000, 0x55d0a0100000),
                (0x55d0a0100000, 0x55d0a2000000)
            ]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn releasing_keeps_the_code_running() {
        // The test binary's own code is paged out and this call keeps working after it.
        assert!(release_startup_code() > 0);
        assert!(release_startup_code() > 0);
    }
}
