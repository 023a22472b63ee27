//! `galley serve`: the declared commands as JSON over HTTP on 127.0.0.1, for the UI in a plain
//! browser and for the UI's tests. `POST /api/COMMAND` with the request as the JSON body; the
//! answer is the response as JSON, or `{code, message}` with a 4xx or 5xx status.
//!
//! Every request carries the token made at start (`Authorization: Bearer TOKEN`); one without
//! it gets 401 and nothing runs. The host binds 127.0.0.1 only and answers only requests whose
//! `Host` names a loopback address, so a web page elsewhere cannot reach the desk through the
//! browser (DNS rebinding). This is an edge: it reads the clock for each call.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use galley::api::commands::{self, Context};
use galley::api::{Error, ErrorCode, Session};

/// A request body may be at most this large (a piece file is at most 10 MB; JSON adds a little).
const MAX_BODY: u64 = 32 * 1024 * 1024;

/// The clock: now, or a fixed start that runs on from when the host started (for tests and
/// demos that need the desk's "now" to be a known day).
#[derive(Clone, Copy)]
pub struct Clock {
    start: Option<(DateTime<Utc>, Instant)>,
}

impl Clock {
    pub fn new(start: Option<DateTime<Utc>>) -> Clock {
        Clock {
            start: start.map(|s| (s, Instant::now())),
        }
    }

    fn now(&self) -> DateTime<Utc> {
        match self.start {
            Some((at, since)) => {
                at + chrono::Duration::from_std(since.elapsed()).unwrap_or_default()
            }
            None => Utc::now(),
        }
    }
}

/// Serves `session` until the process is stopped. The token is written to `token_file` (only
/// its owner may read it) or printed on the first line of `out`; the address follows.
pub fn serve(
    session: Session,
    bind: IpAddr,
    port: u16,
    token_file: Option<&Path>,
    clock: Clock,
    out: &mut impl Write,
) -> Result<(), Error> {
    if bind != IpAddr::V4(Ipv4Addr::LOCALHOST) {
        return Err(Error::bad_input(format!(
            "the host serves on 127.0.0.1 only, not {bind}: the desk is not for the network"
        )));
    }
    let token = new_token()?;
    let server = tiny_http::Server::http(SocketAddr::new(bind, port)).map_err(|e| {
        Error::new(
            ErrorCode::Storage,
            format!("cannot listen on {bind}:{port}: {e}"),
        )
    })?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let io = |e: std::io::Error| Error::new(ErrorCode::Storage, format!("cannot write: {e}"));
    match token_file {
        Some(path) => write_private(path, &token).map_err(|e| {
            Error::bad_input(format!("cannot write the token to {}: {e}", path.display()))
        })?,
        None => writeln!(out, "{token}").map_err(io)?,
    }
    writeln!(
        out,
        "serving {} on http://{addr}",
        session.db_path().display()
    )
    .map_err(io)?;
    out.flush().map_err(io)?;
    tracing::info!(%addr, "serving");

    let session = Arc::new(session);
    let token = Arc::new(token);
    for request in server.incoming_requests() {
        let (session, token) = (session.clone(), token.clone());
        // One thread a request, so a long import does not hold up `task_progress` or a cancel.
        std::thread::spawn(move || answer(&session, &token, clock, request));
    }
    Ok(())
}

fn answer(session: &Session, token: &str, clock: Clock, mut request: tiny_http::Request) {
    let (status, body) = match handle(session, token, clock, &mut request) {
        Ok(json) => (200, json),
        Err((status, e)) => (
            status,
            serde_json::to_string(&e).unwrap_or_else(|_| "{}".into()),
        ),
    };
    let header =
        tiny_http::Header::from_bytes("Content-Type", "application/json").expect("a valid header");
    let response = tiny_http::Response::from_string(body)
        .with_status_code(status)
        .with_header(header);
    if let Err(e) = request.respond(response) {
        tracing::warn!("could not answer: {e}");
    }
}

fn handle(
    session: &Session,
    token: &str,
    clock: Clock,
    request: &mut tiny_http::Request,
) -> Result<String, (u16, Error)> {
    let header = |name: &str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
    };
    let authorized = header("Authorization")
        .and_then(|v| v.strip_prefix("Bearer ").map(str::to_string))
        .is_some_and(|given| same(given.trim().as_bytes(), token.as_bytes()));
    if !authorized {
        return Err((
            401,
            Error::new(
                ErrorCode::Refused,
                "this desk's host needs its token: send `Authorization: Bearer TOKEN`",
            ),
        ));
    }
    if !header("Host").is_some_and(|h| loopback_host(&h)) {
        return Err((
            403,
            Error::new(
                ErrorCode::Refused,
                "the desk answers only requests addressed to 127.0.0.1 or localhost",
            ),
        ));
    }
    if *request.method() != tiny_http::Method::Post {
        return Err((
            405,
            Error::bad_input("commands are sent with POST /api/COMMAND"),
        ));
    }
    let Some(name) = request.url().strip_prefix("/api/").map(str::to_string) else {
        return Err((
            404,
            Error::not_found(format!("no such address `{}`", request.url())),
        ));
    };
    let mut text = String::new();
    request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_string(&mut text)
        .map_err(|e| {
            (
                400,
                Error::bad_input(format!("cannot read the request: {e}")),
            )
        })?;
    if text.len() as u64 > MAX_BODY {
        return Err((413, Error::bad_input("the request is larger than 32 MB")));
    }
    let body: serde_json::Value = if text.trim().is_empty() {
        serde_json::json!({})
    } else {
        serde_json::from_str(&text).map_err(|e| {
            (
                400,
                Error::bad_input(format!("the request of `{name}` is not JSON: {e}")),
            )
        })?
    };
    let Some(result) = commands::call(session, &name, &body, Context { now: clock.now() }) else {
        return Err((404, Error::not_found(format!("no command named `{name}`"))));
    };
    match result {
        Ok(v) => Ok(v.to_string()),
        Err(e) => Err((status_of(e.code), e)),
    }
}

fn status_of(code: ErrorCode) -> u16 {
    match code {
        ErrorCode::BadInput | ErrorCode::Ambiguous | ErrorCode::Render => 400,
        ErrorCode::NotFound => 404,
        ErrorCode::Refused => 403,
        ErrorCode::Conflict | ErrorCode::Cancelled => 409,
        ErrorCode::Incompatible => 422,
        ErrorCode::Storage => 500,
        ErrorCode::Offline => 503,
    }
}

/// `127.0.0.1`, `localhost` or `[::1]`, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Compares without stopping at the first difference, so timing says nothing of the token.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn new_token() -> Result<String, Error> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::new(
            ErrorCode::Storage,
            format!("no randomness for the token: {e}"),
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn write_private(path: &Path, token: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    writeln!(f, "{token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_are_answered() {
        for ok in [
            "127.0.0.1:7878",
            "localhost:5173",
            "LOCALHOST",
            "[::1]:80",
            "127.0.0.1",
        ] {
            assert!(loopback_host(ok), "{ok} is loopback");
        }
        for bad in [
            "evil.example",
            "evil.example:7878",
            "10.0.0.1:7878",
            "192.168.1.2",
        ] {
            assert!(!loopback_host(bad), "{bad} is not loopback");
        }
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
    }
}
