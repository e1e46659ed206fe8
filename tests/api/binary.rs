//! The real `kentongan` binary as an operator runs it: a long-running `serve` started, found by the address
//! its start line says, waited for until `/readyz` answers 200, and stopped with SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The binary in `dir`, with no `KENTONGAN_*` or `RUST_LOG` leaking in from the test's environment.
pub fn kentongan(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kentongan"));
    clean_env(&mut cmd).current_dir(dir);
    cmd
}

/// Removes what the test's own environment would leak into a child.
pub fn clean_env(cmd: &mut Command) -> &mut Command {
    cmd.env_remove("RUST_LOG");
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("KENTONGAN_")) {
        cmd.env_remove(key);
    }
    cmd
}

/// A running server process.
pub struct Served {
    child: Child,
    /// `http://127.0.0.1:PORT`, from the start line.
    pub base: String,
    log: Arc<Mutex<String>>,
}

impl Served {
    /// Starts `cmd` (which must `exec` the server, so SIGTERM reaches it) and waits until `/readyz` is 200.
    pub async fn start(mut cmd: Command) -> Served {
        let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut served = Served { child, base: String::new(), log };
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = reqwest::Client::new();
        loop {
            if let Some(status) = served.child.try_wait().unwrap() {
                panic!("the server exited with {status} before it was ready:\n{}", served.log());
            }
            assert!(Instant::now() < deadline, "not ready within 60 s:\n{}", served.log());
            if served.base.is_empty()
                && let Some(address) = listen_address(&served.log())
            {
                served.base = format!("http://{address}");
            }
            if !served.base.is_empty()
                && let Ok(r) = client.get(format!("{}/readyz", served.base)).send().await
                && r.status() == 200
            {
                return served;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Everything the server logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGTERM, then waits (up to 30 s) for the process to end; returns its exit status and its log.
    pub async fn stop(mut self) -> (ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader thread ends with the pipe; give it a moment to take the last lines.
                tokio::time::sleep(Duration::from_millis(100)).await;
                return (status, self.log());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not stop within 30 s of SIGTERM:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        // A failed assertion must not leave a server running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bound address the start line names, in JSON (`"listen":"127.0.0.1:P"`) or pretty (`listen=…`) logs.
fn listen_address(log: &str) -> Option<String> {
    let line = log.lines().find(|l| l.contains("kentongan listening"))?;
    let (at, key) = ["\"listen\":\"", " listen="].iter().find_map(|k| line.find(k).map(|at| (at, k.len())))?;
    let rest = &line[at + key..];
    let address: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':').collect();
    (!address.is_empty()).then_some(address)
}
