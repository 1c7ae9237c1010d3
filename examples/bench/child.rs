//! Running one measured process: wall time from spawn to exit, the
//! kernel's peak RSS and CPU time of the child (`wait4`), a guard that stops
//! it past a memory limit, and the figures `dossier build` prints. It never
//! decides what to run.

use std::fs;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

/// One finished child process.
#[derive(Debug, Clone)]
pub struct Run {
    pub wall: Duration,
    /// The kernel's peak resident set size of the process, in KiB.
    pub max_rss_kib: u64,
    /// User plus system CPU time: less sensitive than wall time to other
    /// work on a shared machine.
    pub cpu: Duration,
    /// The exit code, or `None` when a signal ended it.
    pub code: Option<i32>,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// Stopped by the memory guard.
    pub over_limit: bool,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == Some(0) && !self.over_limit
    }

    pub fn failure(&self, what: &str) -> String {
        if self.over_limit {
            return format!("{what} stopped: resident memory passed the limit");
        }
        let tail: Vec<&str> = self.stderr.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        let how = match (self.code, self.signal) {
            (Some(code), _) => format!("exit code {code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            (None, None) => "ended".to_string(),
        };
        format!(
            "{what} failed ({how}) after {:.1} s at {} MiB peak RSS: {}",
            self.wall.as_secs_f64(),
            self.max_rss_kib / 1024,
            tail.join(" / ")
        )
    }
}

/// Runs `cmd` to the end, its output into `log`. Wall time runs from spawn
/// to exit; the peak RSS is what `wait4` reports. A guard thread stops the
/// child if its resident memory passes `limit_kib`: the child is only
/// reaped after the guard is told to stop, so its pid cannot be reused
/// under the guard.
pub fn run_child(mut cmd: Command, log: &Path, limit_kib: u64) -> io::Result<Run> {
    let log_file = fs::File::create(log)?;
    cmd.stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    let started = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let finished = Arc::new(Mutex::new(false));
    let over_limit = Arc::new(AtomicBool::new(false));
    let guard = {
        let (finished, over_limit) = (finished.clone(), over_limit.clone());
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(50));
            let Ok(done) = finished.lock() else { return };
            if *done {
                return;
            }
            if resident_kib(pid).is_some_and(|kib| kib > limit_kib) {
                // SAFETY: `pid` is our own child, not yet reaped (the lock is held).
                unsafe { libc::kill(pid, libc::SIGKILL) };
                over_limit.store(true, Ordering::SeqCst);
                return;
            }
        })
    };
    wait_for_exit(pid)?;
    let wall = started.elapsed();
    if let Ok(mut done) = finished.lock() {
        *done = true;
    }
    let (status, usage) = reap(pid)?;
    let _ = guard.join();
    drop(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let signal = libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status));
    Ok(Run {
        wall,
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        cpu: cpu_time(&usage.ru_utime) + cpu_time(&usage.ru_stime),
        code,
        signal,
        over_limit: over_limit.load(Ordering::SeqCst),
        stderr: fs::read_to_string(log).unwrap_or_default(),
    })
}

fn cpu_time(t: &libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
}

/// Waits until the child has exited, leaving it unreaped.
fn wait_for_exit(pid: libc::pid_t) -> io::Result<()> {
    loop {
        // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let flags = libc::WEXITED | libc::WNOWAIT;
        // SAFETY: `info` is a valid, writable siginfo_t.
        let r = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Reaps the exited child: its wait status and resource usage.
fn reap(pid: libc::pid_t) -> io::Result<(libc::c_int, libc::rusage)> {
    loop {
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid out-parameter for wait4.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers are valid and writable.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return Ok((status, usage));
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// The current resident set size of a process, from /proc (guard only).
fn resident_kib(pid: libc::pid_t) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The figures of one run of `dossier build`, from its summary line:
/// `built N pages in T s (W written, U unchanged, R removed) → DIR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildSummary {
    pub pages: u64,
    pub written: u64,
    pub unchanged: u64,
}

pub fn parse_build_summary(stderr: &str) -> Option<BuildSummary> {
    let line = stderr.lines().rev().find(|l| l.starts_with("built "))?;
    let first_number = |s: &str| -> Option<u64> {
        s.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    let number_before = |word: &str| -> Option<u64> {
        let head = &line[..line.find(word)?];
        let start = head
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        head[start..].parse().ok()
    };
    Some(BuildSummary {
        pages: first_number(line.strip_prefix("built ")?)?,
        written: number_before(" written")?,
        unchanged: number_before(" unchanged")?,
    })
}

/// The stage times `--timings` prints: `  stage name    0.123 s`.
pub fn parse_timings(stderr: &str) -> Vec<(String, f64)> {
    stderr
        .lines()
        .filter(|l| l.starts_with("  ") && l.ends_with(" s"))
        .filter_map(|l| {
            let body = l.trim().strip_suffix(" s")?;
            let (name, secs) = body.rsplit_once(' ')?;
            Some((name.trim().to_string(), secs.trim().parse().ok()?))
        })
        .collect()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_build_summary_line() {
        let stderr = "content/a.md:1:1: warning: built 3 pages\n  render   0.010 s\n\
                      built 1258 pages in 0.44 s (7 written, 1252 unchanged, 0 removed) → /x\n";
        assert_eq!(
            parse_build_summary(stderr),
            Some(BuildSummary {
                pages: 1258,
                written: 7,
                unchanged: 1252
            })
        );
        assert_eq!(parse_build_summary("error: 2 errors found"), None);
    }

    #[test]
    fn reads_stage_timings() {
        let stderr = "  load                        0.120 s\n  markdown and mentions       1.500 s\nbuilt 1 pages in 2.00 s (1 written, 0 unchanged, 0 removed) → x\n";
        assert_eq!(
            parse_timings(stderr),
            vec![
                ("load".to_string(), 0.12),
                ("markdown and mentions".to_string(), 1.5)
            ]
        );
    }

    #[test]
    fn measures_a_child_and_its_memory() {
        // A child that touches about 64 MiB: its peak RSS must show it.
        let mut cmd = Command::new("python3");
        cmd.args(["-c", "b = bytearray(64 * 1024 * 1024); print(len(b))"]);
        let dir = tempfile::tempdir().unwrap();
        let run = run_child(cmd, &dir.path().join("log"), u64::MAX).unwrap();
        assert!(run.ok(), "{run:?}");
        assert!(run.max_rss_kib > 60 * 1024, "{run:?}");
        assert!(
            run.cpu > Duration::ZERO && run.cpu <= run.wall * 3,
            "{run:?}"
        );
        assert!(run.stderr.contains("67108864"));
    }

    #[test]
    fn the_guard_stops_a_child_over_the_limit() {
        let mut cmd = Command::new("python3");
        cmd.args([
            "-c",
            "import time; b = bytearray(256 * 1024 * 1024); time.sleep(5)",
        ]);
        let dir = tempfile::tempdir().unwrap();
        let run = run_child(cmd, &dir.path().join("log"), 64 * 1024).unwrap();
        assert!(run.over_limit && !run.ok(), "{run:?}");
        assert!(run.wall < Duration::from_secs(5), "{run:?}");
    }
}
