//! The few operating-system calls std does not offer.
//!
//! Each is a thin, documented wrapper; everything else in netlint is safe
//! Rust.

/// Whether standard descriptor `fd` (0, 1 or 2) was closed when netlint
/// started. Rust's runtime reopens a closed one on /dev/null, read-write,
/// before `main`; a shell redirection from or to /dev/null opens it for
/// reading or writing only, so the pair "/dev/null, read-write" tells them
/// apart (`<>/dev/null`, which nobody writes, would read as closed).
#[cfg(unix)]
pub fn was_closed(fd: i32) -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    // SAFETY: F_GETFL only reads the descriptor's flags; any fd value is
    // allowed and an invalid one returns -1.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return true;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    let Ok(null) = std::fs::metadata("/dev/null") else {
        return false;
    };
    // /proc/self/fd or /dev/fd name the open descriptor itself.
    let Ok(this) = std::fs::metadata(format!("/dev/fd/{fd}")) else {
        return false;
    };
    this.file_type().is_char_device() && this.rdev() == null.rdev()
}

#[cfg(not(unix))]
pub fn was_closed(_fd: i32) -> bool {
    false
}
