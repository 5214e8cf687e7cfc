//! A real `rookery serve` process for the benchmarks that measure the whole program
//! (B6 memory, B7 cold start): spawned from the release binary next to the bench
//! programs, configured by environment, polled over plain HTTP/1.1 on loopback, and read
//! through `/proc/PID/status`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;

/// The `rookery` binary: `ROOKERY_BIN`, else the one built next to this bench program.
pub fn binary() -> anyhow::Result<PathBuf> {
    if let Ok(path) = std::env::var("ROOKERY_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()?;
    let path = exe.with_file_name("rookery");
    anyhow::ensure!(
        path.exists(),
        "{} not found: build it (cargo build --release -p rookery-server) or set ROOKERY_BIN",
        path.display()
    );
    Ok(path)
}

/// A free loopback port (bound, then released for the server to take).
pub fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// A running `rookery serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `rookery serve` on `addr` with its data in `data_dir` and `database_url`
    /// (or SQLite in `data_dir` when `None`).
    pub fn spawn(
        data_dir: &Path,
        addr: SocketAddr,
        database_url: Option<&str>,
    ) -> anyhow::Result<Server> {
        let mut command = Command::new(binary()?);
        command
            .arg("serve")
            .env("ROOKERY__INSTANCE__DOMAIN", "bench.test")
            .env("ROOKERY__INSTANCE__SCHEME", "http")
            .env("ROOKERY__DATA__DIR", data_dir)
            .env("ROOKERY__HTTP__LISTEN", addr.to_string())
            .env("ROOKERY__LOG__LEVEL", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(url) = database_url {
            command.env("ROOKERY__DATABASE__URL", url);
        }
        let child = command.spawn().context("cannot start rookery serve")?;
        Ok(Server { child, addr })
    }

    /// Polls `GET path` until it answers 200; returns when it did, or fails after
    /// `timeout` (or when the process exited).
    pub fn wait_for_200(&mut self, path: &str, timeout: Duration) -> anyhow::Result<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            if get_status(self.addr, path).ok() == Some(200) {
                return Ok(Instant::now());
            }
            if let Some(status) = self.child.try_wait()? {
                anyhow::bail!("rookery serve exited early: {status}");
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "no 200 on {path} within {timeout:?}"
            );
            std::thread::sleep(Duration::from_micros(500));
        }
    }

    /// (VmRSS, VmHWM) of the process in KiB.
    pub fn memory_kib(&self) -> anyhow::Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        Ok((field("VmRSS:"), field("VmHWM:")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The status code of `GET path` over one HTTP/1.1 connection.
pub fn get_status(addr: SocketAddr, path: &str) -> anyhow::Result<u16> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(200))?;
    stream.set_read_timeout(Some(Duration::from_secs(2)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: bench.test\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head)?;
    let code = std::str::from_utf8(&head[9..12])?.parse()?;
    Ok(code)
}
