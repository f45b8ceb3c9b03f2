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

/// A new unnamed regular file in `dir` (Linux `O_TMPFILE`): if netlint is
/// killed before it is linked under a name, the kernel frees it and
/// nothing is left behind. `None` where the system or file system does not
/// offer it.
#[cfg(target_os = "linux")]
pub fn create_unnamed(dir: &std::path::Path) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .mode(0o666)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)
        .ok()
}

#[cfg(not(target_os = "linux"))]
pub fn create_unnamed(_dir: &std::path::Path) -> Option<std::fs::File> {
    None
}

/// Give a file from [`create_unnamed`] the name `path` (which must not
/// exist): `linkat` of its `/proc/self/fd` entry, following it.
#[cfg(target_os = "linux")]
pub fn link_unnamed(file: &std::fs::File, path: &std::path::Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
    let to = CString::new(path.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated strings that outlive the call;
    // linkat reads them and touches no memory of ours.
    let rc = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
pub fn link_unnamed(_file: &std::fs::File, _path: &std::path::Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Whether a process with this id exists (`kill(pid, 0)`: ESRCH means
/// it does not; EPERM means it does, as someone else's).
#[cfg(unix)]
pub fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Without a way to ask, every process is assumed alive (nothing removed).
#[cfg(not(unix))]
pub fn process_exists(_pid: u32) -> bool {
    true
}
