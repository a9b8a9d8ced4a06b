//! Plain HTTP requests to a served site, as a crawler or a link preview
//! makes them: HTTP/1.1, no redirects followed, the raw headers kept.

use crate::{Result, Site};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Response {
    /// `HTTP/1.1`, `HTTP/2`.
    pub version: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// `GET path` as a crawler sends it: HTTP/1.1, no redirects followed.
pub fn get(site: &Site, path: &str, extra: &[(&str, &str)]) -> Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", site.port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut request = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nUser-Agent: WhatsApp/2.23\r\nConnection: close\r\n",
        site.port
    );
    for (name, value) in extra {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no end of headers")?;
    let mut response = read_head(std::str::from_utf8(&raw[..split])?)?;
    response.body = raw[split + 4..].to_vec();
    if response.header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        response.body = dechunk(&response.body)?;
    }
    Ok(response)
}

/// The status line and headers of `url` as curl gets them with `args`
/// (`-k --http2` for HTTPS with a test certificate and HTTP/2); no body.
pub fn curl_head(args: &[&str], url: &str) -> Result<Response> {
    let out =
        std::process::Command::new("curl").args(["-sS", "-o", "/dev/null", "-D", "-"]).args(args).arg(url).output()?;
    if !out.status.success() {
        return Err(format!("curl {url}: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let head = String::from_utf8(out.stdout)?;
    read_head(head.trim_end())
}

/// A response's head (status line and headers, `\r\n` between lines).
fn read_head(head: &str) -> Result<Response> {
    let mut lines = head.split("\r\n");
    let mut status_line = lines.next().ok_or("no status line")?.split(' ');
    let version = status_line.next().ok_or("no version")?.to_string();
    let status: u16 = status_line.next().ok_or("no status")?.parse()?;
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    Ok(Response { version, status, headers, body: Vec::new() })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").ok_or("bad chunk")?;
        let size_text = std::str::from_utf8(&data[..line_end])?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}
