//! `galley serve`, the loopback host: the token on every request, 127.0.0.1 only, the declared
//! commands with the core's own answers and refusals.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running host on a fresh desk; killed when dropped.
struct Host {
    child: Child,
    addr: String,
    token: String,
}

impl Drop for Host {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(db: &Path, extra: &[&str]) -> Host {
    let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
        .arg("--db")
        .arg(db)
        .args(["serve", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("galley serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let token = if extra.contains(&"--token-file") {
        String::new()
    } else {
        lines.next().unwrap().unwrap()
    };
    let serving = lines.next().unwrap().unwrap();
    let addr = serving
        .rsplit("http://")
        .next()
        .expect("the address is printed")
        .to_string();
    Host { child, addr, token }
}

/// One HTTP/1.1 request; gives the status and the body.
fn post(addr: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

impl Host {
    fn call(&self, command: &str, body: &str) -> (u16, serde_json::Value) {
        let auth = format!("Bearer {}", self.token);
        let (status, text) = post(
            &self.addr,
            &format!("/api/{command}"),
            &[("Authorization", &auth)],
            body,
        );
        (status, serde_json::from_str(&text).unwrap_or_default())
    }
}

#[test]
fn a_request_without_the_token_is_refused_and_does_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let host = start(&dir.path().join("desk.galley"), &[]);
    assert_eq!(host.token.len(), 48, "a 24-byte token in hex");
    let (status, body) = post(&host.addr, "/api/demo_seed", &[], "{}");
    assert_eq!(status, 401, "no token: {body}");
    let (status, _) = post(
        &host.addr,
        "/api/demo_seed",
        &[(
            "Authorization",
            "Bearer 000000000000000000000000000000000000000000000000",
        )],
        "{}",
    );
    assert_eq!(status, 401, "a wrong token of the right length");
    let (status, info) = host.call("app_info", "");
    assert_eq!(status, 200);
    assert_eq!(info["pieces"], 0, "the refused demo_seed wrote nothing");
    let (status, seeded) = host.call("demo_seed", "{}");
    assert_eq!((status, seeded), (200, serde_json::json!(true)));
    assert!(host.call("app_info", "").1["pieces"].as_i64().unwrap() > 5);
}

#[test]
fn the_commands_answer_with_the_cores_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let host = start(
        &dir.path().join("desk.galley"),
        &["--now", "2026-06-01T09:00:00Z"],
    );
    assert_eq!(host.call("demo_seed", "").0, 200);
    let (status, err) = host.call("sign_in", r#"{"name": "Nobody"}"#);
    assert_eq!(status, 404);
    assert_eq!(err["code"], "not_found");
    assert_eq!(
        err["message"], "no person named `Nobody` on this desk",
        "the core's message, without the CLI's hint"
    );
    assert_eq!(host.call("sign_in", r#"{"name": "Wren Adair"}"#).0, 200);
    let (_, piece) = host.call(
        "piece_new",
        r#"{"kind": "feature", "section": "Books", "medium": null, "headline": "Margins"}"#,
    );
    let id = piece["id"].as_str().unwrap().to_string();
    assert!(
        piece["created_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-06-01T09:00"),
        "--now sets the desk's clock: {}",
        piece["created_at"]
    );
    let (status, err) = host.call(
        "piece_move",
        &format!(r#"{{"id": "{id}", "to": "copyedit", "note": null}}"#),
    );
    assert_eq!(status, 403);
    assert_eq!(err["code"], "refused");
    assert_eq!(err["message"], "cannot submit: the body is empty");
    let (status, err) = host.call("search", r#"{"query": "x"}"#);
    assert_eq!(
        (status, err["code"].as_str()),
        (400, Some("bad_input")),
        "a field is missing: {err}"
    );
    let (status, err) = host.call("no_such_command", "{}");
    assert_eq!((status, err["code"].as_str()), (404, Some("not_found")));
}

#[test]
fn only_loopback_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.galley");
    let out = Command::new(env!("CARGO_BIN_EXE_galley"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "another bind address is bad input"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("127.0.0.1 only"));

    // A page elsewhere that reaches the host through the browser names its own host.
    let host = start(&db, &[]);
    let mut s = TcpStream::connect(&host.addr).unwrap();
    let req = format!(
        "POST /api/app_info HTTP/1.1\r\nHost: desk.evil.example\r\nAuthorization: Bearer {}\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{{}}",
        host.token
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 403"), "{text}");
}

#[test]
fn the_token_file_is_the_owners_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    let mut host = start(
        &dir.path().join("desk.galley"),
        &["--token-file", file.to_str().unwrap()],
    );
    host.token = std::fs::read_to_string(&file).unwrap().trim().to_string();
    assert_eq!(host.token.len(), 48);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only its owner reads the token");
    }
    assert_eq!(host.call("board", "").0, 200);
}
