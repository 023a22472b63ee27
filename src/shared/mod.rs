//! The shared desk: a git repository of the desk's text files (piece files with their
//! workflow keys, the people, the settings) that many desks clone and sync, and whose server
//! checks every push with the same `workflow` rules a desk uses.
//!
//! `files` is the layout and the people and settings files; `poll_files` a list's poll and its
//! ballots; `git` runs the system git;
//! `server` makes a shared desk, serves it to one person over ssh, and is its `pre-receive`
//! hook. The desk's side (join, sync, conflicts, reindex) is in `api`, beside the rest of the desk.
//!
//! Not here: the clock (`now` is an argument) and SQL.

pub mod files;
pub mod git;
pub mod poll_files;
pub mod server;

use crate::domain::Move;

/// Who a push is from, as the transport names them: `GALLEY_PUSHER` is set by
/// `server serve` (`person:NAME`) and by the server's own scheduler (`scheduler`).
pub const PUSHER_ENV: &str = "GALLEY_PUSHER";

/// The name and address the scheduler's commits carry.
pub const SCHEDULER_NAME: &str = "Galley scheduler";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pusher {
    Person(String),
    Scheduler,
}

impl Pusher {
    pub fn parse(s: &str) -> Option<Pusher> {
        match s.trim() {
            "scheduler" => Some(Pusher::Scheduler),
            s => s
                .strip_prefix("person:")
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| Pusher::Person(n.to_string())),
        }
    }

    pub fn env_value(&self) -> String {
        match self {
            Pusher::Person(n) => format!("person:{n}"),
            Pusher::Scheduler => "scheduler".into(),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Pusher::Person(n) => n,
            Pusher::Scheduler => SCHEDULER_NAME,
        }
    }
}

/// What a commit of the shared desk says about the revision it carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    pub summary: String,
    pub note: Option<String>,
    pub piece: Option<String>,
    pub mv: Option<Move>,
}

const PIECE_TRAILER: &str = "Galley-Piece: ";
const MOVE_TRAILER: &str = "Galley-Move: ";

impl Message {
    /// The commit message: the summary, the note (as the body), and trailers for the piece
    /// and the move, so the history says who moved what, when and why.
    pub fn text(&self) -> String {
        let mut out = self.summary.replace('\n', " ");
        if let Some(n) = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            out.push_str("\n\n");
            out.push_str(n);
        }
        let mut trailers = Vec::new();
        if let Some(p) = &self.piece {
            trailers.push(format!("{PIECE_TRAILER}{p}"));
        }
        if let Some(m) = self.mv {
            trailers.push(format!("{MOVE_TRAILER}{m}"));
        }
        if !trailers.is_empty() {
            out.push_str("\n\n");
            out.push_str(&trailers.join("\n"));
        }
        out.push('\n');
        out
    }

    pub fn parse(text: &str) -> Message {
        let mut parts = text.trim_end().split("\n\n");
        let summary = parts.next().unwrap_or("").trim().to_string();
        let mut body = Vec::new();
        let mut m = Message {
            summary,
            ..Message::default()
        };
        for part in parts {
            let trailers = part.lines().all(|l| l.starts_with("Galley-"));
            if !trailers {
                body.push(part.trim().to_string());
                continue;
            }
            for l in part.lines() {
                if let Some(p) = l.strip_prefix(PIECE_TRAILER) {
                    m.piece = Some(p.trim().to_string());
                } else if let Some(mv) = l.strip_prefix(MOVE_TRAILER) {
                    m.mv = Move::parse(mv.trim());
                }
            }
        }
        m.note = Some(body.join("\n\n")).filter(|b| !b.trim().is_empty());
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_note_and_the_move() {
        let m = Message {
            summary: "Heat at Thirty: return (revision 4)".into(),
            note: Some("Check the dates in the second paragraph.\n\nAnd the title.".into()),
            piece: Some("0190-ab".into()),
            mv: Some(Move::Return),
        };
        assert_eq!(Message::parse(&m.text()), m);
        let plain = Message::parse("forge\n");
        assert_eq!((plain.note, plain.mv), (None, None));
    }

    #[test]
    fn only_the_two_pushers_parse() {
        assert_eq!(
            Pusher::parse("person:Cora Lee"),
            Some(Pusher::Person("Cora Lee".into()))
        );
        assert_eq!(Pusher::parse("scheduler"), Some(Pusher::Scheduler));
        assert_eq!(Pusher::parse("person:"), None);
        assert_eq!(Pusher::parse("root"), None);
    }
}
