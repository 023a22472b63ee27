//! The Tauri handler of the declared commands (`galley::api::commands`): for each call it
//! takes the request as JSON, reads the clock (the shell is an edge), runs the command on the
//! session and answers with the response or `{code, message}`. No command is listed here: the
//! declaration in the core is the list, so a command declared there is served here.
//!
//! Commands run off the window's thread, so a save waiting on the disk never holds up input or
//! painting. The live preview is the exception (it is declared so): it runs on the window's
//! thread, which answers soonest, and reads through its own connection, so it never waits for a
//! save either.

use std::sync::Arc;

use chrono::Utc;
use galley::api::commands::{self, Context};
use galley::api::{Error, Session};
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::Manager;

fn run(
    session: &Session,
    name: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, InvokeError> {
    commands::call(session, name, body, Context { now: Utc::now() })
        .unwrap_or_else(|| Err(Error::not_found(format!("no command named `{name}`"))))
        .map_err(InvokeError::from)
}

/// The invoke handler: answers every declared command and leaves any other name to Tauri.
pub fn handler() -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    |invoke: Invoke| {
        let name = invoke.message.command().to_string();
        if !commands::NAMES.contains(&name.as_str()) {
            return false;
        }
        let empty = serde_json::json!({});
        let body = match invoke.message.payload() {
            InvokeBody::Json(v) if v.is_null() => &empty,
            InvokeBody::Json(v) => v,
            InvokeBody::Raw(_) => {
                invoke.resolver.reject(Error::bad_input(format!(
                    "the request of `{name}` must be JSON"
                )));
                return true;
            }
        };
        let session: Arc<Session> = invoke
            .message
            .webview()
            .state::<Arc<Session>>()
            .inner()
            .clone();
        if commands::on_caller_thread(&name) {
            // The live preview: read straight from the message, no copy of the piece.
            let answer = run(&session, &name, body);
            invoke.resolver.respond(answer);
        } else {
            let (body, resolver) = (body.clone(), invoke.resolver);
            tauri::async_runtime::spawn_blocking(move || {
                resolver.respond(run(&session, &name, &body))
            });
        }
        true
    }
}
