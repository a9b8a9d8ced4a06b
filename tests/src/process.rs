//! Child processes that are killed with their whole process group when
//! dropped: chromedriver starts Chromium, which starts helpers of its own,
//! and killing only chromedriver would leave them running.

use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

pub struct GroupChild {
    child: Child,
    name: &'static str,
    /// Where its output goes when not to a pipe (`spawn_logging`).
    log: Option<PathBuf>,
}

impl GroupChild {
    pub fn spawn(name: &'static str, mut command: Command) -> std::io::Result<Self> {
        command.process_group(0).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        let child = start(name, command)?;
        Ok(GroupChild { child, name, log: None })
    }

    /// Like `spawn`, with stdout and stderr written to the file `log`: for a
    /// driver whose browser prints warnings all the time (GTK, WebKit,
    /// Firefox), which a pipe nobody reads would sooner or later block.
    pub fn spawn_logging(name: &'static str, mut command: Command, log: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::create(log)?;
        command.process_group(0).stdin(Stdio::null()).stdout(file.try_clone()?).stderr(file);
        let child = start(name, command)?;
        Ok(GroupChild { child, name, log: Some(log.to_path_buf()) })
    }

    /// Like `spawn`, handing back the process's stdout, for a process that
    /// reports there when it is ready (Xvfb's `-displayfd 1`).
    pub fn spawn_reading_stdout(name: &'static str, mut command: Command) -> std::io::Result<(Self, ChildStdout)> {
        command.process_group(0).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = start(name, command)?;
        let stdout = child.stdout.take().expect("stdout is piped");
        Ok((GroupChild { child, name, log: None }, stdout))
    }

    /// What the process has said on stderr (or in its log) so far, once it
    /// has exited; for error messages.
    pub fn output_after_exit(&mut self) -> String {
        match &self.log {
            Some(log) => std::fs::read_to_string(log).unwrap_or_default(),
            None => {
                let mut stderr = String::new();
                if let Some(mut err) = self.child.stderr.take() {
                    let _ = err.read_to_string(&mut stderr);
                }
                stderr
            }
        }
    }

    /// `Some(status)` if the process has exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
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
                let output = self.output_after_exit();
                return Err(std::io::Error::other(format!("{} exited with {status}: {output}", self.name)));
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

fn start(name: &str, mut command: Command) -> std::io::Result<Child> {
    command
        .spawn()
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot start {name}: {e} (run scripts/setup first)")))
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
