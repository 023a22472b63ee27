//! The poll's count on real polls (`../shared/corpus/polls`): Sight and Sound 2012's critics'
//! top 50 by mentions and every one of criterion-top10's mention counts, reproduced from the
//! ballots; and properties of any tally: the order of the ballots does not matter, and the
//! candidates' points add up to the ballots'.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use galley::poll::{csv, tally, Ballot, Count, Pick, Rules, Scheme, CENTS};
use proptest::prelude::*;

use super::support::shared;

fn corpus(path: &str) -> Option<PathBuf> {
    shared().map(|d| d.join("corpus").join("polls").join(path))
}

fn rows(path: &PathBuf, delimiter: char) -> Vec<csv::Row> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    csv::parse(&text, delimiter).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn mentions() -> Rules {
    Rules {
        scheme: Scheme::Mentions,
        ..Rules::default()
    }
}

/// Criterion's contributors' top tens (`;`, films tied at a place split by `|`): every film's
/// mention count as the site's own aggregate has it.
#[test]
fn criterion_top_tens_give_all_696_published_mention_counts() {
    let Some(dir) = corpus("criterion-top10") else {
        return;
    };
    let data = rows(&dir.join("data.csv"), ';');
    let mut ballots = Vec::new();
    for row in &data[1..] {
        let mut picks = Vec::new();
        for (place, cell) in row.fields[1..].iter().enumerate() {
            for title in cell.split('|').map(str::trim).filter(|t| !t.is_empty()) {
                picks.push(Pick {
                    creator: String::new(),
                    title: title.to_string(),
                    rank: Some(place as u32 + 1),
                    points: None,
                    year: None,
                });
            }
        }
        ballots.push(Ballot {
            voter: row.fields[0].clone(),
            picks,
        });
    }
    assert_eq!(ballots.len(), 216);
    let t = tally(&mentions(), &ballots, &BTreeMap::new(), &[]).unwrap();
    let counted: HashMap<String, u32> = t
        .candidates
        .iter()
        .map(|c| {
            (
                galley::poll::names::key("", &c.candidate.title),
                c.candidate.mentions,
            )
        })
        .collect();
    let published = std::fs::read_to_string(dir.join("mentions.txt")).unwrap();
    let mut checked = 0;
    let mut differ = Vec::new();
    for line in published.lines().filter(|l| !l.trim().is_empty()) {
        let (title, n) = line.rsplit_once(" - ").expect("TITLE - N");
        let n: u32 = n.trim().parse().unwrap();
        let ours = counted.get(&galley::poll::names::key("", title)).copied();
        if ours != Some(n) {
            differ.push(format!("{title}: published {n}, counted {ours:?}"));
        }
        checked += 1;
    }
    assert_eq!(checked, 696);
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    assert_eq!(
        t.candidates.len(),
        696,
        "one candidate per published film, no more"
    );
}

/// Sight and Sound 2012: the critics' ballots (unranked tens) counted by mentions give the
/// critics' poll as the BFI published it, its top 50 film by film with their votes.
#[test]
fn sight_and_sound_2012_critics_top_50_by_mentions() {
    let Some(dir) = corpus("sight-and-sound/2012") else {
        return;
    };
    let voters = rows(&dir.join("csv_raw_data/voters_2012.csv"), ',');
    let head = &voters[0].fields;
    let col = |h: &[String], name: &str| {
        h.iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (vid, cat) = (col(head, "voter_id"), col(head, "poll_category"));
    let critics: std::collections::HashSet<String> = voters[1..]
        .iter()
        .filter(|r| r.fields[cat] == "critics poll")
        .map(|r| r.fields[vid].clone())
        .collect();
    let votes = rows(&dir.join("csv_raw_data/votes_2012.csv"), ',');
    let vh = &votes[0].fields;
    let (v_voter, v_film, v_title, v_dir) = (
        col(vh, "voter_id"),
        col(vh, "film_id"),
        col(vh, "normed_film_title"),
        col(vh, "film_director"),
    );
    // A candidate per film: the poll's own film id stands for the work (its normalised title
    // and director are shown), as the magazine's editors would have merged the spellings.
    let mut by_voter: BTreeMap<String, Vec<Pick>> = BTreeMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for r in &votes[1..] {
        if !critics.contains(&r.fields[v_voter]) {
            continue;
        }
        names.insert(r.fields[v_film].clone(), r.fields[v_title].clone());
        by_voter
            .entry(r.fields[v_voter].clone())
            .or_default()
            .push(Pick {
                creator: r.fields[v_dir].clone(),
                title: r.fields[v_film].clone(),
                rank: None,
                points: None,
                year: None,
            });
    }
    let ballots: Vec<Ballot> = by_voter
        .into_iter()
        .map(|(voter, picks)| Ballot { voter, picks })
        .collect();
    let t = tally(&mentions(), &ballots, &BTreeMap::new(), &[]).unwrap();
    // The published aggregate, most votes first. Read to its 60th line only: its line 201
    // quotes a title wrongly (`,""I Know Where I'm Going!"",`), which the reader refuses by
    // line and column, as it would a ballot's.
    let text =
        std::fs::read_to_string(dir.join("csv_query_results/critics_poll_2012.csv")).unwrap();
    let head60: String = text.split_inclusive('\n').take(60).collect();
    let published = csv::parse(&head60, ',').unwrap();
    assert!(csv::parse(&text, ',')
        .unwrap_err()
        .to_string()
        .starts_with("line 201, column 3"));
    let ph = &published[0].fields;
    let (p_film, p_votes) = (col(ph, "film_id"), col(ph, "votes"));
    let ours: HashMap<&str, (usize, u32)> = t
        .candidates
        .iter()
        .map(|c| (c.candidate.title.as_str(), (c.place, c.candidate.mentions)))
        .collect();
    for (i, r) in published[1..51].iter().enumerate() {
        let film = r.fields[p_film].as_str();
        let want: u32 = r.fields[p_votes].parse().unwrap();
        let (place, got) = ours.get(film).copied().unwrap_or((0, 0));
        assert_eq!(
            got,
            want,
            "{} ({film}): published {want} votes",
            names.get(film).map(String::as_str).unwrap_or("?")
        );
        // Published places count ties as shared; ours are the competition places.
        let published_place = 1 + published[1..]
            .iter()
            .filter(|o| o.fields[p_votes].parse::<u32>().unwrap() > want)
            .count();
        assert_eq!(
            place,
            published_place,
            "place of the #{} film {film}",
            i + 1
        );
    }
    assert_eq!(
        t.candidates[0].candidate.mentions, 191,
        "Vertigo's 191 votes"
    );
}

fn ballot_strategy() -> impl Strategy<Value = Vec<Ballot>> {
    let pick = (0..12u8).prop_map(|n| format!("Work {n}"));
    let ballot = (0..6u8, prop::collection::vec(pick, 1..8)).prop_map(|(v, titles)| {
        let mut seen = std::collections::HashSet::new();
        Ballot {
            voter: format!("Voter {v}"),
            picks: titles
                .into_iter()
                .filter(|t| seen.insert(t.clone()))
                .enumerate()
                .map(|(i, t)| Pick {
                    creator: String::new(),
                    title: t,
                    rank: Some(i as u32 + 1),
                    points: None,
                    year: None,
                })
                .collect(),
        }
    });
    // One ballot per voter.
    prop::collection::vec(ballot, 0..30).prop_map(|mut bs| {
        let mut seen = std::collections::HashSet::new();
        bs.retain(|b| seen.insert(b.voter.clone()));
        bs
    })
}

proptest! {
    #[test]
    fn a_tally_does_not_depend_on_the_order_of_ballots(
        ballots in ballot_strategy(),
        seed in any::<u64>(),
        scheme in prop_oneof![
            Just(Scheme::Points { points: vec![10, 8, 6, 4, 2] }),
            Just(Scheme::Borda),
            Just(Scheme::Mentions),
            Just(Scheme::Metacritic),
        ],
    ) {
        let rules = Rules { scheme, ..Rules::default() };
        let a = tally(&rules, &ballots, &BTreeMap::new(), &[]).unwrap();
        let mut shuffled = ballots.clone();
        // A Fisher-Yates shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let b = tally(&rules, &shuffled, &BTreeMap::new(), &[]).unwrap();
        prop_assert_eq!(&a, &b);
        let sum: i64 = a.candidates.iter().map(|c| c.candidate.points).sum();
        prop_assert_eq!(sum, a.total_points, "the candidates' points are the ballots' points");
        let mentions: u32 = a.candidates.iter().map(|c| c.candidate.mentions).sum();
        let picks: usize = ballots.iter().map(|b| b.picks.len()).sum();
        prop_assert_eq!(mentions as usize, picks);
        if let Scheme::Mentions = rules.scheme {
            prop_assert_eq!(a.total_points, picks as i64 * CENTS);
        }
        for w in a.candidates.windows(2) {
            prop_assert!(w[0].place <= w[1].place);
            prop_assert_eq!(w[0].above_next.is_none(), w[0].place == w[1].place);
        }
    }

    #[test]
    fn a_running_count_with_a_ballot_changed_is_the_count_of_the_changed_ballots(
        ballots in ballot_strategy(),
        other in ballot_strategy(),
    ) {
        let rules = Rules { scheme: Scheme::Borda, ..Rules::default() };
        let mut count = Count::new(rules.clone(), BTreeMap::new());
        for b in &ballots {
            count.put(b).unwrap();
        }
        // Each of the other ballots replaces a voter's (or adds one), then one voter leaves.
        let mut now: BTreeMap<String, Ballot> = BTreeMap::new();
        for b in &ballots {
            now.insert(b.voter.clone(), b.clone());
        }
        for b in &other {
            count.put(b).unwrap();
            now.insert(b.voter.clone(), b.clone());
        }
        if let Some(v) = now.keys().next().cloned() {
            prop_assert!(count.take_out(&v));
            now.remove(&v);
        }
        let fresh: Vec<Ballot> = now.into_values().collect();
        prop_assert_eq!(count.tally(&[]), tally(&rules, &fresh, &BTreeMap::new(), &[]).unwrap());
    }
}

mod cli {
    //! The poll through the `galley` binary on a real desk file: a section editor opens a
    //! list's poll, imports a spreadsheet of ballots, merges two spellings, decides a tie;
    //! who may do what; a bad row names its line and column and imports nothing.

    use std::path::Path;
    use std::process::{Command, Output};

    use super::super::support::{stderr, stdout};

    const BIN: &str = env!("CARGO_BIN_EXE_galley");

    fn galley(db: &Path, who: Option<&str>, args: &[&str]) -> Output {
        let mut c = Command::new(BIN);
        c.env("GALLEY_DB", db).env_remove("GALLEY_AS");
        if let Some(w) = who {
            c.env("GALLEY_AS", w);
        }
        c.args(args).output().unwrap()
    }

    fn ok(db: &Path, who: Option<&str>, args: &[&str]) -> String {
        let o = galley(db, who, args);
        assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
        stdout(&o)
    }

    /// A desk with Ed Marsh, an editor, and his draft list piece; (its folder, the desk, the
    /// list's id).
    fn editor_with_list(
        section: &str,
        headline: &str,
        item: &str,
    ) -> (tempfile::TempDir, std::path::PathBuf, String) {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("desk.galley");
        ok(&db, None, &["init"]);
        ok(
            &db,
            None,
            &["person", "add", "Ed Marsh", "--role", "editor"],
        );
        let list = tmp.path().join("list.md");
        std::fs::write(&list, format!("---\nkind: list\nsection: {section}\nheadline: {headline}\nbylines: [Ed Marsh]\nlist:\n  item: {item}\n  entries: []\n---\nIntro.\n")).unwrap();
        let id = ok(&db, Some("Ed Marsh"), &["import", list.to_str().unwrap()])
            .split('\t')
            .next()
            .unwrap()
            .to_string();
        (tmp, db, id)
    }

    const BALLOTS: &str = "Critic\tArtist\tSong\t#\n\
        Ann Powers\tKendrick Lamar\tAlright\t1\n\
        Ann Powers\tBeyoncé\tFormation\t2\n\
        Ann Powers\tGrimes\tFlesh Without Blood\t3\n\
        Jon Caramanica\tBeyonce\tFormation\t1\n\
        Jon Caramanica\tKendrick Lamar\tAlright\t2\n\
        Jon Caramanica\tCourtney Barnett\tPedestrian at Best\t3\n\
        Jon Pareles\tGrimes\tFlesh w/o Blood\t1\n\
        Jon Pareles\tCourtney Barnett\tPedestrian At Best\t2\n\
        Jon Pareles\tKendrick Lamar\tAlright\t3\n";

    #[test]
    fn a_section_editor_runs_a_poll_from_a_spreadsheet() {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("desk.galley");
        ok(&db, None, &["init"]);
        ok(
            &db,
            None,
            &["person", "add", "Ed Marsh", "--role", "editor"],
        );
        let ed = Some("Ed Marsh");
        ok(
            &db,
            ed,
            &[
                "person",
                "add",
                "Sam Ortiz",
                "--role",
                "section_editor",
                "--section",
                "Music",
            ],
        );
        ok(
            &db,
            ed,
            &["person", "add", "Wren Adair", "--role", "writer"],
        );
        let sam = Some("Sam Ortiz");
        let list = tmp.path().join("list.md");
        std::fs::write(&list, "---\nkind: list\nsection: Music\nheadline: The Best Songs of 2015\nbylines: [Sam Ortiz]\nlist:\n  item: song\n  entries: []\n---\nOur critics' poll.\n").unwrap();
        let id = ok(&db, sam, &["import", list.to_str().unwrap()])
            .split('\t')
            .next()
            .unwrap()
            .to_string();

        // A writer does not run the poll; the list's section editor does.
        let o = galley(
            &db,
            Some("Wren Adair"),
            &["poll", "open", &id, "--points", "3,2,1"],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("Wren Adair is not an editor of Music"),
            "{}",
            stderr(&o)
        );
        let poll = ok(
            &db,
            sam,
            &[
                "poll",
                "open",
                &id,
                "--points",
                "3,2,1",
                "--ballot-size",
                "3",
                "--subject",
                "song",
            ],
        )
        .trim()
        .to_string();

        // A bad row names its line and column, and nothing of the file lands.
        let bad = tmp.path().join("bad.tsv");
        std::fs::write(
            &bad,
            format!("{BALLOTS}Ann Powers\tFKA twigs\tPendulum\tfourth\n"),
        )
        .unwrap();
        let cols = "voter=Critic,creator=Artist,title=Song,rank=#";
        let o = galley(
            &db,
            sam,
            &[
                "poll",
                "ballots",
                &poll,
                bad.to_str().unwrap(),
                "--columns",
                cols,
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("line 11, column 4: `fourth` is not a rank"),
            "{}",
            stderr(&o)
        );
        assert!(ok(&db, sam, &["poll", "show", &poll]).contains("ballots: 0"));

        let file = tmp.path().join("ballots.tsv");
        std::fs::write(&file, BALLOTS).unwrap();
        let o = galley(
            &db,
            sam,
            &[
                "poll",
                "ballots",
                &poll,
                file.to_str().unwrap(),
                "--columns",
                cols,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(stdout(&o).trim(), "3 ballots, 9 picks");
        assert!(
            stderr(&o).contains(
                "added as writers, new to the desk: Ann Powers, Jon Caramanica, Jon Pareles"
            ),
            "{}",
            stderr(&o)
        );

        let tally: serde_json::Value =
            serde_json::from_str(&ok(&db, sam, &["poll", "tally", &poll, "--json"])).unwrap();
        let c = tally["candidates"].as_array().unwrap();
        // Alright 3+2+1 = 6; Formation 2+3 = 5 (Beyoncé and Beyonce are one); Pedestrian at
        // Best 1+2 = 3 (its two spellings are one); Flesh Without Blood 1 and "Flesh w/o
        // Blood" 3 stay apart until merged.
        assert_eq!(c[0]["title"], "Alright");
        assert_eq!(c[0]["points"], 6.0);
        assert_eq!(c[0]["by_rank"], serde_json::json!([1, 1, 1]));
        assert_eq!(c[1]["title"], "Formation");
        assert_eq!(c[1]["creator"], "Beyoncé");
        assert_eq!(c.len(), 5);

        let merged = ok(
            &db,
            sam,
            &[
                "poll",
                "merge",
                &poll,
                "Grimes|Flesh Without Blood",
                "Grimes|Flesh w/o Blood",
            ],
        );
        assert!(
            merged
                .lines()
                .any(|l| l.contains("Flesh Without Blood\t4 points")),
            "{merged}"
        );
        // Merged, Flesh Without Blood has 4 points: after Formation's 5, before Pedestrian at
        // Best's 3.
        let t: serde_json::Value =
            serde_json::from_str(&ok(&db, sam, &["poll", "tally", &poll, "--json"])).unwrap();
        let titles: Vec<&str> = t["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Alright",
                "Formation",
                "Flesh Without Blood",
                "Pedestrian at Best"
            ]
        );

        // Assembled, the list's page says how it was made, under its entries.
        ok(&db, sam, &["poll", "assemble", &poll, "--top", "3"]);
        let page = ok(&db, sam, &["preview", &id, "--view", "list"]);
        assert!(
            page.contains(
                "<p class=\"method\">3 ballots; 3 points for a first place down to 1 for a 3rd</p>"
            ),
            "{}",
            &page[page.find("</ol>").unwrap_or(0)..][..300.min(page.len())]
        );

        // Wren changes only her own ballot, and only while the poll is open.
        let o = galley(
            &db,
            Some("Wren Adair"),
            &[
                "poll",
                "ballots",
                &poll,
                file.to_str().unwrap(),
                "--columns",
                cols,
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        ok(&db, sam, &["poll", "close", &poll]);
        let o = galley(
            &db,
            sam,
            &[
                "poll",
                "ballots",
                &poll,
                file.to_str().unwrap(),
                "--columns",
                cols,
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(1),
            "a closed poll takes no ballots: {}",
            stderr(&o)
        );
        let shown = ok(&db, sam, &["poll", "show", &poll]);
        assert!(
            shown.contains("\tclose\tSam Ortiz") && shown.contains("\topen\tSam Ortiz"),
            "{shown}"
        );
    }

    #[test]
    fn a_tie_the_rules_leave_is_decided_and_the_reason_kept() {
        let (tmp, db, id) = editor_with_list("Film", "The Best Films of 1997", "film");
        let ed = Some("Ed Marsh");
        let poll = ok(&db, ed, &["poll", "open", &id, "--scheme", "mentions"])
            .trim()
            .to_string();
        let file = tmp.path().join("b.csv");
        std::fs::write(&file, "voter,director,film\nA,Wong Kar-wai,Happy Together\nA,Atom Egoyan,The Sweet Hereafter\nB,Atom Egoyan,Sweet Hereafter\nB,Wong Kar-wai,Happy Together\n").unwrap();
        ok(
            &db,
            ed,
            &[
                "poll",
                "ballots",
                &poll,
                file.to_str().unwrap(),
                "--columns",
                "voter=voter,creator=director,title=film",
            ],
        );
        let t = ok(&db, ed, &["poll", "tally", &poll]);
        assert!(
            t.lines().all(|l| l.starts_with("=1\t")),
            "two mentions each, unranked: level\n{t}"
        );
        let o = galley(
            &db,
            ed,
            &[
                "poll",
                "decide",
                &poll,
                "Atom Egoyan|The Sweet Hereafter",
                "Wong Kar-wai|Happy Together",
                "--why",
                "",
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(2),
            "a decision needs its reason: {}",
            stderr(&o)
        );
        let t = ok(
            &db,
            ed,
            &[
                "poll",
                "decide",
                &poll,
                "Atom Egoyan|The Sweet Hereafter",
                "Wong Kar-wai|Happy Together",
                "--why",
                "Cannes 1997 Grand Prix",
            ],
        );
        let first = t.lines().next().unwrap();
        assert!(
            first.starts_with("1\tAtom Egoyan \u{2014} The Sweet Hereafter\t2 points"),
            "{t}"
        );
        assert!(
            first.ends_with("decided by Ed Marsh: Cannes 1997 Grand Prix"),
            "{t}"
        );
        assert!(t.lines().nth(1).unwrap().starts_with("2\t"), "{t}");
        let o = galley(
            &db,
            ed,
            &["poll", "decide", &poll, "1", "2", "--why", "again"],
        );
        assert_eq!(
            o.status.code(),
            Some(2),
            "placed candidates are not decided: {}",
            stderr(&o)
        );
    }

    #[test]
    fn likely_duplicates_are_offered_merged_or_kept_apart_never_merged_alone() {
        let (tmp, db, id) = editor_with_list("Music", "Songs of 2015", "song");
        let ed = Some("Ed Marsh");
        let poll = ok(&db, ed, &["poll", "open", &id, "--points", "2,1"])
            .trim()
            .to_string();
        let file = tmp.path().join("b.csv");
        std::fs::write(&file, "voter,rank,artist,song\nA,1,Drake,Hotline Bling\nA,2,Courtney Barnett,Pedestrian at Best\nB,1,Drake,Hotline Bling (Remix)\nB,2,Courtney Barnett,Pedestrain at Best\n").unwrap();
        ok(
            &db,
            ed,
            &[
                "poll",
                "ballots",
                &poll,
                file.to_str().unwrap(),
                "--columns",
                "voter=voter,rank=rank,creator=artist,title=song",
            ],
        );
        let pairs: serde_json::Value =
            serde_json::from_str(&ok(&db, ed, &["poll", "duplicates", &poll, "--json"])).unwrap();
        let whys: Vec<&str> = pairs
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["why"].as_str().unwrap())
            .collect();
        assert_eq!(whys.len(), 2, "{pairs}");
        assert!(
            whys.contains(&"the same title but for a version's tag"),
            "{pairs}"
        );
        assert!(whys.iter().any(|w| w.contains("letters apart")), "{pairs}");
        let t = ok(&db, ed, &["poll", "tally", &poll]);
        assert_eq!(t.lines().count(), 4, "nothing was merged on its own:\n{t}");

        ok(
            &db,
            ed,
            &[
                "poll",
                "apart",
                &poll,
                "Drake|Hotline Bling",
                "Drake|Hotline Bling (Remix)",
            ],
        );
        let left = ok(&db, ed, &["poll", "duplicates", &poll]);
        assert_eq!(left.lines().count(), 1, "{left}");
        assert!(left.contains("Pedestrain"), "{left}");
        ok(
            &db,
            ed,
            &[
                "poll",
                "merge",
                &poll,
                "Courtney Barnett|Pedestrian at Best",
                "Courtney Barnett|Pedestrain at Best",
            ],
        );
        let o = galley(&db, ed, &["poll", "duplicates", &poll]);
        assert!(
            stdout(&o).trim().is_empty() && stderr(&o).contains("no likely duplicates"),
            "{}",
            stderr(&o)
        );
        let t = ok(
            &db,
            ed,
            &[
                "poll",
                "unmerge",
                &poll,
                "Courtney Barnett|Pedestrain at Best",
            ],
        );
        assert_eq!(t.lines().count(), 4, "a merge undone gives both back:\n{t}");
    }
}

mod assemble {
    //! From tally to countdown: the top N become the list's entries, each blurb goes to a voter
    //! who ranked it highest (the fewest blurbs first), contributors write only their own
    //! blurbs, a late ballot re-assembles without losing a blurb, and the list is not scheduled
    //! while a blurb is missing.

    use chrono::{DateTime, Utc};
    use galley::api::{Columns, Desk, ImportMode, PollSettings};
    use galley::domain::Role;
    use galley::poll::{Rules, Scheme};

    /// The list's entries by rank (they are kept in reading order: a countdown's N first).
    fn by_rank(desk: &Desk, id: &str) -> Vec<galley::domain::Entry> {
        let list = desk.piece(id).unwrap().content.list.unwrap();
        let mut e = list.entries;
        let ranks: Vec<u32> = e.iter().map(|x| x.rank).collect();
        let mut reading = ranks.clone();
        reading.sort_by_key(|r| match list.order {
            galley::domain::ListOrder::Countdown => std::cmp::Reverse(*r),
            galley::domain::ListOrder::Countup => std::cmp::Reverse(u32::MAX - *r),
        });
        assert_eq!(ranks, reading, "the entries are kept in reading order");
        e.sort_by_key(|x| x.rank);
        e
    }

    fn entry_mut(c: &mut galley::domain::Content, rank: u32) -> &mut galley::domain::Entry {
        c.list
            .as_mut()
            .unwrap()
            .entries
            .iter_mut()
            .find(|e| e.rank == rank)
            .unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_top_entries_get_their_blurbs_from_their_voters() {
        let tmp = tempfile::tempdir().unwrap();
        let mut desk = Desk::init(&tmp.path().join("desk.galley")).unwrap();
        desk.add_person(None, "Ed Marsh", &[Role::Editor], &[], now())
            .unwrap();
        let list = tmp.path().join("list.md");
        std::fs::write(&list, "---\nkind: list\nsection: Music\nheadline: The Best Songs of 2015\ndek: Our critics chose.\nbylines: [Ed Marsh]\nlist:\n  item: song\n  entries: []\n---\nIntro.\n").unwrap();
        let id = desk
            .import_paths("Ed Marsh", &[list.as_path()], ImportMode::Drafts, now())
            .unwrap()
            .pieces[0]
            .id
            .clone();
        let rules = Rules {
            scheme: Scheme::Points {
                points: vec![3, 2, 1],
            },
            ..Rules::default()
        };
        let poll = desk
            .open_poll(
                "Ed Marsh",
                &id,
                PollSettings {
                    subject: "song".into(),
                    rules,
                    closes_at: None,
                },
                now(),
            )
            .unwrap()
            .id;
        let ballots = tmp.path().join("b.csv");
        std::fs::write(&ballots, "voter,rank,artist,song\nAnn,1,Kendrick Lamar,Alright\nAnn,2,Grimes,Flesh Without Blood\nBo,1,Grimes,Flesh Without Blood\nBo,2,Kendrick Lamar,Alright\nBo,3,Sufjan Stevens,Should Have Known Better\nCy,1,Sufjan Stevens,Should Have Known Better\n").unwrap();
        let cols = Columns::parse("voter=voter,rank=rank,creator=artist,title=song").unwrap();
        desk.import_ballots("Ed Marsh", &poll, &ballots, &cols, now())
            .unwrap();
        // Alright 3+2 = 5, Flesh Without Blood 2+3 = 5 (level on points and mentions; one
        // first place each, and one second: level), Should Have Known Better 1+3 = 4.
        let e = desk
            .assemble_poll("Ed Marsh", &poll, 2, false, now())
            .unwrap_err();
        assert!(
            e.message.contains("decide these ties first"),
            "{}",
            e.message
        );
        let t = desk.tally_poll(&poll).unwrap();
        assert_eq!(t.candidates[0].place, t.candidates[1].place);
        desk.decide_tie(
            "Ed Marsh",
            &poll,
            "Kendrick Lamar|Alright",
            "Grimes|Flesh Without Blood",
            "the poll's first ballot in",
            now(),
        )
        .unwrap();
        desk.assemble_poll("Ed Marsh", &poll, 2, false, now())
            .unwrap();
        let entries = by_rank(&desk, &id);
        assert_eq!(entries.len(), 2);
        assert_eq!(
            (entries[0].rank, entries[0].title.as_deref()),
            (1, Some("Alright"))
        );

        // Suggestions: Alright to Ann (her first place), Flesh Without Blood to Bo (his).
        assert_eq!(
            desk.suggest_blurbers(&poll).unwrap(),
            vec![(1, "Ann".to_string()), (2, "Bo".to_string())]
        );
        let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 10);
        desk.assign_blurb("Ed Marsh", &poll, 1, None, due, now())
            .unwrap();
        desk.assign_blurb("Ed Marsh", &poll, 2, Some("Bo"), None, now())
            .unwrap();
        let p = desk.blurb_progress(&poll).unwrap();
        assert!(p.unassigned.is_empty());
        assert_eq!(
            p.contributors
                .iter()
                .map(|c| (c.name.as_str(), c.assigned.clone()))
                .collect::<Vec<_>>(),
            vec![("Ann", vec![1]), ("Bo", vec![2])]
        );

        // Ann writes her blurb, and only hers.
        let piece = desk.piece(&id).unwrap();
        let mut c = piece.content.clone();
        entry_mut(&mut c, 1).blurb = Some("A chant that became a march.".into());
        desk.save("Ann", &id, c.clone(), Some(piece.revision), None, now())
            .unwrap();
        let piece = desk.piece(&id).unwrap();
        let mut other = piece.content.clone();
        entry_mut(&mut other, 2).blurb = Some("Not mine to write.".into());
        let e = desk
            .save("Ann", &id, other, Some(piece.revision), None, now())
            .unwrap_err();
        assert!(
            e.message
                .contains("entry 2's blurb is Bo's to write, not Ann's"),
            "{}",
            e.message
        );
        let mut headline = piece.content.clone();
        headline.headline = "Ann's List".into();
        let e = desk
            .save("Ann", &id, headline, Some(piece.revision), None, now())
            .unwrap_err();
        assert!(
            e.message.contains("only the blurbs given to them"),
            "{}",
            e.message
        );
        assert_eq!(
            desk.blurb_progress(&poll).unwrap().contributors[0].drafted,
            vec![1]
        );

        // Her blurbs, from "my blurbs": entry 1, due on the 10th, hers to write.
        let mine = desk.my_blurbs("Ann", now()).unwrap();
        assert_eq!(
            mine.iter()
                .map(|b| (b.rank, b.due, b.late, b.drafted, b.done, b.writable))
                .collect::<Vec<_>>(),
            vec![(1, due, false, true, false, true)]
        );
        assert!(desk.my_blurbs("Cy", now()).unwrap().is_empty());
        let later = DateTime::parse_from_rfc3339("2026-12-11T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(
            desk.my_blurbs("Ann", later).unwrap()[0].late,
            "past its day and not handed in"
        );

        // She hands it in; she cannot hand in Bo's.
        let piece = desk.piece(&id).unwrap();
        let mut c = piece.content.clone();
        entry_mut(&mut c, 1).done = true;
        desk.save("Ann", &id, c, Some(piece.revision), None, now())
            .unwrap();
        let piece = desk.piece(&id).unwrap();
        let mut c = piece.content.clone();
        entry_mut(&mut c, 2).done = true;
        let e = desk
            .save("Ann", &id, c, Some(piece.revision), None, now())
            .unwrap_err();
        assert!(
            e.message
                .contains("entry 2's blurb is Bo's to write, not Ann's"),
            "{}",
            e.message
        );
        let board = desk.blurb_progress(&poll).unwrap();
        let ann = &board.contributors[0];
        assert_eq!(
            (ann.assigned.clone(), ann.drafted.clone(), ann.done.clone()),
            (vec![], vec![], vec![1])
        );
        assert_eq!(ann.next_due, None, "nothing of hers is outstanding");
        assert!(desk.my_blurbs("Ann", now()).unwrap()[0].done);
        assert!(
            !desk.my_blurbs("Ann", later).unwrap()[0].late,
            "handed in is never late"
        );

        // The list cannot be scheduled while Bo's blurb is missing, and the refusal names it.
        desk.move_piece(
            "Ed Marsh",
            &id,
            galley::domain::Stage::Copyedit,
            None,
            now(),
        )
        .unwrap();
        let e = desk
            .schedule(
                "Ed Marsh",
                &id,
                "2026-12-20 09:00",
                Some("Europe/London"),
                now(),
            )
            .unwrap_err();
        assert!(
            e.message.contains("list entry 2 has no blurb"),
            "{}",
            e.message
        );
        assert!(
            !e.message.contains("list entry 1 "),
            "entry 1 has its blurb: {}",
            e.message
        );

        // A late ballot: Should Have Known Better climbs to 2; re-assembled, Alright keeps its
        // blurb and contributor.
        desk.set_poll_open("Ed Marsh", &poll, true, now()).ok();
        let late = tmp.path().join("late.csv");
        std::fs::write(
            &late,
            "voter,rank,artist,song\nDee,1,Sufjan Stevens,Should Have Known Better\n",
        )
        .unwrap();
        desk.import_ballots("Ed Marsh", &poll, &late, &cols, now())
            .unwrap();
        desk.assemble_poll("Ed Marsh", &poll, 2, false, now())
            .unwrap();
        let entries = by_rank(&desk, &id);
        let titles: Vec<_> = entries.iter().map(|e| e.title.clone().unwrap()).collect();
        assert_eq!(
            titles,
            ["Should Have Known Better", "Alright"],
            "7 points, then 5"
        );
        assert_eq!(
            entries[1].blurb.as_deref(),
            Some("A chant that became a march.")
        );
        assert_eq!(entries[1].contributor.as_deref(), Some("Ann"));
        assert_eq!((entries[1].due, entries[1].done), (due, true));

        // The voters' ballots on a page after the list's: every voter, picks in their order.
        desk.assemble_poll("Ed Marsh", &poll, 2, true, now())
            .unwrap();
        let list = desk.piece(&id).unwrap().content.list.unwrap();
        assert_eq!(
            list.ballots
                .iter()
                .map(|b| (b.voter.as_str(), b.picks.len()))
                .collect::<Vec<_>>(),
            [("Ann", 2), ("Bo", 3), ("Cy", 1), ("Dee", 1)]
        );
        assert_eq!(
            list.ballots[0].picks,
            [
                "Kendrick Lamar, \u{201c}Alright\u{201d}",
                "Grimes, \u{201c}Flesh Without Blood\u{201d}"
            ]
        );
        assert_eq!(
            galley::render::page_count(&list),
            2,
            "one page of entries, one of ballots"
        );
        let page = desk
            .preview(
                &id,
                galley::render::View::List(2),
                galley::render::Width::Desktop,
            )
            .unwrap();
        assert!(page.contains("The ballots"), "{page}");
        assert!(page.contains("<h3 class=\"voter\">Bo</h3>"), "{page}");
        assert!(page.contains("Sufjan Stevens, \u{201c}Should Have Known Better\u{201d}"));
        let first = desk
            .preview(
                &id,
                galley::render::View::List(1),
                galley::render::Width::Desktop,
            )
            .unwrap();
        assert!(
            !first.contains("The ballots"),
            "the entries' page is the list's own"
        );
        assert!(first.contains("4 ballots; 3 points for a first place down to 1 for a 3rd"));
        desk.assemble_poll("Ed Marsh", &poll, 2, false, now())
            .unwrap();
        assert!(
            desk.piece(&id)
                .unwrap()
                .content
                .list
                .unwrap()
                .ballots
                .is_empty(),
            "assembled without, the page goes"
        );
        assert_eq!(
            entries[0].contributor, None,
            "a new entry waits for its contributor"
        );
    }
}

/// The consensus best songs of 2025: 29 outlets' lists, ranked and unranked. Counted by
/// mentions, every one of the 881 songs has the number of lists the published data gives it,
/// and no two songs are taken for one. (The published order comes from the site's own
/// weighted formula, which is not one of a poll's schemes; the note says how ours differs.)
#[test]
fn consensus_best_songs_2025_list_counts() {
    let Some(dir) = corpus("consensus-best-songs-2025") else {
        return;
    };
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("data.json")).unwrap()).unwrap();
    let songs = data["songs"].as_array().unwrap();
    let mut by_source: BTreeMap<String, Vec<Pick>> = BTreeMap::new();
    for s in songs {
        for src in s["sources"].as_array().unwrap() {
            by_source
                .entry(src["name"].as_str().unwrap().to_string())
                .or_default()
                .push(Pick {
                    creator: s["artist"].as_str().unwrap().to_string(),
                    title: s["name"].as_str().unwrap().to_string(),
                    rank: src["rank"].as_u64().map(|r| r as u32),
                    points: None,
                    year: None,
                });
        }
    }
    // A ranked outlet's list is ranked throughout; an unranked one not at all.
    let ballots: Vec<Ballot> = by_source
        .into_iter()
        .map(|(voter, mut picks)| {
            if picks.iter().any(|p| p.rank.is_none()) {
                for p in &mut picks {
                    p.rank = None;
                }
            }
            Ballot { voter, picks }
        })
        .collect();
    assert_eq!(ballots.len(), 29);
    let t = tally(&mentions(), &ballots, &BTreeMap::new(), &[]).unwrap();
    assert_eq!(
        t.candidates.len(),
        songs.len(),
        "one candidate per song: {:?}",
        t.notices
    );
    let counted: HashMap<String, u32> = t
        .candidates
        .iter()
        .map(|c| (c.candidate.key.clone(), c.candidate.mentions))
        .collect();
    for s in songs {
        let key =
            galley::poll::names::key(s["artist"].as_str().unwrap(), s["name"].as_str().unwrap());
        assert_eq!(
            counted.get(&key).copied(),
            s["list_count"].as_u64().map(|n| n as u32),
            "{} - {}",
            s["artist"],
            s["name"]
        );
    }
    // By mentions alone the first four are the published four; the published fifth shares
    // our fifth place with three other songs on ten lists, which the site's weighting of
    // ranks separates and a count of mentions does not.
    let title = |i: usize| songs[i]["name"].as_str().unwrap().to_string();
    let plain = Rules {
        scheme: Scheme::Mentions,
        tie_breaks: vec![galley::poll::TieBreak::Points],
        ..Rules::default()
    };
    let t = tally(&plain, &ballots, &BTreeMap::new(), &[]).unwrap();
    for i in 0..4 {
        assert_eq!(t.candidates[i].candidate.title, title(i));
        assert_eq!(t.candidates[i].place, i + 1);
    }
    let fifth: Vec<&str> = t
        .candidates
        .iter()
        .filter(|c| c.place == 5)
        .map(|c| c.candidate.title.as_str())
        .collect();
    assert_eq!(fifth.len(), 4, "{fifth:?}");
    assert!(fifth.contains(&title(4).as_str()), "{fifth:?}");
}
