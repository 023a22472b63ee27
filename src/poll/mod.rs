//! Year-end polls: contributors' ballots, the magazine's points scheme, and the tally that turns
//! them into a countdown, every place explained by the rule that decided it.
//!
//! `names` is one candidate per work (the spellings that are the same work); `csv` reads a
//! spreadsheet of ballots; `tally` is the schemes, the tie-break chain and the count. Pure: no I/O, no clock, no SQL; the desk keeps
//! polls and ballots, and these functions count them.

pub mod csv;
pub mod names;
pub mod tally;

pub use tally::{
    merged_key, spelled, tally, Ballot, BallotError, Candidate, Count, Decision, Pick, Placed,
    Rules, Scheme, Tally, TieBreak, CENTS,
};
