//! `galley`, the headless desk: a thin command line over `galley::api`.
//!
//! This file parses arguments, reads the clock, prints, and maps errors to exit codes: 0 on
//! success, 1 when a workflow rule refuses (or a save conflicts), 2 on bad input, 3 when the
//! desk cannot be read or written. The first line on stderr states the cause.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};
use galley::api::{ArchiveOptions, Desk, Error, ErrorCode, ImportMode, Source};
use galley::domain::{Kind, Move, Piece, Role, Stage};
use galley::render::preview::Preview;
use galley::render::watch::{self, ThemeEvent};
use galley::render::{RenderError, TemplateError, View, Width};

mod serve;

#[derive(Parser)]
#[command(
    name = "galley",
    version,
    about = "The editorial desk of a culture magazine",
    max_term_width = 100
)]
struct Cli {
    /// The desk file [default: the OS data folder, e.g. ~/.local/share/galley/desk.galley]
    #[arg(long, global = true, env = "GALLEY_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Who is acting: a person of the desk, by name
    #[arg(long = "as", global = true, env = "GALLEY_AS", value_name = "NAME")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the desk file (harmless if it exists)
    Init,
    /// Open the demo desk (a small magazine with pieces in every stage) and show its board
    Demo,
    /// Serve the app's commands as JSON over HTTP on 127.0.0.1, for the UI in a browser and its
    /// tests: `POST /api/COMMAND` with `Authorization: Bearer TOKEN` (the token is printed first)
    Serve {
        /// The port [0: any free one; the address is printed]
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// The address to listen on: 127.0.0.1 is the only one allowed
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Write the token to this file (readable by its owner only) instead of printing it
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// Start the desk's clock at this RFC 3339 time (it runs on from there): tests, demos
        #[arg(long, value_name = "TIME")]
        now: Option<DateTime<Utc>>,
    },
    /// Add or list the desk's people
    #[command(subcommand)]
    Person(PersonCommand),
    /// Import piece files (Markdown with front matter), or a WordPress or Ghost export; prints
    /// ID<TAB>headline for each piece
    Import {
        #[arg(required_unless_present_any = ["wordpress", "ghost"], conflicts_with_all = ["wordpress", "ghost"])]
        files: Vec<PathBuf>,
        /// An existing archive: each piece lands as published at its `published` time (editors, admins)
        #[arg(long)]
        archive: bool,
        /// A WordPress export (WXR 1.0 to 1.2): posts and pages at the stage their status says
        #[arg(long, value_name = "FILE", conflicts_with = "ghost")]
        wordpress: Option<PathBuf>,
        /// A Ghost export (JSON)
        #[arg(long, value_name = "FILE")]
        ghost: Option<PathBuf>,
        /// Map a category (a Ghost primary tag) to a section: `--section "Movies=Film"`; a
        /// category not mapped becomes a section of its own name
        #[arg(long = "section", value_name = "CATEGORY=SECTION")]
        sections: Vec<String>,
        /// The section of posts without a category [default: Archive]
        #[arg(long, value_name = "SECTION")]
        default_section: Option<String>,
        /// Fill a field from a custom field: `--meta director=review.director`, `--meta summary=dek`
        #[arg(long, value_name = "FIELD=TARGET")]
        meta: Vec<String>,
        /// Each post becomes a review of this medium (film, album, book, stage, television, game)
        #[arg(long, value_name = "MEDIUM")]
        review: Option<String>,
        /// Only survey the export: its counts and categories, nothing imported
        #[arg(long)]
        survey: bool,
    },
    /// Print a piece's file (front matter and body) on stdout, or write the whole desk out
    Export {
        #[arg(required_unless_present_any = ["wordpress", "files"])]
        id: Option<String>,
        /// Print the body with its open suggestions and queries in CriticMarkup instead
        #[arg(long)]
        critic: bool,
        /// Write every piece (but the spiked) as a WordPress export (WXR 1.2) to FILE
        #[arg(long, value_name = "FILE", conflicts_with_all = ["id", "files", "critic"])]
        wordpress: Option<PathBuf>,
        /// Write every piece (but the spiked) as a piece file named by its slug into DIR
        #[arg(long, value_name = "DIR", conflicts_with_all = ["id", "critic"])]
        files: Option<PathBuf>,
    },
    /// Keep a folder and the desk in step until stopped: each piece you may edit as a piece file
    /// there, a file saved in any editor a new revision, a new file a new piece
    Drafts {
        dir: PathBuf,
        /// One pass, then stop
        #[arg(long)]
        once: bool,
    },
    /// Write the calendar of scheduled and published pieces as an ICS file (RFC 5545)
    Calendar {
        #[arg(long, value_name = "FILE")]
        ics: PathBuf,
        /// From this date (YYYY-MM-DD or RFC 3339) [default: a year ago]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Up to this date [default: a year ahead]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Show a piece
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Replace a piece's content with a piece file's, as a new revision
    Edit {
        id: String,
        file: PathBuf,
        /// The revision the file was exported from (export prints it); if the piece has changed
        /// since, nothing is saved [default: the current revision, with a warning]
        #[arg(long, value_name = "REV")]
        base: Option<i64>,
        /// Why: kept with the revision; on a published piece, the correction note shown on the page
        #[arg(long)]
        note: Option<String>,
    },
    /// Move a piece to another stage: draft, copyedit, scheduled, published or spiked
    Move {
        id: String,
        stage: String,
        /// The note the move needs (returning, spiking, restoring, correcting)
        #[arg(long)]
        note: Option<String>,
    },
    /// Schedule a piece for a wall-clock time in a zone (or move the time of a scheduled one)
    Schedule {
        id: String,
        /// 'YYYY-MM-DD HH:MM'
        #[arg(long)]
        at: String,
        /// An IANA zone such as Europe/London [default: the publication's zone]
        #[arg(long)]
        zone: Option<String>,
    },
    /// Publish every scheduled piece that is due
    PublishDue {
        /// The time to publish up to [default: now], RFC 3339
        #[arg(long)]
        now: Option<String>,
        /// Write the new pages and refresh the front page, sections, feed and sitemap here
        /// [default: the desk's site_dir setting, if any]
        #[arg(long, value_name = "DIR")]
        site: Option<PathBuf>,
    },
    /// Print a piece's page as the reader will get it (HTML)
    Preview {
        id: String,
        /// article, teaser, front (the front page with the piece in place) or list
        #[arg(long, default_value = "article")]
        view: String,
        /// A page of a list (implies --view list)
        #[arg(long)]
        page: Option<u32>,
        /// desktop, tablet or phone
        #[arg(long, default_value = "desktop")]
        width: String,
        /// Write the page to this file instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Keep running, and write the page again whenever the theme folder changes (needs --out)
        #[arg(long, requires = "out")]
        watch: bool,
    },
    /// The published site
    #[command(subcommand)]
    Site(SiteCommand),
    /// The desk: a column per stage
    Board {
        #[arg(long)]
        json: bool,
    },
    /// A piece's revisions and moves
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// What changed between two revisions of a piece
    Diff { id: String, rev_a: i64, rev_b: i64 },
    /// Full-text search, best first
    Search {
        query: String,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Read or change a desk setting (zone, site_name)
    Setting { key: String, value: Option<String> },
    /// Make a desk from a shared desk (`galley join ssh://desk@host/srv/desk.git --db PATH --as NAME`)
    Join {
        /// The shared desk: an ssh:// or https:// URL, or a path on this machine
        url: String,
    },
    /// Sync with the shared desk: take in others' changes, send yours. Exit 0 synced, 1 a
    /// conflict or a refusal (with its reason), 3 the server could not be reached
    Sync {
        /// Say where the desk stands instead of syncing
        #[arg(long)]
        status: bool,
        #[arg(long)]
        json: bool,
    },
    /// The pieces changed both here and on the shared desk, with their three versions
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict: keep mine, keep theirs, or a third version from a piece file
    Resolve {
        id: String,
        /// mine or theirs
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        keep: Option<String>,
        /// A piece file with the version to keep
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Drop this desk's unsent changes to a piece (the shared desk refused them): it takes the
    /// shared desk's version as a new revision; the dropped ones stay in its history
    Discard { id: String },
    /// Rebuild this desk's store from the shared desk's files (it must have nothing to send)
    Reindex,
    /// Run a shared desk's server
    #[command(subcommand)]
    Server(ServerCommand),
    /// A list's year-end poll: open it, take ballots, tally, merge spellings, decide ties
    #[command(subcommand)]
    Poll(PollCommand),
    /// The copy desk's queries on passages: ask, reply, resolve, reopen, list
    #[command(subcommand)]
    Query(QueryCommand),
    /// Suggest changes to a piece: FILE's differences from it (a piece file's body, headline
    /// and dek; a CriticMarkup text's marks; a plain text's differences from the body)
    Suggest { id: String, file: PathBuf },
    /// The house-style findings on a piece: the style sheet (`galley setting style`) and the
    /// fact box read against its text, with grammar and spelling
    Check {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// A piece's suggested changes
    Suggestions {
        id: String,
        #[arg(long)]
        json: bool,
        /// Decided ones too
        #[arg(long)]
        all: bool,
    },
    /// Accept a suggestion (or every open one of a person's, with --all-of NAME)
    Accept {
        id: String,
        #[arg(required_unless_present = "all_of")]
        suggestion: Option<String>,
        #[arg(long, value_name = "NAME", conflicts_with = "suggestion")]
        all_of: Option<String>,
    },
    /// Reject a suggestion (or every open one of a person's, with --all-of NAME)
    Reject {
        id: String,
        #[arg(required_unless_present = "all_of")]
        suggestion: Option<String>,
        #[arg(long, value_name = "NAME", conflicts_with = "suggestion")]
        all_of: Option<String>,
    },
}

#[derive(Subcommand)]
enum QueryCommand {
    /// Ask a query on the words quoted (which must occur once in the field); prints its id
    Add {
        id: String,
        #[arg(long)]
        quote: String,
        #[arg(long)]
        text: String,
        /// body, headline, dek, review.KEY (a fact-box field) or blurb.RANK
        #[arg(long, default_value = "body")]
        field: String,
    },
    /// Answer a query
    Reply {
        id: String,
        query: String,
        #[arg(long)]
        text: String,
    },
    /// Resolve a query
    Resolve { id: String, query: String },
    /// Reopen a resolved query
    Reopen { id: String, query: String },
    /// Put a moved or orphaned query on the words quoted
    Reattach {
        id: String,
        query: String,
        #[arg(long)]
        quote: String,
    },
    /// A piece's queries: where each sits now (anchored, moved or orphaned) and its thread
    List {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PollCommand {
    /// Open the poll of list piece LIST; prints the poll's id
    Open {
        list: String,
        /// Points per rank, first place first (10,8,6,4,2)
        #[arg(long, value_delimiter = ',', conflicts_with = "scheme")]
        points: Vec<u32>,
        /// borda, mentions, metacritic, or split:TOTAL:MIN:MAX (split:100:5:30)
        #[arg(long)]
        scheme: Option<String>,
        /// The most picks a ballot may have
        #[arg(long, value_name = "N")]
        ballot_size: Option<usize>,
        /// Tie-breaks after points, in order: mentions, firsts
        #[arg(long, value_delimiter = ',', default_value = "mentions,firsts")]
        tie_break: Vec<String>,
        /// What each pick of an unranked ballot is worth [default: 1]
        #[arg(long, value_name = "POINTS")]
        unranked_weight: Option<f64>,
        /// What is voted on: song, album, film, ...
        #[arg(long, default_value = "work")]
        subject: String,
        /// Only works of these years count: 2017, or 2016-2017
        #[arg(long, value_name = "YEARS")]
        eligible: Option<String>,
        /// When the poll closes: 'YYYY-MM-DD HH:MM' in the publication's zone
        #[arg(long, value_name = "TIME")]
        closes: Option<String>,
    },
    /// Show a poll: its rules, state and ballots
    Show {
        poll: String,
        #[arg(long)]
        json: bool,
    },
    /// Import a spreadsheet of ballots (CSV or TSV, the first row naming the columns)
    Ballots {
        poll: String,
        file: PathBuf,
        /// Which column holds what: voter=COL,title=COL[,creator=COL,rank=COL,points=COL,year=COL],
        /// COL a header or a column number from 1
        #[arg(long)]
        columns: String,
    },
    /// Enter a ballot: your own, or (a section editor) VOTER's on their behalf; each PICK is
    /// CREATOR|TITLE (or a title alone), first place first
    Vote {
        poll: String,
        #[arg(required = true)]
        picks: Vec<String>,
        /// Whose ballot it is [default: yours]
        #[arg(long)]
        voter: Option<String>,
        /// The picks are not ranked
        #[arg(long)]
        unranked: bool,
    },
    /// The count: place, candidate, points, mentions, votes at each rank
    Tally {
        poll: String,
        #[arg(long)]
        json: bool,
    },
    /// Candidates that may be one work (a version's tag, a featured artist, a typing slip)
    Duplicates {
        poll: String,
        #[arg(long)]
        json: bool,
    },
    /// Count candidate FROM as INTO (a place, or CREATOR|TITLE)
    Merge {
        poll: String,
        into: String,
        from: String,
    },
    /// Keep two candidates apart: they are two works, not offered as duplicates again
    Apart { poll: String, a: String, b: String },
    /// Undo the merge of the spelling FROM (CREATOR|TITLE)
    Unmerge { poll: String, from: String },
    /// Decide a tie the rules leave: ABOVE goes before BELOW (a place, or CREATOR|TITLE)
    Decide {
        poll: String,
        above: String,
        below: String,
        #[arg(long)]
        why: String,
    },
    /// Make the top N candidates the list's entries (blurbs already written stay with theirs)
    Assemble {
        poll: String,
        #[arg(long, value_name = "N")]
        top: usize,
        /// Publish every voter's ballot on a page after the list's own
        #[arg(long)]
        ballots: bool,
    },
    /// Give entry RANK's blurb to PERSON [default: a voter who ranked it highest and has the
    /// fewest so far]
    Assign {
        poll: String,
        rank: u32,
        person: Option<String>,
        /// When the blurb is due: YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        due: Option<chrono::NaiveDate>,
    },
    /// The blurbs: unassigned, and per contributor assigned and drafted
    Blurbs {
        poll: String,
        /// Only the blurbs of the person acting
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        json: bool,
    },
    /// Close the poll to ballots
    Close { poll: String },
    /// Open a closed poll again
    Reopen { poll: String },
}

#[derive(Subcommand)]
enum ServerCommand {
    /// Make a shared desk: a bare git repository whose hook checks every push
    Init {
        dir: PathBuf,
        /// The desk's first person, its admin
        #[arg(long, value_name = "NAME")]
        admin: String,
        /// The publication's time zone [default: Europe/London, or the --from desk's]
        #[arg(long)]
        zone: Option<String>,
        /// Start from an existing desk file: its people, settings and every piece at its
        /// current revision (the desk itself is left as it is, with its history)
        #[arg(long, value_name = "DESK")]
        from: Option<PathBuf>,
    },
    /// The forced command of one person's key in the server account's authorized_keys: runs
    /// git-upload-pack or git-receive-pack on DIR as that person, and nothing else
    Serve {
        dir: PathBuf,
        #[arg(long, value_name = "NAME")]
        person: String,
    },
    /// The shared desk's pre-receive hook (git runs it; it reads the updates on stdin)
    #[command(hide = true)]
    Hook,
    /// Publish what is due on the shared desk, as its scheduler, from a desk of its own kept
    /// in DIR; run it from cron every minute
    PublishDue {
        dir: PathBuf,
        /// Write the published site here when anything changed
        #[arg(long, value_name = "DIR")]
        site: Option<PathBuf>,
        /// The time to publish up to [default: now], RFC 3339
        #[arg(long)]
        now: Option<String>,
    },
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Write the whole site: a page per published piece, front and section pages, feed, sitemap
    Build {
        /// The folder to write [default: the desk's site_dir setting]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PersonCommand {
    /// Add a person (on an empty desk anyone may add the first)
    Add {
        name: String,
        /// writer, copy_editor, editor, section_editor, admin; several separated by commas
        #[arg(long = "role", value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// A section this person edits (section editors)
        #[arg(long = "section")]
        sections: Vec<String>,
    },
    /// Give a person new roles and sections (editors and admins; only admins change an admin)
    Set {
        name: String,
        /// writer, copy_editor, editor, section_editor, admin; several separated by commas
        #[arg(long = "role", value_delimiter = ',', required = true)]
        roles: Vec<String>,
        /// A section this person edits (section editors)
        #[arg(long = "section")]
        sections: Vec<String>,
    },
    /// List the desk's people
    List {
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // A log on stderr only when asked for (GALLEY_LOG=debug, or any tracing filter), so the
    // first line on stderr stays the error's cause.
    if let Ok(filter) = tracing_subscriber::EnvFilter::try_from_env("GALLEY_LOG") {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_target(false)
            .init();
    }
    let span = tracing::info_span!("cli", command = matches.subcommand_name().unwrap_or(""));
    let _in = span.enter();
    let started = std::time::Instant::now();
    let mut out = std::io::stdout().lock();
    let result = run(cli, &mut out);
    let ms = started.elapsed().as_secs_f64() * 1e3;
    match &result {
        Ok(()) => tracing::info!(ms, "done"),
        Err(e) => tracing::info!(ms, code = ?e.code, "not done"),
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {}{}", e.message, hint(&e));
            ExitCode::from(match e.code {
                ErrorCode::Refused | ErrorCode::Conflict => 1,
                ErrorCode::BadInput
                | ErrorCode::NotFound
                | ErrorCode::Ambiguous
                | ErrorCode::Incompatible
                | ErrorCode::Render => 2,
                ErrorCode::Cancelled => 1,
                ErrorCode::Storage | ErrorCode::Offline => 3,
            })
        }
    }
}

fn print_status(out: &mut impl Write, st: &galley::api::SyncStatus) -> Result<(), Error> {
    if !st.shared {
        return writeln!(out, "not shared: this desk is its own").map_err(io);
    }
    let what = match st.state.as_str() {
        "to_send" => format!("{} pieces with changes to send", st.to_send),
        "conflict" => format!("{} conflicts to resolve", st.conflicts),
        other => other.to_string(),
    };
    writeln!(
        out,
        "{what}\t{} as {}",
        st.url.as_deref().unwrap_or(""),
        st.person.as_deref().unwrap_or("the scheduler")
    )
    .map_err(io)?;
    if let Some(m) = &st.message {
        writeln!(out, "{m}").map_err(io)?;
    }
    Ok(())
}

/// The time the server's scheduler publishes up to, handed to the hook it pushes through.
const SCHEDULER_NOW_ENV: &str = "GALLEY_SCHEDULER_NOW";

/// `galley poll ...`.
fn poll_command(
    desk: &mut Desk,
    cli_actor: &Option<String>,
    pc: PollCommand,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> Result<(), Error> {
    use galley::poll::{Rules, Scheme, TieBreak, CENTS};
    match pc {
        PollCommand::Open {
            list,
            points,
            scheme,
            ballot_size,
            tie_break,
            unranked_weight,
            subject,
            eligible,
            closes,
        } => {
            let scheme = match (points.is_empty(), scheme.as_deref().map(str::trim)) {
                (false, _) => Scheme::Points { points },
                (true, None) => Scheme::Mentions,
                (true, Some("borda")) => Scheme::Borda,
                (true, Some("mentions")) => Scheme::Mentions,
                (true, Some("metacritic")) => Scheme::Metacritic,
                (true, Some(s)) if s.starts_with("split") => {
                    let n: Vec<u32> = s
                        .split(':')
                        .skip(1)
                        .map(|x| x.trim().parse::<u32>())
                        .collect::<Result<_, _>>()
                        .map_err(|_| Error::bad_input(format!("--scheme {s}: give split:TOTAL:MIN:MAX")))?;
                    match n.as_slice() {
                        [total, min, max] => Scheme::Split { total: *total, min: *min, max: *max },
                        _ => return Err(Error::bad_input(format!("--scheme {s}: give split:TOTAL:MIN:MAX"))),
                    }
                }
                (true, Some(s)) => {
                    return Err(Error::bad_input(format!(
                        "--scheme {s}: borda, mentions, metacritic or split:TOTAL:MIN:MAX (or --points 10,8,6)"
                    )))
                }
            };
            let mut tie_breaks = vec![TieBreak::Points];
            for t in &tie_break {
                let t = TieBreak::parse(t).ok_or_else(|| {
                    Error::bad_input(format!("--tie-break {t}: points, mentions or firsts"))
                })?;
                if !tie_breaks.contains(&t) {
                    tie_breaks.push(t);
                }
            }
            let eligible = match eligible.as_deref().map(str::trim) {
                None => None,
                Some(y) => {
                    let (a, b) = y.split_once('-').unwrap_or((y, y));
                    let year = |s: &str| {
                        s.trim().parse::<i32>().map_err(|_| {
                            Error::bad_input(format!(
                                "--eligible {y}: a year (2017) or years (2016-2017)"
                            ))
                        })
                    };
                    Some((year(a)?, year(b)?))
                }
            };
            let closes_at = closes.map(|w| desk.closing_time(&w)).transpose()?;
            let rules = Rules {
                scheme,
                ballot_size,
                unranked_weight: unranked_weight
                    .map(|w| (w * CENTS as f64).round() as i64)
                    .unwrap_or(CENTS),
                tie_breaks,
                eligible,
            };
            let settings = galley::api::PollSettings {
                subject,
                rules,
                closes_at,
            };
            let v = desk.open_poll(actor(cli_actor)?, &list, settings, now)?;
            writeln!(out, "{}", v.id).map_err(io)?;
            note(&format!("poll of \u{201c}{}\u{201d} is open", v.headline));
        }
        PollCommand::Show {
            poll,
            json: as_json,
        } => {
            let v = desk.poll_view(&poll)?;
            if as_json {
                return json(out, &v);
            }
            writeln!(
                out,
                "{}\t{}\t{}",
                v.id,
                v.headline,
                if v.open { "open" } else { "closed" }
            )
            .map_err(io)?;
            writeln!(
                out,
                "votes on: {}; {}",
                v.subject,
                v.rules.scheme.describe()
            )
            .map_err(io)?;
            writeln!(out, "ballots: {}", v.ballots).map_err(io)?;
            for (at, who, what) in &v.events {
                writeln!(out, "{}\t{what}\t{who}", at.to_rfc3339()).map_err(io)?;
            }
        }
        PollCommand::Ballots {
            poll,
            file,
            columns,
        } => {
            let columns = galley::api::Columns::parse(&columns)?;
            let r = desk.import_ballots(actor(cli_actor)?, &poll, &file, &columns, now)?;
            writeln!(out, "{} ballots, {} picks", r.ballots, r.picks).map_err(io)?;
            if !r.added_people.is_empty() {
                note(&format!(
                    "added as writers, new to the desk: {}",
                    r.added_people.join(", ")
                ));
            }
        }
        PollCommand::Vote {
            poll,
            picks,
            voter,
            unranked,
        } => {
            let me = actor(cli_actor)?.to_string();
            let voter = voter.unwrap_or_else(|| me.clone());
            let picks: Vec<galley::poll::Pick> = picks
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let (creator, title) = p.split_once('|').unwrap_or(("", p));
                    galley::poll::Pick {
                        creator: creator.trim().to_string(),
                        title: title.trim().to_string(),
                        rank: (!unranked).then_some(i as u32 + 1),
                        points: None,
                        year: None,
                    }
                })
                .collect();
            let n = picks.len();
            desk.put_ballot(&me, &poll, &voter, picks, now)?;
            note(&format!(
                "{voter}'s ballot: {n} {}",
                if n == 1 { "pick" } else { "picks" }
            ));
        }
        PollCommand::Tally {
            poll,
            json: as_json,
        } => {
            let t = desk.tally_poll(&poll)?;
            print_tally(out, &t, as_json)?;
        }
        PollCommand::Duplicates {
            poll,
            json: as_json,
        } => {
            let pairs = desk.poll_duplicates(&poll)?;
            if as_json {
                return json(out, &pairs);
            }
            let side = |c: &galley::api::CandidateRef| {
                if c.creator.is_empty() {
                    format!("{} (place {})", c.title, c.place)
                } else {
                    format!("{}|{} (place {})", c.creator, c.title, c.place)
                }
            };
            for d in &pairs {
                writeln!(out, "{}\t{}\t{}", side(&d.a), side(&d.b), d.why).map_err(io)?;
            }
            if pairs.is_empty() {
                note("no likely duplicates");
            }
        }
        PollCommand::Apart { poll, a, b } => {
            desk.keep_apart(actor(cli_actor)?, &poll, &a, &b, now)?;
            note("kept apart: they are not offered as one again");
        }
        PollCommand::Merge { poll, into, from } => {
            let t = desk.merge_candidates(actor(cli_actor)?, &poll, &into, &from, now)?;
            print_tally(out, &t, false)?;
        }
        PollCommand::Unmerge { poll, from } => {
            let t = desk.unmerge_candidates(actor(cli_actor)?, &poll, &from, now)?;
            print_tally(out, &t, false)?;
        }
        PollCommand::Decide {
            poll,
            above,
            below,
            why,
        } => {
            let t = desk.decide_tie(actor(cli_actor)?, &poll, &above, &below, &why, now)?;
            print_tally(out, &t, false)?;
        }
        PollCommand::Assemble { poll, top, ballots } => {
            let o = desk.assemble_poll(actor(cli_actor)?, &poll, top, ballots, now)?;
            writeln!(out, "{}\trevision {}", o.id, o.revision).map_err(io)?;
        }
        PollCommand::Assign {
            poll,
            rank,
            person,
            due,
        } => {
            let (_, name) =
                desk.assign_blurb(actor(cli_actor)?, &poll, rank, person.as_deref(), due, now)?;
            writeln!(out, "{rank}\t{name}").map_err(io)?;
        }
        PollCommand::Blurbs {
            poll,
            mine,
            json: as_json,
        } => {
            let mut p = desk.blurb_progress(&poll)?;
            if mine {
                let me = actor(cli_actor)?.to_string();
                p.contributors.retain(|c| c.name.eq_ignore_ascii_case(&me));
                p.unassigned.clear();
            }
            if as_json {
                return json(out, &p);
            }
            let ranks = |v: &[u32]| {
                v.iter()
                    .map(|r| r.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !p.unassigned.is_empty() {
                writeln!(out, "unassigned\t{}", ranks(&p.unassigned)).map_err(io)?;
            }
            for c in &p.contributors {
                writeln!(
                    out,
                    "{}\tassigned {}\tdrafted {}\tdone {}{}",
                    c.name,
                    ranks(&c.assigned),
                    ranks(&c.drafted),
                    ranks(&c.done),
                    c.next_due
                        .map(|d| format!("\tnext due {d}"))
                        .unwrap_or_default()
                )
                .map_err(io)?;
            }
        }
        PollCommand::Close { poll } => {
            desk.set_poll_open(actor(cli_actor)?, &poll, false, now)?;
            note("the poll is closed");
        }
        PollCommand::Reopen { poll } => {
            desk.set_poll_open(actor(cli_actor)?, &poll, true, now)?;
            note("the poll is open again");
        }
    }
    Ok(())
}

/// A tally as a table (`=12` for a shared place), or as JSON with the keys.
fn print_tally(out: &mut impl Write, t: &galley::poll::Tally, as_json: bool) -> Result<(), Error> {
    use galley::poll::CENTS;
    let pts = |p: i64| {
        if p % CENTS == 0 {
            format!("{}", p / CENTS)
        } else {
            format!("{:.2}", p as f64 / CENTS as f64)
        }
    };
    if as_json {
        return json(out, &galley::api::wire::Tally::from(t.clone()));
    }
    for c in &t.candidates {
        let place = if c.tied {
            format!("={}", c.place)
        } else {
            c.place.to_string()
        };
        let who = if c.candidate.creator.is_empty() {
            c.candidate.title.clone()
        } else {
            format!("{} \u{2014} {}", c.candidate.creator, c.candidate.title)
        };
        writeln!(
            out,
            "{place}\t{who}\t{} points\t{} mentions\t{}",
            pts(c.candidate.points),
            c.candidate.mentions,
            c.above_next
                .as_deref()
                .unwrap_or(if c.tied { "tied" } else { "" })
        )
        .map_err(io)?;
    }
    for n in &t.notices {
        note(n);
    }
    Ok(())
}

fn parse_roles(roles: &[String]) -> Result<Vec<Role>, Error> {
    roles
        .iter()
        .map(|r| {
            Role::parse(r).ok_or_else(|| {
                Error::bad_input(format!("unknown role `{r}` (roles: {})", Role::names()))
            })
        })
        .collect()
}

/// `galley server ...`: the shared desk's server side.
fn server(sc: ServerCommand, now: DateTime<Utc>, out: &mut impl Write) -> Result<(), Error> {
    use galley::shared::{git::Git, server, Pusher, PUSHER_ENV};
    match sc {
        ServerCommand::Init {
            dir,
            admin,
            zone,
            from,
        } => {
            let exe = std::env::current_exe().map_err(|e| {
                Error::new(ErrorCode::Storage, format!("cannot find this program: {e}"))
            })?;
            let seed = match &from {
                Some(db) if !db.exists() => {
                    return Err(Error::bad_input(format!(
                        "--from {}: there is no desk file there",
                        db.display()
                    )))
                }
                Some(db) => Desk::open(db)?.seed_for_shared()?,
                None => galley::api::SharedSeed::default(),
            };
            let mut settings = seed.settings.clone();
            settings
                .entry("site_name".to_string())
                .or_insert_with(|| "Galley".to_string());
            let zone = zone
                .or_else(|| settings.get("zone").cloned())
                .unwrap_or_else(|| galley::api::DEFAULT_ZONE.to_string());
            galley::schedule::parse_zone(&zone)?;
            settings.insert("zone".to_string(), zone);
            let dir = std::path::absolute(&dir).unwrap_or(dir);
            let files: Vec<(String, Vec<u8>)> =
                seed.pieces.iter().chain(&seed.polls).cloned().collect();
            let p = server::init_with(&dir, &admin, &exe, &settings, &seed.people, &files, now)?;
            let polls = seed
                .polls
                .iter()
                .filter(|(path, _)| path.ends_with("/poll.json"))
                .count();
            writeln!(
                out,
                "shared desk ready at {} with {} as its admin{}",
                dir.display(),
                p.name,
                match &from {
                    Some(db) => format!(
                        ", starting from {}: its people and its {} pieces{}",
                        db.display(),
                        seed.pieces.len(),
                        if polls > 0 {
                            format!(" and {polls} polls")
                        } else {
                            String::new()
                        }
                    ),
                    None => String::new(),
                }
            )
            .map_err(io)?;
            note(&format!(
                "each person's key goes in the server account's ~/.ssh/authorized_keys as: command=\"{} server serve {} --person 'NAME'\",restrict ssh-ed25519 AAAA...",
                exe.display(),
                dir.display()
            ));
            Ok(())
        }
        ServerCommand::Serve { dir, person } => {
            let requested = std::env::var("SSH_ORIGINAL_COMMAND").ok();
            let mut cmd = server::serve_command(&dir, &person, requested.as_deref())
                .map_err(|e| Error::new(ErrorCode::Refused, format!("galley: {e}")))?;
            let status = cmd
                .status()
                .map_err(|e| Error::new(ErrorCode::Storage, format!("cannot run git: {e}")))?;
            if status.success() {
                Ok(())
            } else {
                std::process::exit(status.code().unwrap_or(1))
            }
        }
        ServerCommand::Hook => {
            let dir = std::env::var_os("GIT_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            let mut input = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut input).map_err(io)?;
            let updates = server::parse_updates(&input);
            let pusher = std::env::var(PUSHER_ENV)
                .ok()
                .and_then(|v| Pusher::parse(&v));
            // The server's own scheduler may name the time it publishes up to (`publish-due
            // --now`); a person's push, over ssh, cannot set the server's environment.
            let now = match (&pusher, std::env::var(SCHEDULER_NOW_ENV)) {
                (Some(Pusher::Scheduler), Ok(t)) => DateTime::parse_from_rfc3339(t.trim())
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or(now),
                _ => now,
            };
            match server::check_push(&Git::new(&dir), pusher.as_ref(), &updates, now) {
                Ok(_) => Ok(()),
                Err(problems) => {
                    for p in &problems {
                        eprintln!("galley: {p}");
                    }
                    eprintln!("galley: the push was refused; nothing of it is on the shared desk");
                    std::process::exit(1)
                }
            }
        }
        ServerCommand::PublishDue { dir, site, now: at } => {
            let at = match at {
                Some(t) => DateTime::parse_from_rfc3339(t.trim())
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| {
                        Error::bad_input(format!("--now `{t}` is not an RFC 3339 time ({e})"))
                    })?,
                None => now,
            };
            let dir = std::path::absolute(&dir).unwrap_or(dir);
            let db = dir.join("galley").join("scheduler.galley");
            let mut desk = if db.exists() {
                Desk::open(&db)?
            } else {
                Desk::join(&dir.display().to_string(), &db, None, now)?
            };
            // The hook checks the scheduler's publish against the same time.
            std::env::set_var(SCHEDULER_NOW_ENV, at.to_rfc3339());
            let got = desk.sync(now)?;
            let report = desk.publish_due(at)?;
            for p in &report.published {
                writeln!(out, "{}\tpublished\t{}", p.id, p.headline).map_err(io)?;
            }
            for h in &report.held {
                eprintln!("held: {} ({}): {}", h.id, h.headline, h.reason);
            }
            if !report.published.is_empty() {
                desk.sync(now)?;
            }
            if let Some(site) = site {
                if !report.published.is_empty()
                    || !got.received.is_empty()
                    || !site.join("index.html").exists()
                {
                    let b = desk.build_site(&site, None)?;
                    note(&format!("wrote {} pages to {}", b.pages, site.display()));
                }
            }
            Ok(())
        }
    }
}

/// What to do on the command line about an error the core states in its own words.
fn hint(e: &Error) -> &'static str {
    let m = e.message.as_str();
    if m.starts_with("no desk at") {
        " (run `galley init`)"
    } else if m.starts_with("no person named") {
        " (see `galley person list`)"
    } else if m.starts_with("who is adding this person?") {
        " (pass --as NAME or set GALLEY_AS)"
    } else if m.starts_with("a section editor needs the sections") {
        " (--section NAME)"
    } else if m.starts_with("a custom field mapped to the fact box needs the medium") {
        " (--review MEDIUM)"
    } else if m.starts_with("scheduling needs a publication time") {
        " (galley schedule ID --at 'YYYY-MM-DD HH:MM' [--zone AREA/CITY])"
    } else {
        ""
    }
}

fn default_db() -> PathBuf {
    directories::ProjectDirs::from("", "", "galley")
        .map(|d| d.data_dir().join("desk.galley"))
        .unwrap_or_else(|| PathBuf::from("desk.galley"))
}

#[allow(clippy::too_many_arguments)]
fn decide(
    desk: &mut Desk,
    cli_actor: &Option<String>,
    id: &str,
    suggestion: Option<String>,
    all_of: Option<String>,
    accept: bool,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> Result<(), Error> {
    let who = actor(cli_actor)?;
    let which = match (suggestion, all_of) {
        (_, Some(a)) => galley::api::Which::AllOf(a),
        (Some(s), None) => galley::api::Which::One(s),
        (None, None) => {
            return Err(Error::bad_input(
                "name the suggestion, or give --all-of NAME",
            ))
        }
    };
    let v = desk.decide(who, id, which, accept, now)?;
    let open = v.suggestions.iter().filter(|s| s.state == "open").count();
    writeln!(out, "revision {}\t{open} suggestion(s) open", v.revision).map_err(io)
}

fn query_command(
    desk: &mut Desk,
    cli_actor: &Option<String>,
    qc: QueryCommand,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> Result<(), Error> {
    use galley::api::Passage;
    let line = |out: &mut dyn Write, q: &galley::api::QueryView| -> Result<(), Error> {
        let state = if q.open { "open" } else { "resolved" };
        writeln!(
            out,
            "{}\t{state}\t{}\t{}\t{}..{}\t\u{201c}{}\u{201d}",
            q.id,
            q.status_name(),
            q.field,
            q.start,
            q.end,
            q.quote
        )
        .map_err(io)?;
        for m in &q.messages {
            writeln!(out, "    {}: {}", m.author, m.text.replace('\n', "\n    ")).map_err(io)?;
        }
        Ok(())
    };
    match qc {
        QueryCommand::Add {
            id,
            quote,
            text,
            field,
        } => {
            let who = actor(cli_actor)?;
            let q = desk.query_add(who, &id, &field, Passage::Quote(&quote), &text, now)?;
            writeln!(out, "{}", q.id).map_err(io)?;
        }
        QueryCommand::Reply { id, query, text } => {
            let q = desk.query_reply(actor(cli_actor)?, &id, &query, &text, now)?;
            line(out, &q)?;
        }
        QueryCommand::Resolve { id, query } => {
            let q = desk.query_resolve(actor(cli_actor)?, &id, &query, true, now)?;
            line(out, &q)?;
        }
        QueryCommand::Reopen { id, query } => {
            let q = desk.query_resolve(actor(cli_actor)?, &id, &query, false, now)?;
            line(out, &q)?;
        }
        QueryCommand::Reattach { id, query, quote } => {
            let q =
                desk.query_reattach(actor(cli_actor)?, &id, &query, Passage::Quote(&quote), now)?;
            line(out, &q)?;
        }
        QueryCommand::List { id, json: as_json } => {
            let v = desk.marks(actor(cli_actor)?, &id)?;
            if as_json {
                return json(out, &v.queries);
            }
            for q in &v.queries {
                line(out, q)?;
            }
        }
    }
    Ok(())
}

fn actor(cli_actor: &Option<String>) -> Result<&str, Error> {
    cli_actor
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| {
            Error::bad_input(
                "who is acting? pass --as NAME or set GALLEY_AS (see `galley person list`)",
            )
        })
}

fn json<T: serde::Serialize>(out: &mut impl Write, v: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| Error::new(ErrorCode::Storage, e.to_string()))?;
    writeln!(out, "{text}").map_err(io)
}

fn io(e: std::io::Error) -> Error {
    Error::new(ErrorCode::Storage, format!("cannot write the output: {e}"))
}

fn note(msg: &str) {
    eprintln!("note: {msg}");
}

fn run(cli: Cli, out: &mut impl Write) -> Result<(), Error> {
    let now = Utc::now();
    if let Command::Demo = cli.command {
        // The demo lives beside the real desk, never in it, unless a desk is named.
        let db = cli
            .db
            .clone()
            .unwrap_or_else(|| default_db().with_file_name("demo.galley"));
        let mut desk = Desk::init(&db)?;
        let seeded = desk.seed_demo(now)?;
        let zone = desk.zone()?;
        print_board(out, &desk.board()?, &zone)?;
        let how = if seeded { "seeded" } else { "opened" };
        writeln!(
            out,
            "\n{how} the demo desk at {}\ntry: export GALLEY_DB={}; galley --as 'Ed Marsh' show <id>; galley search ishiguro; galley site build --out /tmp/galley-site",
            db.display(),
            db.display()
        )
        .map_err(io)?;
        return Ok(());
    }
    if let Command::Server(sc) = cli.command {
        return server(sc, now, out);
    }
    let db = cli.db.clone().unwrap_or_else(default_db);
    if let Command::Join { url } = &cli.command {
        let who = actor(&cli.actor)?;
        let desk = Desk::join(url, &db, Some(who), now)?;
        writeln!(
            out,
            "joined {url} as {who}: {} pieces, desk at {}",
            desk.piece_count()?,
            db.display()
        )
        .map_err(io)?;
        return Ok(());
    }
    if let Command::Reindex = cli.command {
        let n = Desk::reindex(&db, now)?;
        writeln!(
            out,
            "rebuilt {} from the shared desk: {n} pieces",
            db.display()
        )
        .map_err(io)?;
        return Ok(());
    }
    if let Command::Init = cli.command {
        Desk::init(&db)?;
        writeln!(out, "desk ready at {}", db.display()).map_err(io)?;
        return Ok(());
    }
    if let Command::Serve {
        port,
        bind,
        token_file,
        now,
    } = &cli.command
    {
        let session = galley::api::Session::open(&db, cli.actor.clone(), None)?;
        let clock = serve::Clock::new(*now);
        return serve::serve(session, *bind, *port, token_file.as_deref(), clock, out);
    }
    let mut desk = Desk::open(&db)?;
    // A joined desk is its person's: they act unless --as names someone else (whom the core
    // then refuses on that desk).
    let mut cli = cli;
    if cli.actor.is_none() {
        cli.actor = desk.shared()?.and_then(|s| s.person);
    }
    match cli.command {
        Command::Init
        | Command::Demo
        | Command::Serve { .. }
        | Command::Join { .. }
        | Command::Reindex
        | Command::Server(_) => unreachable!("handled above"),
        Command::Sync {
            status,
            json: as_json,
        } => {
            if status {
                let st = desk.sync_status()?;
                if as_json {
                    return json(out, &st);
                }
                return print_status(out, &st);
            }
            let report = desk.sync(now)?;
            if as_json {
                json(out, &report)?;
            } else {
                for h in &report.received {
                    writeln!(out, "received\t{h}").map_err(io)?;
                }
                if report.sent > 0 {
                    writeln!(out, "sent\t{} changes", report.sent).map_err(io)?;
                }
                for n in &report.notices {
                    note(n);
                }
            }
            if !report.conflicts.is_empty() {
                let lines: Vec<String> = report
                    .conflicts
                    .iter()
                    .map(|c| {
                        format!(
                            "\u{201c}{}\u{201d} ({}) was changed here and by {}",
                            c.headline,
                            &c.id[..13.min(c.id.len())],
                            c.theirs_who
                                .as_deref()
                                .unwrap_or("someone on the shared desk")
                        )
                    })
                    .collect();
                return Err(Error::new(
                    ErrorCode::Conflict,
                    format!(
                        "conflict: both versions are kept, and nothing of these pieces was sent or taken: {}; see `galley conflicts`, then `galley resolve ID --keep mine|theirs` or `--file F`",
                        lines.join("; ")
                    ),
                ));
            }
            if report.received.is_empty() && report.sent == 0 {
                note("already in step with the shared desk");
            }
        }
        Command::Conflicts { json: as_json } => {
            let cs = desk.conflicts()?;
            if as_json {
                return json(out, &cs);
            }
            for c in &cs {
                writeln!(
                    out,
                    "{}\t{}\ttheirs: revision {} by {}",
                    c.id,
                    c.headline,
                    c.theirs_revision,
                    c.theirs_who.as_deref().unwrap_or("?")
                )
                .map_err(io)?;
            }
            if cs.is_empty() {
                note("no conflicts");
            }
        }
        Command::Poll(pc) => return poll_command(&mut desk, &cli.actor, pc, now, out),
        Command::Discard { id } => {
            let who = actor(&cli.actor)?;
            let o = desk.discard_unsent(who, &id, now)?;
            writeln!(out, "{}\trevision {}", o.id, o.revision).map_err(io)?;
            note(
                "the shared desk's version is back; the dropped revisions are in `galley history`",
            );
        }
        Command::Resolve { id, keep, file } => {
            let who = actor(&cli.actor)?;
            let keep = match (keep.as_deref().map(str::trim), file) {
                (Some("mine"), _) => galley::api::Keep::Mine,
                (Some("theirs"), _) => galley::api::Keep::Theirs,
                (Some(other), _) => {
                    return Err(Error::bad_input(format!(
                        "--keep takes mine or theirs, not `{other}`"
                    )))
                }
                (None, Some(f)) => {
                    galley::api::Keep::Text(std::fs::read_to_string(&f).map_err(|e| {
                        Error::bad_input(format!("cannot read {}: {e}", f.display()))
                    })?)
                }
                (None, None) => {
                    return Err(Error::bad_input("give --keep mine|theirs or --file F"))
                }
            };
            let o = desk.resolve_conflict(who, &id, keep, now)?;
            writeln!(out, "{}\trevision {}", o.id, o.revision).map_err(io)?;
            note("resolved here; `galley sync` sends it");
        }
        Command::Person(PersonCommand::Add {
            name,
            roles,
            sections,
        }) => {
            let roles = parse_roles(&roles)?;
            let p = desk.add_person(cli.actor.as_deref(), &name, &roles, &sections, now)?;
            writeln!(out, "{}", p.name).map_err(io)?;
        }
        Command::Person(PersonCommand::Set {
            name,
            roles,
            sections,
        }) => {
            let roles = parse_roles(&roles)?;
            let who = actor(&cli.actor)?;
            let p = desk.change_person(who, &name, &roles, &sections, now)?;
            let names: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
            writeln!(out, "{}\t{}", p.name, names.join(",")).map_err(io)?;
        }
        Command::Person(PersonCommand::List { json: as_json }) => {
            let people = desk.people()?;
            if as_json {
                return json(out, &people);
            }
            for p in people {
                let roles: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
                let sections = if p.sections.is_empty() {
                    String::new()
                } else {
                    format!("\t{}", p.sections.join(", "))
                };
                writeln!(out, "{}\t{}{sections}", p.name, roles.join(",")).map_err(io)?;
            }
        }
        Command::Import {
            wordpress,
            ghost,
            sections,
            default_section,
            meta,
            review,
            survey,
            ..
        } if wordpress.is_some() || ghost.is_some() => {
            let (source, path) = match (wordpress, ghost) {
                (Some(p), _) => (Source::Wordpress, p),
                (None, Some(p)) => (Source::Ghost, p),
                (None, None) => unreachable!("guarded above"),
            };
            if survey {
                let s = desk.archive_survey(source, &path)?;
                writeln!(
                    out,
                    "{} posts, {} pages, {} attachments; {} in the trash, {} other items",
                    s.posts, s.pages, s.attachments, s.trashed, s.other
                )
                .map_err(io)?;
                for c in &s.categories {
                    writeln!(out, "{}\t{}", c.name, c.count).map_err(io)?;
                }
                return Ok(());
            }
            let pairs = |v: &[String], what: &str| -> Result<BTreeMap<String, String>, Error> {
                v.iter()
                    .map(|x| {
                        x.split_once('=')
                            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                            .ok_or_else(|| {
                                Error::bad_input(format!("{what} `{x}`: write it as NAME=VALUE"))
                            })
                    })
                    .collect()
            };
            let options = ArchiveOptions {
                sections: pairs(&sections, "--section")?,
                default_section: default_section.unwrap_or_default(),
                meta: pairs(&meta, "--meta")?,
                review,
            };
            let who = actor(&cli.actor)?;
            let report = desk.import_archive(who, source, &path, &options, now, &mut |_| true)?;
            for n in &report.notices {
                note(n);
            }
            for name in &report.added_people {
                note(&format!("added {name} to the desk as a writer"));
            }
            let s = &report.survey;
            note(&format!(
                "{} posts and {} pages imported ({} published, {} scheduled, {} in copyedit, {} drafts); {} attachments, {} in the trash and {} other items skipped",
                s.posts, s.pages, report.published, report.scheduled, report.copyedit, report.drafts, s.attachments, s.trashed, s.other
            ));
            for p in &report.pieces {
                writeln!(out, "{}\t{}", p.id, p.headline).map_err(io)?;
            }
        }
        Command::Import { files, archive, .. } => {
            let who = actor(&cli.actor)?;
            let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            let mode = if archive {
                ImportMode::Archive
            } else {
                ImportMode::Drafts
            };
            let report = desk.import_paths(who, &paths, mode, now)?;
            for n in &report.notices {
                note(n);
            }
            for name in &report.added_people {
                note(&format!("added {name} to the desk as a writer"));
            }
            for p in &report.pieces {
                writeln!(out, "{}\t{}", p.id, p.headline).map_err(io)?;
            }
        }
        Command::Export {
            wordpress: Some(file),
            ..
        } => {
            let mut f = std::fs::File::create(&file)
                .map_err(|e| Error::bad_input(format!("{}: {e}", file.display())))?;
            let n = desk.export_wordpress(&mut f, "Galley")?;
            note(&format!("{n} pieces written to {}", file.display()));
        }
        Command::Export {
            files: Some(dir), ..
        } => {
            let n = desk.export_files(&dir)?;
            note(&format!("{n} piece files written to {}", dir.display()));
        }
        Command::Drafts { dir, once } => {
            let who = actor(&cli.actor)?.to_string();
            let show = |r: &galley::api::DraftsReport| {
                for f in &r.written {
                    note(&format!("wrote {f}"));
                }
                for s in &r.created {
                    note(&format!(
                        "{} is a new piece, {} (revision {})",
                        s.file, s.id, s.revision
                    ));
                }
                for s in &r.saved {
                    note(&format!(
                        "saved {} as revision {} of {}",
                        s.file, s.revision, s.id
                    ));
                }
                for f in &r.deleted {
                    note(&format!("{f} was deleted; its piece stays on the desk"));
                }
                for c in &r.conflicts {
                    note(&format!(
                        "conflict: {} holds revision {} of \u{201c}{}\u{201d}, the desk has revision {}; the file is left as it is (settle it in the app)",
                        c.file, c.file_revision, c.headline, c.desk_revision
                    ));
                }
                for e in &r.errors {
                    let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
                    let key = e
                        .key
                        .as_deref()
                        .map(|k| format!(" {k}:"))
                        .unwrap_or_default();
                    note(&format!(
                        "error: {}{at}:{key} {}; nothing was changed",
                        e.file, e.message
                    ));
                }
            };
            let report = desk.drafts_pass(&who, &dir, true, now)?;
            show(&report);
            if once {
                return Ok(());
            }
            let (tx, rx) = std::sync::mpsc::channel();
            let _watch = galley::api::watch_folder(&dir, tx)?;
            note(&format!(
                "keeping {} in step with the desk; stop with Ctrl-C",
                dir.display()
            ));
            let mut seen = desk.desk_version()?;
            loop {
                let files = rx
                    .recv_timeout(std::time::Duration::from_millis(300))
                    .is_ok();
                while rx.try_recv().is_ok() {}
                let version = desk.desk_version()?;
                if files || version != seen {
                    match desk.drafts_pass(&who, &dir, version != seen, Utc::now()) {
                        Ok(r) => show(&r),
                        Err(e) => note(&format!("error: {}", e.message)),
                    }
                    seen = desk.desk_version()?;
                }
            }
        }
        Command::Calendar { ics, from, to } => {
            let day = |s: &str| -> Result<DateTime<Utc>, Error> {
                DateTime::parse_from_rfc3339(s)
                    .map(|d| d.with_timezone(&Utc))
                    .or_else(|_| {
                        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                            .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
                    })
                    .map_err(|_| Error::bad_input(format!("`{s}` is not a date (2026-12-04)")))
            };
            let from = match from {
                Some(s) => day(&s)?,
                None => now - chrono::Duration::days(365),
            };
            let to = match to {
                Some(s) => day(&s)? + chrono::Duration::days(1),
                None => now + chrono::Duration::days(365),
            };
            let text = desk.calendar_ics(from, to, now)?;
            std::fs::write(&ics, text)
                .map_err(|e| Error::bad_input(format!("{}: {e}", ics.display())))?;
        }
        Command::Export {
            id: Some(id),
            critic: true,
            ..
        } => {
            let (text, left_out) = desk.critic_export(&id)?;
            write!(out, "{text}").map_err(io)?;
            if left_out > 0 {
                note(&format!(
                    "{left_out} mark(s) overlap another and are left out; see `galley suggestions` and `galley query list`"
                ));
            }
        }
        Command::Query(qc) => return query_command(&mut desk, &cli.actor, qc, now, out),
        Command::Check { id, json: as_json } => {
            let found = desk.style_check(&id, None)?;
            if as_json {
                return json(out, &found);
            }
            for f in &found {
                let fix = f
                    .fix
                    .as_deref()
                    .map(|x| format!(" \u{2192} \u{201c}{x}\u{201d}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}\t{}..{}\t{}\t\u{201c}{}\u{201d}{fix}\t{}",
                    f.field, f.start, f.end, f.rule, f.quote, f.message
                )
                .map_err(io)?;
            }
        }
        Command::Suggest { id, file } => {
            let who = actor(&cli.actor)?;
            let bytes = std::fs::read(&file)
                .map_err(|e| Error::bad_input(format!("cannot read {}: {e}", file.display())))?;
            let v = desk.suggest_file(who, &id, &file.display().to_string(), &bytes, now)?;
            let mine = v
                .suggestions
                .iter()
                .filter(|s| s.state == "open" && s.author.eq_ignore_ascii_case(who.trim()))
                .count();
            writeln!(out, "{mine} open suggestion(s) by {who}").map_err(io)?;
        }
        Command::Suggestions {
            id,
            json: as_json,
            all,
        } => {
            let who = actor(&cli.actor)?;
            let mut v = desk.marks(who, &id)?.suggestions;
            if !all {
                v.retain(|s| s.state == "open");
            }
            if as_json {
                return json(out, &v);
            }
            for s in &v {
                let flag = if s.stale { " (stale)" } else { "" };
                let change = match s.what.as_str() {
                    "insertion" => format!("+ \u{201c}{}\u{201d}", s.insert),
                    "deletion" => format!("- \u{201c}{}\u{201d}", s.quote),
                    _ => format!(
                        "\u{201c}{}\u{201d} \u{2192} \u{201c}{}\u{201d}",
                        s.quote, s.insert
                    ),
                };
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}{flag}\t{}",
                    s.id, s.state, s.author, s.field, change
                )
                .map_err(io)?;
            }
        }
        Command::Accept {
            id,
            suggestion,
            all_of,
        } => decide(
            &mut desk, &cli.actor, &id, suggestion, all_of, true, now, out,
        )?,
        Command::Reject {
            id,
            suggestion,
            all_of,
        } => decide(
            &mut desk, &cli.actor, &id, suggestion, all_of, false, now, out,
        )?,
        Command::Export { id: None, .. } => unreachable!("clap requires an id or a file"),
        Command::Export {
            id: Some(id),
            critic: false,
            ..
        } => {
            let p = desk.piece(&id)?;
            write!(out, "{}", desk.export(&p.id)?).map_err(io)?;
            note(&format!(
                "revision {} of {} (galley edit {} FILE --base {})",
                p.revision,
                p.id,
                &p.id[..13],
                p.revision
            ));
        }
        Command::Show { id, json: as_json } => {
            if as_json {
                return json(out, &desk.show(&id)?);
            }
            show(out, &desk, &desk.piece(&id)?)?;
        }
        Command::Edit {
            id,
            file,
            base,
            note: why,
        } => {
            if base.is_none() {
                let current = desk.piece(&id)?.revision;
                note(&format!(
                    "no --base given: saving over revision {current}; pass --base (export prints it) to refuse the save if someone changed the piece meanwhile"
                ));
            }
            let s = desk.edit_file(actor(&cli.actor)?, &id, &file, base, why.as_deref(), now)?;
            for name in &s.added_people {
                note(&format!("added {name} to the desk as a writer"));
            }
            if s.changed {
                writeln!(out, "{}\trevision {}", s.id, s.revision).map_err(io)?;
            } else {
                writeln!(out, "{}\trevision {} (no change)", s.id, s.revision).map_err(io)?;
            }
        }
        Command::Move {
            id,
            stage,
            note: text,
        } => {
            let to = Stage::parse(stage.trim()).ok_or_else(|| {
                Error::bad_input(format!(
                    "unknown stage `{stage}` (stages: {})",
                    Stage::names()
                ))
            })?;
            let m = desk.move_piece(actor(&cli.actor)?, &id, to, text.as_deref(), now)?;
            writeln!(
                out,
                "{}\t{} -> {} ({}), revision {}",
                m.id,
                Stage::from(m.from),
                Stage::from(m.to),
                Move::from(m.mv),
                m.revision
            )
            .map_err(io)?;
        }
        Command::Schedule { id, at, zone } => {
            let s = desk.schedule(actor(&cli.actor)?, &id, &at, zone.as_deref(), now)?;
            if let Some(n) = &s.notice {
                note(n);
            }
            writeln!(
                out,
                "{}\tscheduled for {} {} ({} UTC)",
                s.id,
                s.local,
                s.zone,
                s.scheduled_at.format("%Y-%m-%d %H:%M")
            )
            .map_err(io)?;
        }
        Command::PublishDue { now: at, site } => {
            let at = match at {
                Some(t) => DateTime::parse_from_rfc3339(t.trim())
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|e| {
                        Error::bad_input(format!("--now `{t}` is not an RFC 3339 time ({e})"))
                    })?,
                None => now,
            };
            let site = match site {
                Some(d) => Some(d),
                None => desk
                    .setting("site_dir")?
                    .filter(|d| !d.trim().is_empty())
                    .map(PathBuf::from),
            };
            let (report, built) = desk.publish_due_to_site(at, site.as_deref())?;
            for p in &report.published {
                writeln!(out, "{}\tpublished\t{}", p.id, p.headline).map_err(io)?;
            }
            for h in &report.held {
                eprintln!("held: {} ({}): {}", h.id, h.headline, h.reason);
            }
            if report.published.is_empty() && report.held.is_empty() {
                note("nothing is due");
            }
            match (built, &site) {
                (Some(Ok(b)), Some(dir)) => {
                    note(&format!("wrote {} pages to {} in {:.2} s", b.pages, dir.display(), b.seconds))
                }
                (Some(Err(e)), Some(dir)) => {
                    return Err(Error::new(
                        e.code,
                        format!(
                            "the pieces above are published, but their pages could not be written to {}: {}; run `galley site build --out {}` once it is fixed",
                            dir.display(),
                            e.message,
                            dir.display()
                        ),
                    ))
                }
                _ => {}
            }
        }
        Command::Preview {
            id,
            view,
            page,
            width,
            out: file,
            watch,
        } => {
            let view = match (view.trim(), page) {
                (_, Some(n)) => View::List(n),
                ("list", None) => View::List(1),
                ("article", None) => View::Article,
                ("teaser", None) => View::Teaser,
                ("front", None) => View::Front,
                (other, None) => {
                    return Err(Error::bad_input(format!(
                        "unknown view `{other}` (views: article, teaser, front, list)"
                    )))
                }
            };
            let width = match width.trim() {
                "desktop" => Width::Desktop,
                "tablet" => Width::Tablet,
                "phone" => Width::Phone,
                other => {
                    return Err(Error::bad_input(format!(
                        "unknown width `{other}` (widths: desktop, tablet, phone)"
                    )))
                }
            };
            match file {
                None => write!(out, "{}", desk.preview(&id, view, width)?).map_err(io)?,
                Some(file) if !watch => {
                    let html = desk.preview(&id, view, width)?;
                    std::fs::write(&file, html).map_err(|e| {
                        Error::bad_input(format!("cannot write {}: {e}", file.display()))
                    })?;
                }
                Some(file) => watch_preview(&desk, &id, view, width, &file)?,
            }
        }
        Command::Site(SiteCommand::Build { out: dir }) => {
            let dir = match dir {
                Some(d) => d,
                None => desk
                    .setting("site_dir")?
                    .filter(|d| !d.trim().is_empty())
                    .map(PathBuf::from)
                    .ok_or_else(|| {
                        Error::bad_input("where should the site go? pass --out DIR or set site_dir")
                    })?,
            };
            let b = desk.build_site(&dir, None)?;
            let peak = peak_memory_mb()
                .map(|m| format!(", peak memory {m:.0} MB"))
                .unwrap_or_default();
            writeln!(
                out,
                "wrote {} pages ({} files, {:.1} MB) to {} in {:.2} s: {:.0} pages a second{peak}",
                b.pages,
                b.files,
                b.bytes as f64 / 1e6,
                dir.display(),
                b.seconds,
                b.pages as f64 / b.seconds.max(1e-9)
            )
            .map_err(io)?;
        }
        Command::Board { json: as_json } => {
            let board = desk.board()?;
            if as_json {
                return json(out, &board);
            }
            print_board(out, &board, &desk.zone()?)?;
        }
        Command::History { id, json: as_json } => {
            let h = desk.history(&id)?;
            if as_json {
                return json(out, &h);
            }
            writeln!(
                out,
                "rev  when (UTC)        who                  why         stage      note"
            )
            .map_err(io)?;
            for r in &h.revisions {
                writeln!(
                    out,
                    "{:<4} {}  {:<20} {:<11} {:<10} {}",
                    r.number,
                    r.at.format("%Y-%m-%d %H:%M"),
                    r.who.as_deref().unwrap_or("(scheduler)"),
                    r.why,
                    Stage::from(r.stage).as_str(),
                    r.note.as_deref().unwrap_or("")
                )
                .map_err(io)?;
            }
        }
        Command::Diff { id, rev_a, rev_b } => {
            write!(out, "{}", desk.diff(&id, rev_a, rev_b)?).map_err(io)?
        }
        Command::Search {
            query,
            json: as_json,
            limit,
        } => {
            let hits = desk.search(&query, limit)?;
            if as_json {
                return json(out, &hits);
            }
            if hits.is_empty() {
                note(&format!("nothing matches `{query}`"));
            }
            for h in &hits {
                writeln!(
                    out,
                    "{}  {:<9} {} ({}, {})",
                    desk.short_id(&h.id)?,
                    h.stage.as_str(),
                    h.headline,
                    h.kind.as_str(),
                    h.section
                )
                .map_err(io)?;
                writeln!(out, "    {}", h.snippet_marked("[", "]")).map_err(io)?;
            }
        }
        Command::Setting { key, value } => match value {
            Some(v) => desk.set_setting(actor(&cli.actor)?, &key, &v)?,
            None => match desk.setting(&key)? {
                Some(v) => writeln!(out, "{v}").map_err(io)?,
                None => return Err(Error::not_found(format!("no setting `{key}`"))),
            },
        },
    }
    Ok(())
}

/// Writes the preview to `file`, then again on every change of the theme folder, until killed.
/// A broken template leaves the last good page in place with the error above it.
fn watch_preview(
    desk: &Desk,
    id: &str,
    view: View,
    width: Width,
    file: &Path,
) -> Result<(), Error> {
    let dir = desk
        .setting("theme_dir")?
        .filter(|d| !d.trim().is_empty())
        .ok_or_else(|| Error::bad_input("--watch follows the theme folder: set theme_dir first"))?;
    let piece = desk.piece(id)?;
    let mut preview = Preview::new(desk.theme()?);
    let write = |preview: &mut Preview| -> Result<(), Error> {
        let started = std::time::Instant::now();
        let shown = preview.show("page", |theme| {
            desk.render_piece(theme, &piece, view, width).map_err(|e| {
                RenderError::Template(TemplateError {
                    file: String::new(),
                    line: None,
                    message: e.message,
                })
            })
        });
        std::fs::write(file, &shown.html)
            .map_err(|e| Error::bad_input(format!("cannot write {}: {e}", file.display())))?;
        match shown.error {
            Some(e) => eprintln!("theme error (the last good page stays): {e}"),
            None => eprintln!(
                "rendered {} in {:.1} ms",
                file.display(),
                started.elapsed().as_secs_f64() * 1e3
            ),
        }
        Ok(())
    };
    write(&mut preview)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let _watch = watch::watch(Path::new(dir.trim()), move |e| {
        let _ = tx.send(e);
    })
    .map_err(Error::bad_input)?;
    eprintln!("watching {} (Ctrl-C to stop)", dir.trim());
    for event in rx {
        match event {
            ThemeEvent::Changed(_) => {
                match desk.theme() {
                    Ok(t) => preview.set_theme(t),
                    Err(e) => eprintln!("theme error: {}", e.message),
                }
                write(&mut preview)?;
            }
            ThemeEvent::Failed(e) => eprintln!("watching stopped working: {e}"),
        }
    }
    Ok(())
}

/// The most memory this process has held (Linux's VmHWM), in MB.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// The board as text: a column per stage, a line per card.
fn print_board(out: &mut impl Write, board: &galley::api::Board, zone: &str) -> Result<(), Error> {
    let id_width = board
        .columns
        .iter()
        .flat_map(|c| &c.cards)
        .map(|c| c.short_id.len())
        .max()
        .unwrap_or(8);
    for col in &board.columns {
        writeln!(
            out,
            "{} ({})",
            Stage::from(col.stage).as_str().to_uppercase(),
            col.total
        )
        .map_err(io)?;
        for c in &col.cards {
            let when = match (c.published_at, c.scheduled_at) {
                (Some(t), _) => format!("  [published {}]", local(t, zone)),
                (None, Some(t)) => format!(
                    "  [{}]",
                    local(t, c.schedule_zone.as_deref().unwrap_or(zone))
                ),
                _ => String::new(),
            };
            let by = if c.bylines.is_empty() {
                "no byline".to_string()
            } else {
                c.bylines.join(", ")
            };
            writeln!(
                out,
                "  {:<id_width$}  {:<7} {:<10} {} — {by} ({} words){when}",
                c.short_id,
                Kind::from(c.kind).as_str(),
                c.section,
                c.headline,
                c.word_count
            )
            .map_err(io)?;
        }
        if col.total > col.cards.len() {
            writeln!(out, "  ... and {} more", col.total - col.cards.len()).map_err(io)?;
        }
    }
    Ok(())
}

fn local(t: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

fn show(out: &mut impl Write, desk: &Desk, p: &Piece) -> Result<(), Error> {
    let c = &p.content;
    let zone = desk.zone()?;
    let mut lines = vec![
        c.headline.clone(),
        String::new(),
        format!("id         {}", p.id),
        format!("stage      {} (revision {})", p.stage, p.revision),
        format!(
            "kind       {} · {}{}",
            c.kind.as_str(),
            c.section,
            c.review
                .as_ref()
                .map(|r| format!(" · {}", r.subject.medium()))
                .unwrap_or_default()
        ),
        format!("bylines    {}", c.bylines.join(", ")),
        format!("slug       {}", c.slug),
        format!("words      {}", c.word_count()),
    ];
    if !c.dek.is_empty() {
        lines.push(format!("dek        {}", c.dek));
    }
    if let Some(r) = &c.review {
        lines.push(format!(
            "subject    {}",
            r.subject.title().unwrap_or("(no title)")
        ));
    }
    if let Some(l) = &c.list {
        lines.push(format!(
            "entries    {} {}s, {} a page, {}",
            l.entries.len(),
            l.item,
            l.page_size,
            l.order.as_str()
        ));
    }
    if let Some(t) = p.scheduled_at {
        lines.push(format!(
            "scheduled  {}",
            local(t, p.schedule_zone.as_deref().unwrap_or(&zone))
        ));
    }
    if let Some(t) = p.published_at {
        lines.push(format!("published  {}", local(t, &zone)));
    }
    for corr in &c.corrections {
        lines.push(format!(
            "correction {}: {}",
            local(corr.at, &zone),
            corr.note
        ));
    }
    writeln!(out, "{}", lines.join("\n")).map_err(io)
}
