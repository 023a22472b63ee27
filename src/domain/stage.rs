//! Stages and moves: the workflow's nouns and its move table ([`Move::target`]), one exhaustive
//! match. Who may make a move and what it needs are in `workflow`.

use serde::{Deserialize, Serialize};

/// Where a piece stands in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Draft,
    Copyedit,
    Scheduled,
    Published,
    Spiked,
}

const STAGES: &[(Stage, &str)] = &[
    (Stage::Draft, "draft"),
    (Stage::Copyedit, "copyedit"),
    (Stage::Scheduled, "scheduled"),
    (Stage::Published, "published"),
    (Stage::Spiked, "spiked"),
];

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Draft,
        Stage::Copyedit,
        Stage::Scheduled,
        Stage::Published,
        Stage::Spiked,
    ];

    pub fn as_str(self) -> &'static str {
        STAGES
            .iter()
            .find(|(s, _)| *s == self)
            .map(|(_, n)| *n)
            .unwrap_or("draft")
    }

    pub fn parse(s: &str) -> Option<Stage> {
        super::parse_name(STAGES, s)
    }

    pub fn names() -> String {
        super::names(STAGES)
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A move of the workflow table in DESIGN. `Create` and `Archive` are how a piece enters the
/// desk (as a draft, or as an already published piece of an imported archive); they are written
/// to the transition log like every other move but are never offered to a user as a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Move {
    Create,
    Archive,
    Submit,
    Return,
    Schedule,
    Unschedule,
    Publish,
    Correct,
    Spike,
    Restore,
}

const MOVES: &[(Move, &str)] = &[
    (Move::Create, "create"),
    (Move::Archive, "archive"),
    (Move::Submit, "submit"),
    (Move::Return, "return"),
    (Move::Schedule, "schedule"),
    (Move::Unschedule, "unschedule"),
    (Move::Publish, "publish"),
    (Move::Correct, "correct"),
    (Move::Spike, "spike"),
    (Move::Restore, "restore"),
];

impl Move {
    /// The moves a person can make on a piece already on the desk.
    pub const USER_MOVES: [Move; 8] = [
        Move::Submit,
        Move::Return,
        Move::Schedule,
        Move::Unschedule,
        Move::Publish,
        Move::Correct,
        Move::Spike,
        Move::Restore,
    ];

    pub fn as_str(self) -> &'static str {
        MOVES
            .iter()
            .find(|(m, _)| *m == self)
            .map(|(_, n)| *n)
            .unwrap_or("create")
    }

    pub fn parse(s: &str) -> Option<Move> {
        super::parse_name(MOVES, s)
    }

    /// The one exhaustive table of which move goes from which stage to which.
    /// `None` means the move does not start from `from`.
    pub fn target(self, from: Stage) -> Option<Stage> {
        use Move::*;
        use Stage::*;
        match (from, self) {
            (Draft, Submit) => Some(Copyedit),
            (Copyedit, Return) => Some(Draft),
            (Copyedit, Schedule) => Some(Scheduled),
            (Scheduled, Unschedule) => Some(Copyedit),
            (Scheduled, Publish) => Some(Published),
            (Published, Correct) => Some(Published),
            (Draft | Copyedit | Scheduled, Spike) => Some(Spiked),
            (Spiked, Restore) => Some(Draft),
            (_, Create | Archive) => None,
            (
                Draft | Copyedit | Scheduled | Published | Spiked,
                Submit | Return | Schedule | Unschedule | Publish | Correct | Spike | Restore,
            ) => None,
        }
    }

    /// The move that takes a piece from `from` to `to`, if the table has one.
    pub fn between(from: Stage, to: Stage) -> Option<Move> {
        Move::USER_MOVES
            .into_iter()
            .find(|m| m.target(from) == Some(to))
    }
}

impl std::fmt::Display for Move {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(
                Stage::parse(s.as_str()),
                Some(s),
                "stage names are stored, so each must parse back"
            );
        }
        for (m, n) in MOVES {
            assert_eq!(Move::parse(n), Some(*m));
        }
    }

    #[test]
    fn nothing_leaves_published_but_correction() {
        for m in Move::USER_MOVES {
            if let Some(to) = m.target(Stage::Published) {
                assert_eq!(
                    (m, to),
                    (Move::Correct, Stage::Published),
                    "published is final except for corrections"
                );
            }
        }
    }

    #[test]
    fn scheduled_to_published_is_publish() {
        assert_eq!(
            Move::between(Stage::Scheduled, Stage::Published),
            Some(Move::Publish)
        );
        assert_eq!(
            Move::between(Stage::Copyedit, Stage::Published),
            None,
            "a piece is scheduled before it is published"
        );
    }
}
