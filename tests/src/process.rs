//! Child processes that are killed with their whole process group when
//! dropped: chromedriver starts Chromium, which starts helpers of its own,
//! and killing only chromedriver would leave them running.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct GroupChild {
    child: Child,
    name: &'static str,
}

impl GroupChild {
    pub fn spawn(name: &'static str, mut command: Command) -> std::io::Result<Self> {
        command.process_group(0).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        let child = command.spawn().map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot start {name}: {e} (run scripts/setup first)"))
        })?;
        Ok(GroupChild { child, name })
    }

    /// The process group id (the leader's pid).
    pub fn pgid(&self) -> u32 {
        self.child.id()
    }

    /// Waits until `port` on loopback accepts connections, failing early with
    /// the process's stderr if it exits first.
    pub fn wait_for_port(&mut self, port: u16, timeout: Duration) -> std::io::Result<()> {
        let start = Instant::now();
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                let mut stderr = String::new();
                if let Some(mut err) = self.child.stderr.take() {
                    use std::io::Read;
                    let _ = err.read_to_string(&mut stderr);
                }
                return Err(std::io::Error::other(format!("{} exited with {status}: {stderr}", self.name)));
            }
            if start.elapsed() > timeout {
                return Err(std::io::Error::other(format!(
                    "{} did not listen on port {port} within {timeout:?}",
                    self.name
                )));
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for GroupChild {
    fn drop(&mut self) {
        let pgid = self.child.id();
        // kill(1) with `--` and a negative pid signals the whole process
        // group (without `--`, procps reads `-PID` as an option and
        // silently signals nothing).
        let _ = Command::new("kill").args(["-s", "KILL", "--", &format!("-{pgid}")]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free loopback port. There is a small window between releasing it and
/// the server binding it; servers here bind within milliseconds.
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}
