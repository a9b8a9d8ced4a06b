//! A virtual X display of a test's own (Xvfb), for the one browser here
//! that cannot run headless: WebKitGTK's MiniBrowser. Xvfb picks a free
//! display number itself (`-displayfd`), so parallel tests never share or
//! fight over one, and `cargo test` needs no `xvfb-run`.

use crate::process::GroupChild;
use crate::Result;
use std::io::{BufRead, BufReader};
use std::process::Command;
use std::time::Duration;

/// Large enough for the kiosk's 1080×1920 portrait screen plus the
/// browser's own window decoration.
const SCREEN: &str = "2200x2200x24";

pub struct Display {
    number: u32,
    server: GroupChild,
}

impl Display {
    /// Starts Xvfb on the first free display number and waits until it
    /// accepts clients.
    pub fn start() -> Result<Display> {
        let mut command = Command::new(xvfb_binary());
        // `-displayfd 1`: Xvfb writes the display number it took to stdout
        // once it is ready for clients.
        command.args(["-displayfd", "1", "-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"]);
        let (mut server, stdout) = GroupChild::spawn_reading_stdout("Xvfb", command)?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(20)).unwrap_or_default();
        match line.trim().parse() {
            Ok(number) => Ok(Display { number, server }),
            Err(_) => {
                let why = match server.exited() {
                    Some(status) => format!("exited with {status}: {}", server.output_after_exit()),
                    None => "did not report a display within 20 s".into(),
                };
                Err(format!("Xvfb {why}").into())
            }
        }
    }

    /// The value for `DISPLAY`, e.g. `:3`.
    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }

    /// Process group of the X server.
    pub fn pgid(&self) -> u32 {
        self.server.pgid()
    }
}

fn xvfb_binary() -> String {
    std::env::var("XVFB").unwrap_or_else(|_| "/usr/bin/Xvfb".into())
}
