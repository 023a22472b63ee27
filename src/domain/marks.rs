//! The copy desk's marks on a piece: queries anchored to passages, with their replies, and
//! suggested changes, each with its author. They are the piece's (they travel with it and every
//! revision keeps them) but not its content: a save of content never writes them, it only
//! re-anchors them (`copydesk::follow`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Content;

/// A piece's queries and suggestions, oldest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queries: Vec<Query>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// House-style findings a person set aside for this piece.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<SetAside>,
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        self.queries.is_empty() && self.suggestions.is_empty() && self.set_aside.is_empty()
    }

    pub fn open_queries(&self) -> impl Iterator<Item = &Query> {
        self.queries.iter().filter(|q| q.is_open())
    }

    pub fn open_suggestions(&self) -> impl Iterator<Item = &Suggestion> {
        self.suggestions.iter().filter(|s| s.decision.is_none())
    }
}

/// Where a mark sits: the quoted words with some of the text on each side, and their place,
/// as the W3C Web Annotation model's TextQuoteSelector and TextPositionSelector say it.
/// Offsets count characters (Unicode scalar values) of the field's text; `end` is exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    pub start: usize,
    pub end: usize,
    pub quote: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

/// How well an anchor held after the text changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorStatus {
    /// On its quoted words.
    #[default]
    Anchored,
    /// On words close to the quote, where the quote was: a person should check it.
    Moved,
    /// Its words are gone; it waits in the tray to be reattached by hand.
    Orphaned,
}

impl AnchorStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorStatus::Anchored => "anchored",
            AnchorStatus::Moved => "moved",
            AnchorStatus::Orphaned => "orphaned",
        }
    }
}

/// A copy-desk query on a passage of one field, and its thread: the first message is the
/// question, the rest are replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub id: String,
    /// Which text the passage is in: `body`, `headline`, `dek`, `review.KEY` (a fact-box field)
    /// or `blurb.RANK` (a list entry's blurb).
    pub field: String,
    pub anchor: Anchor,
    #[serde(default)]
    pub status: AnchorStatus,
    pub messages: Vec<Message>,
    /// Resolved and reopened, oldest first; never rewritten.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<QueryEvent>,
}

impl Query {
    pub fn is_open(&self) -> bool {
        self.events.last().is_none_or(|e| !e.resolved)
    }

    pub fn asker(&self) -> &str {
        self.messages.first().map_or("", |m| m.author.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub id: String,
    pub author: String,
    pub at: DateTime<Utc>,
    pub text: String,
}

/// A query resolved (`resolved: true`) or reopened, by whom and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryEvent {
    pub resolved: bool,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A proposed change of one field: the anchored words (empty for an insertion) become
/// `insert` (empty for a deletion).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub id: String,
    pub field: String,
    pub author: String,
    pub at: DateTime<Utc>,
    pub anchor: Anchor,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub insert: String,
    /// Made from a house-style finding (its rule), on its author's word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Not on its words any more: the words it changes have changed since, so accepting it
    /// would change something its author never saw.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

impl Suggestion {
    /// `deletion`, `insertion` or `replacement`.
    pub fn what(&self) -> &'static str {
        match (self.anchor.quote.is_empty(), self.insert.is_empty()) {
            (true, _) => "insertion",
            (false, true) => "deletion",
            (false, false) => "replacement",
        }
    }
}

/// A style finding set aside: its rule and words in one field, whoever decided and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAside {
    pub rule: String,
    pub field: String,
    pub quote: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub accepted: bool,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The fields a mark may sit in, as the fact box and list give them.
impl Content {
    /// The text of `field`, or `None` when the piece has no such field. A fact-box field with
    /// several names reads as them joined by `, `.
    pub fn field_text(&self, field: &str) -> Option<String> {
        match field {
            "body" => return Some(self.body.clone()),
            "headline" => return Some(self.headline.clone()),
            "dek" => return Some(self.dek.clone()),
            _ => {}
        }
        if let Some(rank) = field.strip_prefix("blurb.") {
            let rank: u32 = rank.parse().ok()?;
            let entry = self
                .list
                .as_ref()?
                .entries
                .iter()
                .find(|e| e.rank == rank)?;
            return Some(entry.blurb.clone().unwrap_or_default());
        }
        let key = field.strip_prefix("review.")?;
        let value = serde_json::to_value(&self.review.as_ref()?.subject).ok()?;
        match value.get(key)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Array(a) => Some(
                a.iter()
                    .filter_map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => None,
        }
    }

    /// Sets the text of a field a suggestion may change: the body, headline, dek or a blurb.
    /// False when the field is not one of those or the piece lacks it.
    pub fn set_field_text(&mut self, field: &str, text: String) -> bool {
        match field {
            "body" => self.body = text,
            "headline" => self.headline = text,
            "dek" => self.dek = text,
            _ => {
                let Some(rank) = field
                    .strip_prefix("blurb.")
                    .and_then(|r| r.parse::<u32>().ok())
                else {
                    return false;
                };
                let Some(e) = self
                    .list
                    .as_mut()
                    .and_then(|l| l.entries.iter_mut().find(|e| e.rank == rank))
                else {
                    return false;
                };
                e.blurb = Some(text).filter(|t| !t.is_empty());
            }
        }
        true
    }

    /// Every field a mark may sit in that this piece has, body first.
    pub fn mark_fields(&self) -> Vec<String> {
        let mut out = vec!["body".to_string(), "headline".into(), "dek".into()];
        if let Some(r) = &self.review {
            if let Ok(serde_json::Value::Object(m)) = serde_json::to_value(&r.subject) {
                out.extend(
                    m.iter()
                        .filter(|(k, v)| *k != "medium" && (v.is_string() || v.is_array()))
                        .map(|(k, _)| format!("review.{k}")),
                );
            }
        }
        if let Some(l) = &self.list {
            out.extend(l.entries.iter().map(|e| format!("blurb.{}", e.rank)));
        }
        out
    }
}
