//! The global allocator and its one setting.
//!
//! mimalloc (Leijen, Zorn, de Moura 2019) maps its large regions with
//! `madvise(MADV_HUGEPAGE)`, so whole-grid buffers are faulted in 2 MB
//! pages instead of 4 KB ones (10x fewer page faults in an SDR or NDR run),
//! and it reuses freed buffers; see docs/ROUTING.md "Whole runs".
//!
//! By default it returns freed memory to the system only after a delay
//! (1 s in mimalloc 3, the version built here; 10 ms in mimalloc 2), so a
//! model that frees one whole-grid array and allocates the next counts
//! both in its peak resident memory. ecocap sets 10 ms: peak memory is one
//! of the figures we compete on (issue 4 §5: no higher than InVEST's), and
//! a streamed pass still reuses the buffers it frees and allocates again
//! from one strip to the next (at 0 ms water yield at 4000² took three
//! times the page faults and ~0.2 s more; NDR's peak: 1 s 816 MB, 10 ms
//! 661 MB, 0 ms 645 MB).
#![allow(unsafe_code)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in `mi_option_t` (mimalloc.h of mimalloc 2 and
/// 3; the Rust binding leaves it unnamed). The test below fails if a
/// mimalloc upgrade moves it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Return freed memory to the system after 10 ms (unless the user set
/// `MIMALLOC_PURGE_DELAY`).
pub fn purge_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mi_option_set only stores an integer option; any option id
    // within mi_option_t's range is valid, and this one is checked by test.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_15_is_the_purge_delay() {
        // its default is 1000 ms in mimalloc 3 and 10 ms in mimalloc 2
        // (options.c); the environment variable would override it, so only
        // check when it is unset
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reading an option
            let v = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
            assert!(
                v == 1000 || v == 10,
                "option 15 is {v}, not the purge delay"
            );
        }
        purge_soon();
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reading an option
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 10);
        }
    }
}
