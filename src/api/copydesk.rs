//! The copy desk on the desk: queries on passages (ask, reply, resolve, reopen, reattach),
//! suggested changes (suggest a text, accept, reject, all of one person's), and the views of
//! them. Every change is built here and checked by `workflow::check_marks`, then written as the
//! piece's next revision; a change of text re-anchors every mark (`copydesk::follow`).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Desk, Error, Result};
use crate::copydesk::style::{self, StyleSheet};
use crate::copydesk::{self, anchor, critic, suggest};
use crate::domain::{
    Anchor, AnchorStatus, Content, Decision, Marks, Message, Person, Piece, Query, QueryEvent,
    SetAside, Stage, Suggestion,
};
use crate::store::{self, Why};
use crate::workflow::{self, Actor};

/// Where a mark sits, as the UI and the CLI see it. Offsets count characters of the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum MarkStatus {
    Anchored,
    Moved,
    Orphaned,
}

impl From<AnchorStatus> for MarkStatus {
    fn from(s: AnchorStatus) -> MarkStatus {
        match s {
            AnchorStatus::Anchored => MarkStatus::Anchored,
            AnchorStatus::Moved => MarkStatus::Moved,
            AnchorStatus::Orphaned => MarkStatus::Orphaned,
        }
    }
}

/// A query with its thread.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct QueryView {
    pub id: String,
    pub field: String,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    pub start: usize,
    pub end: usize,
    pub status: MarkStatus,
    pub open: bool,
    pub messages: Vec<MessageView>,
    pub events: Vec<QueryEventView>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MessageView {
    pub id: String,
    pub author: String,
    pub at: DateTime<Utc>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct QueryEventView {
    pub resolved: bool,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A suggested change: `quote` (empty for an insertion) becomes `insert` (empty for a deletion).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SuggestionView {
    pub id: String,
    pub field: String,
    pub author: String,
    pub at: DateTime<Utc>,
    /// `insertion`, `deletion` or `replacement`.
    pub what: String,
    pub quote: String,
    pub insert: String,
    pub start: usize,
    pub end: usize,
    /// The house-style rule whose fix it is, when it came from one.
    pub via: Option<String>,
    /// Its words changed since it was made: it cannot be accepted.
    pub stale: bool,
    /// `open`, `accepted` or `rejected`.
    pub state: String,
    pub decided_by: Option<String>,
}

/// A piece's queries and suggestions, and what the person asking may do with them.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MarksView {
    pub revision: i64,
    pub queries: Vec<QueryView>,
    pub suggestions: Vec<SuggestionView>,
    pub may_query: bool,
    pub may_suggest: bool,
    pub may_decide: bool,
    /// The body with every open suggestion that can be accepted accepted: what the preview
    /// shows when asked for the piece with its suggestions.
    pub accepted: String,
    /// The body with the open suggestions of the person asking accepted: their proposal, the
    /// text they edit in suggesting mode.
    pub mine: String,
}

/// What changed in one field between two revisions.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FieldDiff {
    pub field: String,
    pub runs: Vec<super::DiffRun>,
}

/// What changed since the writer submitted the piece: in copyedit, from the revision that went
/// to the copy desk to now; after a return to draft, from it to the revision returned.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SinceSubmitted {
    pub from: i64,
    pub to: i64,
    /// Who submitted, and who returned it (when it came back).
    pub submitted_by: Option<String>,
    pub returned_by: Option<String>,
    /// Only the fields that changed.
    pub fields: Vec<FieldDiff>,
}

impl QueryView {
    pub fn status_name(&self) -> &'static str {
        match self.status {
            MarkStatus::Anchored => "anchored",
            MarkStatus::Moved => "moved",
            MarkStatus::Orphaned => "orphaned",
        }
    }
}

impl From<&Query> for QueryView {
    fn from(q: &Query) -> QueryView {
        QueryView {
            id: q.id.clone(),
            field: q.field.clone(),
            quote: q.anchor.quote.clone(),
            prefix: q.anchor.prefix.clone(),
            suffix: q.anchor.suffix.clone(),
            start: q.anchor.start,
            end: q.anchor.end,
            status: q.status.into(),
            open: q.is_open(),
            messages: q
                .messages
                .iter()
                .map(|m| MessageView {
                    id: m.id.clone(),
                    author: m.author.clone(),
                    at: m.at,
                    text: m.text.clone(),
                })
                .collect(),
            events: q
                .events
                .iter()
                .map(|e| QueryEventView {
                    resolved: e.resolved,
                    by: e.by.clone(),
                    at: e.at,
                })
                .collect(),
        }
    }
}

impl From<&Suggestion> for SuggestionView {
    fn from(s: &Suggestion) -> SuggestionView {
        SuggestionView {
            id: s.id.clone(),
            field: s.field.clone(),
            author: s.author.clone(),
            at: s.at,
            what: s.what().into(),
            quote: s.anchor.quote.clone(),
            insert: s.insert.clone(),
            start: s.anchor.start,
            end: s.anchor.end,
            via: s.via.clone(),
            stale: s.stale,
            state: match &s.decision {
                None => "open",
                Some(d) if d.accepted => "accepted",
                Some(_) => "rejected",
            }
            .into(),
            decided_by: s.decision.as_ref().map(|d| d.by.clone()),
        }
    }
}

/// Where a new query goes: a selection of a field (`start`..`end` in characters), or the
/// words quoted, which must occur once in the field.
#[derive(Debug, Clone)]
pub enum Passage<'a> {
    Range(usize, usize),
    Quote(&'a str),
}

impl Desk {
    /// The piece's queries and suggestions, for `actor`.
    pub fn marks(&self, actor: &str, id: &str) -> Result<MarksView> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        Ok(view(&self.conn, &person, &piece)?)
    }

    /// Asks a query on a passage of `field`.
    pub fn query_add(
        &mut self,
        actor: &str,
        id: &str,
        field: &str,
        passage: Passage,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<QueryView> {
        let (person, piece) = self.participant(actor, id)?;
        let text = need_text(text, "a query")?;
        let anchor = locate(&piece.content, field, passage)?;
        let mut marks = piece.marks.clone();
        let qid = next_id(marks.queries.iter().map(|q| q.id.as_str()), "q");
        marks.queries.push(Query {
            id: qid.clone(),
            field: field.to_string(),
            status: AnchorStatus::Anchored,
            messages: vec![Message {
                id: format!("{qid}.1"),
                author: person.name.clone(),
                at: now,
                text,
            }],
            events: vec![],
            anchor,
        });
        let note = format!(
            "query on \u{201c}{}\u{201d}",
            short(&marks.queries.last().unwrap().anchor.quote)
        );
        let saved = self.write_marks(&person, &piece, marks, None, &note, now)?;
        Ok(query_of(&saved, &qid)?.into())
    }

    /// Answers a query.
    pub fn query_reply(
        &mut self,
        actor: &str,
        id: &str,
        query: &str,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<QueryView> {
        let (person, piece) = self.participant(actor, id)?;
        let text = need_text(text, "a reply")?;
        let mut marks = piece.marks.clone();
        let q = query_mut(&mut marks, query)?;
        let mid = format!("{}.{}", q.id, q.messages.len() + 1);
        q.messages.push(Message {
            id: mid,
            author: person.name.clone(),
            at: now,
            text,
        });
        let (qid, note) = (
            q.id.clone(),
            format!("reply on \u{201c}{}\u{201d}", short(&q.anchor.quote)),
        );
        let saved = self.write_marks(&person, &piece, marks, None, &note, now)?;
        Ok(query_of(&saved, &qid)?.into())
    }

    /// Resolves (`resolved`) or reopens a query.
    pub fn query_resolve(
        &mut self,
        actor: &str,
        id: &str,
        query: &str,
        resolved: bool,
        now: DateTime<Utc>,
    ) -> Result<QueryView> {
        let (person, piece) = self.participant(actor, id)?;
        let mut marks = piece.marks.clone();
        let q = query_mut(&mut marks, query)?;
        if q.is_open() != resolved {
            return Err(Error::bad_input(format!(
                "the query on \u{201c}{}\u{201d} is already {}",
                short(&q.anchor.quote),
                if resolved { "resolved" } else { "open" }
            )));
        }
        q.events.push(QueryEvent {
            resolved,
            by: person.name.clone(),
            at: now,
        });
        let verb = if resolved { "resolved" } else { "reopened" };
        let (qid, note) = (
            q.id.clone(),
            format!(
                "{verb} the query on \u{201c}{}\u{201d}",
                short(&q.anchor.quote)
            ),
        );
        let saved = self.write_marks(&person, &piece, marks, None, &note, now)?;
        Ok(query_of(&saved, &qid)?.into())
    }

    /// Puts a moved or orphaned query on a passage by hand; it is anchored there.
    pub fn query_reattach(
        &mut self,
        actor: &str,
        id: &str,
        query: &str,
        passage: Passage,
        now: DateTime<Utc>,
    ) -> Result<QueryView> {
        let (person, piece) = self.participant(actor, id)?;
        let mut marks = piece.marks.clone();
        let q = query_mut(&mut marks, query)?;
        q.anchor = locate(&piece.content, &q.field, passage)?;
        q.status = AnchorStatus::Anchored;
        let (qid, note) = (
            q.id.clone(),
            format!("query put on \u{201c}{}\u{201d}", short(&q.anchor.quote)),
        );
        let saved = self.write_marks(&person, &piece, marks, None, &note, now)?;
        Ok(query_of(&saved, &qid)?.into())
    }

    /// `actor`'s suggestions on `field` become the differences of `text` from the field's text:
    /// their earlier undecided suggestions there are replaced (one that is unchanged keeps its
    /// id and time). Others' suggestions are left as they are.
    pub fn suggest(
        &mut self,
        actor: &str,
        id: &str,
        field: &str,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<MarksView> {
        self.suggest_via(actor, id, field, text, None, now)
    }

    /// [`Desk::suggest`], the new suggestions credited to house-style rule `via` (a finding's
    /// fix taken in suggesting mode).
    pub fn suggest_via(
        &mut self,
        actor: &str,
        id: &str,
        field: &str,
        text: &str,
        via: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<MarksView> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        let facts = workflow::facts(&self.conn, &piece, Actor::Person(&person))?;
        workflow::may_suggest(&person, &piece, &facts)?;
        let marks = suggested(&piece, &person, field, text, via, now)?;
        if marks != piece.marks {
            let n = marks
                .open_suggestions()
                .filter(|s| s.author == person.name)
                .count();
            let note = format!(
                "{n} suggestion{} by {}",
                if n == 1 { "" } else { "s" },
                person.name
            );
            self.write_marks(&person, &piece, marks, None, &note, now)?;
        }
        self.marks(actor, id)
    }

    /// Accepts (`accept`) or rejects suggestions: the one named, or with `all_of`, every open
    /// one by that person. Accepting changes the text as a new revision that says whose
    /// suggestions they were; a stale one is refused.
    pub fn decide(
        &mut self,
        actor: &str,
        id: &str,
        which: Which,
        accept: bool,
        now: DateTime<Utc>,
    ) -> Result<MarksView> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        let facts = workflow::facts(&self.conn, &piece, Actor::Person(&person))?;
        workflow::may_decide(&person, &piece, &facts)?;
        let ids: Vec<String> = match &which {
            Which::One(s) => vec![suggestion_of(&piece.marks, s)?.id.clone()],
            Which::AllOf(author) => {
                let ids: Vec<String> = piece
                    .marks
                    .open_suggestions()
                    .filter(|s| s.author.eq_ignore_ascii_case(author.trim()))
                    .map(|s| s.id.clone())
                    .collect();
                if ids.is_empty() {
                    return Err(Error::not_found(format!(
                        "{} has no open suggestions on this piece",
                        author.trim()
                    )));
                }
                ids
            }
        };
        let mut content = piece.content.clone();
        let mut marks = piece.marks.clone();
        let mut done = Vec::new();
        for sid in &ids {
            let s = marks
                .suggestions
                .iter()
                .find(|s| &s.id == sid)
                .expect("found above")
                .clone();
            if s.decision.is_some() {
                return Err(Error::bad_input(format!(
                    "the suggestion {sid} is already decided"
                )));
            }
            if accept {
                let text = content.field_text(&s.field).unwrap_or_default();
                let changed = (!s.stale)
                    .then(|| suggest::apply(&text, &s.anchor, &s.insert))
                    .flatten();
                let Some(changed) = changed else {
                    return Err(Error::new(
                        super::ErrorCode::Refused,
                        format!(
                            "cannot accept {}'s suggestion on \u{201c}{}\u{201d}: its words have changed since it was made; read it again, then reject it or ask for a new one",
                            s.author,
                            short(&s.anchor.quote)
                        ),
                    ));
                };
                let mut next = content.clone();
                next.set_field_text(&s.field, changed);
                copydesk::follow(&content, &next, &mut marks);
                content = next;
            }
            let m = marks
                .suggestions
                .iter_mut()
                .find(|m| &m.id == sid)
                .expect("kept");
            m.decision = Some(Decision {
                accepted: accept,
                by: person.name.clone(),
                at: now,
            });
            done.push(s);
        }
        let verb = if accept { "accepted" } else { "rejected" };
        let note = match done.as_slice() {
            [s] => format!("{verb} {}'s suggestion: {}", s.author, describe(s)),
            many => format!("{verb} {} suggestions by {}", many.len(), many[0].author),
        };
        let content = (content != piece.content).then_some(content);
        self.write_marks(&person, &piece, marks, content, &note, now)?;
        self.marks(actor, id)
    }

    /// The body with its open suggestions and queries in CriticMarkup; the second value counts
    /// the marks left out because they overlap another.
    pub fn critic_export(&self, id: &str) -> Result<(String, usize)> {
        let piece = self.piece(id)?;
        let m = &piece.marks;
        let sugg: Vec<&Suggestion> = m
            .open_suggestions()
            .filter(|s| s.field == "body" && !s.stale)
            .collect();
        let queries: Vec<&Query> = m
            .open_queries()
            .filter(|q| q.field == "body" && q.status != AnchorStatus::Orphaned)
            .collect();
        Ok(critic::write(&piece.content.body, &sugg, &queries))
    }

    /// Reads a CriticMarkup text of the piece's body: its changes become `actor`'s suggestions
    /// and its comments `actor`'s queries. The text without its marks must be the body as it
    /// stands. `name` names the file in errors.
    pub fn critic_import(
        &mut self,
        actor: &str,
        id: &str,
        name: &str,
        marked: &str,
        now: DateTime<Utc>,
    ) -> Result<MarksView> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        let marked = marked.replace("\r\n", "\n");
        let (base, read) = critic::read(&marked)
            .map_err(|e| Error::bad_input(format!("{name}:{}: {}", e.line, e.message)))?;
        if base != piece.content.body {
            let line = base
                .lines()
                .zip(piece.content.body.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| base.lines().count().min(piece.content.body.lines().count()))
                + 1;
            return Err(Error::bad_input(format!(
                "{name}: the text without its marks differs from the piece's body from its line {line}; marks are read on the text they were made on, so export the piece again and mark that"
            )));
        }
        let mut marks = piece.marks.clone();
        let mut sq = next_number(marks.suggestions.iter().map(|s| s.id.as_str()), "s");
        let mut qq = next_number(marks.queries.iter().map(|q| q.id.as_str()), "q");
        let (mut ns, mut nq) = (0, 0);
        for m in read {
            match m {
                critic::Mark::Change { start, end, insert } => {
                    marks.suggestions.push(Suggestion {
                        id: format!("s{sq}"),
                        field: "body".into(),
                        author: person.name.clone(),
                        at: now,
                        anchor: anchor::anchor_at(&base, start, end).expect("read on the base"),
                        insert,
                        via: None,
                        stale: false,
                        decision: None,
                    });
                    sq += 1;
                    ns += 1;
                }
                critic::Mark::Comment { start, end, text } => {
                    marks.queries.push(Query {
                        id: format!("q{qq}"),
                        field: "body".into(),
                        anchor: anchor::anchor_at(&base, start, end).expect("read on the base"),
                        status: AnchorStatus::Anchored,
                        messages: vec![Message {
                            id: format!("q{qq}.1"),
                            author: person.name.clone(),
                            at: now,
                            text,
                        }],
                        events: vec![],
                    });
                    qq += 1;
                    nq += 1;
                }
            }
        }
        if ns + nq > 0 {
            let note = format!(
                "{ns} suggestions and {nq} queries by {} from {name}",
                person.name
            );
            self.write_marks(&person, &piece, marks, None, &note, now)?;
        }
        self.marks(actor, id)
    }

    /// A file's differences from the piece become `actor`'s suggestions: a piece file's body,
    /// headline and dek; a CriticMarkup text's marks; a plain text's differences from the body.
    pub fn suggest_file(
        &mut self,
        actor: &str,
        id: &str,
        name: &str,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<MarksView> {
        let text = std::str::from_utf8(bytes)
            .map_err(|e| Error::bad_input(format!("{name}: not UTF-8 text ({e})")))?;
        if text.starts_with("---\n") || text.starts_with("---\r\n") {
            let parsed = crate::piece_file::parse(name, bytes)?;
            for field in ["body", "headline", "dek"] {
                let new = parsed.content.field_text(field).unwrap_or_default();
                self.suggest(actor, id, field, &new, now)?;
            }
            return self.marks(actor, id);
        }
        let marked = ["{++", "{--", "{~~", "{==", "{>>"]
            .iter()
            .any(|m| text.contains(m));
        if marked {
            self.critic_import(actor, id, name, text, now)
        } else {
            self.suggest(actor, id, "body", text, now)
        }
    }

    /// The house style sheet: the desk's `style` setting, or the default sheet.
    pub fn style_sheet(&self) -> Result<StyleSheet> {
        match store::setting(&self.conn, "style")? {
            None => Ok(StyleSheet::default()),
            Some(text) => StyleSheet::parse(&text).map_err(|e| sheet_error(&e)),
        }
    }

    /// What a style check reads: the sheet and the piece (its fact box and set-asides).
    pub(crate) fn style_inputs(&self, id: &str) -> Result<(StyleSheet, Piece)> {
        Ok((self.style_sheet()?, self.piece(id)?))
    }

    /// The house-style findings on a piece as it stands, or on `content` as it is being typed.
    pub fn style_check(&self, id: &str, content: Option<&Content>) -> Result<Vec<FindingView>> {
        let piece = self.piece(id)?;
        let sheet = self.style_sheet()?;
        let content = content.unwrap_or(&piece.content);
        Ok(style::check(&sheet, content, &piece.marks)
            .into_iter()
            .map(FindingView::from)
            .collect())
    }

    /// What changed since the piece was last submitted to the copy desk (see [`SinceSubmitted`]);
    /// `None` for a piece that never went there.
    pub fn since_submitted(&self, id: &str) -> Result<Option<SinceSubmitted>> {
        let piece = self.piece(id)?;
        let moves = store::transitions(&self.conn, &piece.id)?;
        let Some(at) = moves
            .iter()
            .rposition(|t| t.to == Stage::Copyedit && t.from == Some(Stage::Draft))
        else {
            return Ok(None);
        };
        let sent = &moves[at];
        let back = moves[at + 1..]
            .iter()
            .find(|t| t.from == Some(Stage::Copyedit) && t.to == Stage::Draft);
        let to = match (piece.stage, back) {
            (Stage::Copyedit, _) => piece.revision,
            (_, Some(b)) => b.revision,
            // Gone on to be scheduled or published: what the copy desk made of it.
            _ => moves[at + 1..]
                .iter()
                .find(|t| t.from == Some(Stage::Copyedit))
                .map_or(piece.revision, |t| t.revision),
        };
        let load = |n: i64| -> Result<Piece> {
            store::load_revision(&self.conn, &piece.id, n)?
                .ok_or_else(|| Error::not_found(format!("piece {} has no revision {n}", piece.id)))
        };
        let (a, b) = (load(sent.revision)?, load(to)?);
        let mut names = a.content.mark_fields();
        for f in b.content.mark_fields() {
            if !names.contains(&f) {
                names.push(f);
            }
        }
        let fields = names
            .into_iter()
            .filter_map(|f| {
                let (x, y) = (
                    a.content.field_text(&f).unwrap_or_default(),
                    b.content.field_text(&f).unwrap_or_default(),
                );
                (x != y).then(|| FieldDiff {
                    runs: super::desktop::word_diff(&x, &y),
                    field: f,
                })
            })
            .collect();
        Ok(Some(SinceSubmitted {
            from: sent.revision,
            to,
            submitted_by: sent.who.clone(),
            returned_by: back
                .filter(|_| piece.stage != Stage::Copyedit)
                .and_then(|b| b.who.clone()),
            fields,
        }))
    }

    /// The queries of a piece as they stood at revision `number`: where each one sat then.
    pub fn queries_at(&self, id: &str, number: i64) -> Result<Vec<QueryView>> {
        let piece = self.piece(id)?;
        let then = store::load_revision(&self.conn, &piece.id, number)?.ok_or_else(|| {
            Error::not_found(format!("piece {} has no revision {number}", piece.id))
        })?;
        Ok(then.marks.queries.iter().map(Into::into).collect())
    }

    /// The desk's style sheet as its editors wrote it (the default sheet when none was set).
    pub fn style_sheet_text(&self) -> Result<String> {
        Ok(store::setting(&self.conn, "style")?.unwrap_or_else(|| style::DEFAULT_SHEET.into()))
    }

    /// Sets a finding aside for this piece: it is not shown again while its words are the same.
    pub fn set_aside(
        &mut self,
        actor: &str,
        id: &str,
        rule: &str,
        field: &str,
        quote: &str,
        now: DateTime<Utc>,
    ) -> Result<MarksView> {
        let (person, piece) = self.participant(actor, id)?;
        let mut marks = piece.marks.clone();
        marks.set_aside.push(SetAside {
            rule: rule.to_string(),
            field: field.to_string(),
            quote: quote.to_string(),
            by: person.name.clone(),
            at: now,
        });
        let note = format!("set aside {rule} on \u{201c}{}\u{201d}", short(quote));
        self.write_marks(&person, &piece, marks, None, &note, now)?;
        self.marks(actor, id)
    }

    /// The person and piece of a copy-desk action, if they take part in its copy desk.
    fn participant(&self, actor: &str, id: &str) -> Result<(Person, Piece)> {
        let person = self.person(actor)?;
        let piece = self.piece(id)?;
        let facts = workflow::facts(&self.conn, &piece, Actor::Person(&person))?;
        workflow::may_query(&person, &piece, &facts)?;
        Ok((person, piece))
    }

    /// Writes `marks` (and new `content`, when a suggestion was accepted) as the piece's next
    /// revision, after the workflow's check of the change.
    fn write_marks(
        &mut self,
        person: &Person,
        piece: &Piece,
        marks: Marks,
        content: Option<Content>,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<Piece> {
        let facts = workflow::facts(&self.conn, piece, Actor::Person(person))?;
        workflow::check_marks(person, piece, &marks, content.is_some(), &facts)?;
        let mut next = piece.clone();
        if let Some(c) = content {
            workflow::may_change_content(person, piece, &facts, &c)?;
            let taken = store::slug_holder(&self.conn, &c.slug, &piece.id)?.map(|(_, h, s)| (h, s));
            workflow::check_edit(piece, &c, taken, Some(note))?;
            next.content = c;
        }
        next.marks = marks;
        next.revision = piece.revision + 1;
        next.updated_at = now;
        let tx = store::write(&mut self.conn)?;
        store::save_piece(
            &tx,
            &next,
            piece.revision,
            None,
            Some(person.id),
            Why::Edit,
            Some(note),
        )?;
        tx.commit()?;
        Ok(next)
    }
}

/// A house-style finding: its rule, what is wrong, where (characters of `field`) and the fix.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct FindingView {
    pub rule: String,
    pub message: String,
    pub field: String,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub fix: Option<String>,
}

impl From<style::Finding> for FindingView {
    fn from(f: style::Finding) -> FindingView {
        FindingView {
            rule: f.rule,
            message: f.message,
            field: f.field,
            start: f.start,
            end: f.end,
            quote: f.quote,
            fix: f.fix,
        }
    }
}

pub(crate) fn sheet_error(e: &style::SheetError) -> Error {
    Error::bad_input(format!(
        "style sheet{}{}: {}",
        e.line.map(|l| format!(":{l}")).unwrap_or_default(),
        e.key.as_ref().map(|k| format!(": {k}")).unwrap_or_default(),
        e.message
    ))
}

/// Which suggestions a decision is about.
#[derive(Debug, Clone)]
pub enum Which {
    One(String),
    AllOf(String),
}

pub(crate) fn view(
    conn: &rusqlite::Connection,
    person: &Person,
    piece: &Piece,
) -> Result<MarksView> {
    let facts = workflow::facts(conn, piece, Actor::Person(person))?;
    Ok(MarksView {
        revision: piece.revision,
        queries: piece.marks.queries.iter().map(Into::into).collect(),
        suggestions: piece.marks.suggestions.iter().map(Into::into).collect(),
        may_query: workflow::may_query(person, piece, &facts).is_ok(),
        may_suggest: workflow::may_suggest(person, piece, &facts).is_ok(),
        may_decide: workflow::may_decide(person, piece, &facts).is_ok(),
        accepted: accepted(&piece.content.body, piece.marks.open_suggestions()),
        mine: accepted(
            &piece.content.body,
            piece
                .marks
                .open_suggestions()
                .filter(|s| s.author == person.name),
        ),
    })
}

/// `body` with `suggestions` on it accepted, those that still fit their words in it, from the
/// last to the first so that no place moves (of two that overlap, the later is kept).
fn accepted<'a>(body: &str, suggestions: impl Iterator<Item = &'a Suggestion>) -> String {
    let mut on: Vec<&Suggestion> = suggestions
        .filter(|s| s.field == "body" && !s.stale)
        .filter(|s| suggest::apply(body, &s.anchor, &s.insert).is_some())
        .collect();
    on.sort_by_key(|s| std::cmp::Reverse((s.anchor.start, s.anchor.end)));
    // From the end: a suggestion overlapping one taken after it is left out.
    let mut below = usize::MAX;
    let mut hunks: Vec<suggest::Hunk> = Vec::new();
    for s in on {
        if s.anchor.end <= below {
            below = s.anchor.start;
            hunks.push(suggest::Hunk {
                start: s.anchor.start,
                end: s.anchor.end,
                insert: s.insert.clone(),
            });
        }
    }
    hunks.reverse();
    suggest::apply_hunks(body, &hunks)
}

/// The marks after `person` suggests `text` for `field`.
fn suggested(
    piece: &Piece,
    person: &Person,
    field: &str,
    text: &str,
    via: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Marks> {
    let current = piece
        .content
        .field_text(field)
        .filter(|_| {
            let mut probe = piece.content.clone();
            probe.set_field_text(field, String::new())
        })
        .ok_or_else(|| {
            Error::bad_input(format!(
                "`{field}` is not a field a suggestion changes (body, headline, dek or blurb.RANK)"
            ))
        })?;
    let text = text.replace("\r\n", "\n");
    let mut marks = piece.marks.clone();
    let mine = |s: &Suggestion| {
        s.field == field && s.decision.is_none() && s.author.eq_ignore_ascii_case(&person.name)
    };
    let earlier: Vec<Suggestion> = marks
        .suggestions
        .iter()
        .filter(|s| mine(s))
        .cloned()
        .collect();
    marks.suggestions.retain(|s| !mine(s));
    let mut seq = next_number(piece.marks.suggestions.iter().map(|s| s.id.as_str()), "s");
    for h in suggest::hunks(&current, &text) {
        let mut anchor =
            anchor::anchor_at(&current, h.start, h.end).expect("a hunk is in the text");
        if let Some(old) = earlier.iter().find(|s| {
            s.anchor.start == anchor.start && s.anchor.quote == anchor.quote && s.insert == h.insert
        }) {
            anchor = old.anchor.clone();
            marks.suggestions.push(Suggestion {
                anchor,
                stale: false,
                ..old.clone()
            });
            continue;
        }
        marks.suggestions.push(Suggestion {
            id: format!("s{seq}"),
            field: field.to_string(),
            author: person.name.clone(),
            at: now,
            anchor,
            insert: h.insert,
            via: via.map(str::to_string),
            stale: false,
            decision: None,
        });
        seq += 1;
    }
    marks.suggestions.sort_by_key(|s| number_of(&s.id));
    Ok(marks)
}

/// The anchor of a new query or a reattachment on `field` of `content`.
fn locate(content: &Content, field: &str, passage: Passage) -> Result<Anchor> {
    let text = content.field_text(field).ok_or_else(|| {
        Error::bad_input(format!(
            "the piece has no field `{field}` (it has {})",
            content.mark_fields().join(", ")
        ))
    })?;
    let (start, end) = match passage {
        Passage::Range(s, e) => (s, e),
        Passage::Quote(q) => {
            let q = q.trim();
            match anchor::occurrences(&text, q).as_slice() {
                [] => {
                    return Err(Error::bad_input(format!(
                        "\u{201c}{q}\u{201d} is not in the {field}"
                    )))
                }
                [one] => *one,
                many => {
                    return Err(Error::bad_input(format!(
                        "\u{201c}{q}\u{201d} is in the {field} {} times; quote more of the passage so it is one",
                        many.len()
                    )))
                }
            }
        }
    };
    if start >= end {
        return Err(Error::bad_input("select the words the query is about"));
    }
    anchor::anchor_at(&text, start, end).ok_or_else(|| {
        Error::bad_input(format!(
            "characters {start} to {end} are past the end of the {field} ({} characters)",
            text.chars().count()
        ))
    })
}

fn need_text(text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::bad_input(format!("{what} needs some words")));
    }
    Ok(t.replace("\r\n", "\n"))
}

fn query_mut<'a>(marks: &'a mut Marks, id: &str) -> Result<&'a mut Query> {
    marks
        .queries
        .iter_mut()
        .find(|q| q.id == id.trim())
        .ok_or_else(|| Error::not_found(format!("the piece has no query `{}`", id.trim())))
}

fn query_of<'a>(piece: &'a Piece, id: &str) -> Result<&'a Query> {
    piece
        .marks
        .queries
        .iter()
        .find(|q| q.id == id)
        .ok_or_else(|| Error::not_found(format!("the piece has no query `{id}`")))
}

fn suggestion_of<'a>(marks: &'a Marks, id: &str) -> Result<&'a Suggestion> {
    marks
        .suggestions
        .iter()
        .find(|s| s.id == id.trim())
        .ok_or_else(|| Error::not_found(format!("the piece has no suggestion `{}`", id.trim())))
}

fn number_of(id: &str) -> u64 {
    id.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap_or(0)
}

fn next_number<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> u64 {
    ids.filter(|i| i.starts_with(prefix))
        .map(number_of)
        .max()
        .unwrap_or(0)
        + 1
}

fn next_id<'a>(ids: impl Iterator<Item = &'a str>, prefix: &str) -> String {
    format!("{prefix}{}", next_number(ids, prefix))
}

/// A suggestion as a note says it: `“Scorcese” → “Scorsese”`.
fn describe(s: &Suggestion) -> String {
    match s.what() {
        "insertion" => format!("insert \u{201c}{}\u{201d}", short(&s.insert)),
        "deletion" => format!("delete \u{201c}{}\u{201d}", short(&s.anchor.quote)),
        _ => format!(
            "\u{201c}{}\u{201d} \u{2192} \u{201c}{}\u{201d}",
            short(&s.anchor.quote),
            short(&s.insert)
        ),
    }
}

fn short(s: &str) -> String {
    copydesk::short(s, 60)
}
