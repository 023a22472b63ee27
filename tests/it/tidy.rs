//! The architecture's rules as a test (ARCHITECTURE.md, "Checked by tidy"): no SQL outside
//! `src/store`, no clock read below the edges, no CLI flag in a message of the core, a `//!` doc
//! on every module, no ignored or skipped test. Each rule is a function over one file's text, so
//! the unit tests below plant a violation of each and see it reported.

use std::path::{Path, PathBuf};

/// One broken rule: where, and which.
#[derive(Debug, PartialEq)]
struct Violation {
    file: String,
    line: usize,
    rule: &'static str,
    text: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file,
            self.line,
            self.rule,
            self.text.trim()
        )
    }
}

const SQL: &str = "no SQL outside src/store";
const CLOCK: &str = "no clock below the edges";
const FLAG: &str = "no CLI flag in a core message";
const DOC: &str = "every module has its //! doc";
const SKIP: &str = "no ignored or skipped test";

/// The rules, as ARCHITECTURE.md names them.
const RULES: [&str; 5] = [SQL, CLOCK, FLAG, DOC, SKIP];

/// The edges: the only files that read the clock, print, and speak of the command line.
const EDGES: [&str; 3] = ["src/main.rs", "src/serve.rs", "src-tauri/src/"];

fn is_edge(file: &str) -> bool {
    EDGES.iter().any(|e| file.starts_with(e))
}

/// Lines of code, without comments (a `//` comment line, or the part after ` // `).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let t = l.trim_start();
        if t.starts_with("//") {
            return None;
        }
        Some((i + 1, l.split(" // ").next().unwrap_or(l)))
    })
}

fn hit(file: &str, line: usize, rule: &'static str, text: &str) -> Violation {
    Violation {
        file: file.to_string(),
        line,
        rule,
        text: text.to_string(),
    }
}

/// SQL in a string, or a call that runs SQL, outside the store.
fn sql_outside_store(file: &str, text: &str) -> Vec<Violation> {
    if file.starts_with("src/store/") || !file.ends_with(".rs") || !file.starts_with("src") {
        return vec![];
    }
    const KEYWORDS: [&str; 8] = [
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "PRAGMA ", "DROP ", "ALTER ",
    ];
    const CALLS: [&str; 6] = [
        ".prepare(",
        ".prepare_cached(",
        ".execute(",
        ".execute_batch(",
        ".query_row(",
        ".pragma_",
    ];
    code_lines(text)
        .filter(|(_, l)| {
            KEYWORDS.iter().any(|k| l.contains(&format!("\"{k}")))
                || CALLS.iter().any(|c| l.contains(c))
        })
        .map(|(n, l)| hit(file, n, SQL, l))
        .collect()
}

/// The wall clock read anywhere but the edges (benchmarks and tests may read it).
fn clock_below_edges(file: &str, text: &str) -> Vec<Violation> {
    if is_edge(file) || !file.starts_with("src") || !file.ends_with(".rs") {
        return vec![];
    }
    code_lines(text)
        .filter(|(_, l)| {
            [
                "Utc::now(",
                "Local::now(",
                "SystemTime::now(",
                "chrono::offset::Local",
            ]
            .iter()
            .any(|c| l.contains(c))
        })
        .map(|(n, l)| hit(file, n, CLOCK, l))
        .collect()
}

/// A command-line flag or command in a string of the core: the CLI and the app add their own
/// hints. (The generated files' header, in `api/types.rs`, speaks to developers, not users;
/// `shared/git.rs` runs git, and its flags are git's arguments, not messages.)
fn flag_in_message(file: &str, text: &str) -> Vec<Violation> {
    if is_edge(file)
        || !file.starts_with("src/")
        || !file.ends_with(".rs")
        || file == "src/api/types.rs"
        || file == "src/shared/git.rs"
    {
        return vec![];
    }
    let flag = |l: &str| {
        let b = l.as_bytes();
        (0..b.len().saturating_sub(3)).any(|i| {
            b[i..].starts_with(b"--")
                && b[i + 2].is_ascii_lowercase()
                && (i == 0 || matches!(b[i - 1], b' ' | b'`' | b'(' | b'"' | b'\''))
        })
    };
    code_lines(text)
        .filter(|(_, l)| l.contains('"'))
        .filter(|(_, l)| {
            flag(l) || l.contains("`galley ") || l.contains("GALLEY_AS") || l.contains("GALLEY_DB")
        })
        .map(|(n, l)| hit(file, n, FLAG, l))
        .collect()
}

/// A Rust file whose first line is not its `//!` doc.
fn missing_module_doc(file: &str, text: &str) -> Vec<Violation> {
    if !file.ends_with(".rs") {
        return vec![];
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.starts_with("//!") {
        vec![]
    } else {
        vec![hit(file, 1, DOC, first)]
    }
}

/// `#[ignore]` in Rust; `it.skip`, `test.todo`, `describe.skipIf`, `xit` and the like in the
/// UI's and the end-to-end tests.
fn skipped_test(file: &str, text: &str) -> Vec<Violation> {
    let rust = file.ends_with(".rs");
    let js = [".ts", ".mjs", ".js", ".svelte"]
        .iter()
        .any(|e| file.ends_with(e));
    code_lines(text)
        .filter(|(_, l)| {
            if rust {
                l.contains("#[ignore")
            } else if js {
                ["it.", "test.", "describe.", "suite."].iter().any(|w| {
                    ["skip(", "skipIf(", "todo(", "only(", "runIf("]
                        .iter()
                        .any(|m| l.contains(&format!("{w}{m}")))
                }) || ["xit(", "xdescribe(", "xtest("]
                    .iter()
                    .any(|m| l.trim_start().starts_with(m))
            } else {
                false
            }
        })
        .map(|(n, l)| hit(file, n, SKIP, l))
        .collect()
}

fn check(file: &str, text: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    out.extend(sql_outside_store(file, text));
    out.extend(clock_below_edges(file, text));
    out.extend(flag_in_message(file, text));
    out.extend(missing_module_doc(file, text));
    out.extend(skipped_test(file, text));
    out
}

fn files(root: &Path, dir: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name == "node_modules" || name == "target" || name == "dist" || name == "gen" {
            continue;
        }
        if p.is_dir() {
            files(root, &format!("{dir}/{name}"), out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn the_tree_keeps_the_architecture_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in [
        "src",
        "src-tauri/src",
        "tests/it",
        "benches",
        "ui/src",
        "e2e",
    ] {
        files(root, dir, &mut all);
    }
    assert!(
        all.len() > 50,
        "the walk found the tree ({} files)",
        all.len()
    );
    let mut found = Vec::new();
    for path in &all {
        let file = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if file == "tests/it/tidy.rs" {
            continue; // its own examples of violations
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        found.extend(check(&file, &text));
    }
    let report: Vec<String> = found.iter().map(|v| v.to_string()).collect();
    assert!(
        found.is_empty(),
        "the architecture's rules are broken:\n{}",
        report.join("\n")
    );
}

#[test]
fn architecture_md_names_every_rule() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let section = text
        .split("## Checked by tidy")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"Checked by tidy\" section");
    for rule in RULES {
        assert!(
            section.contains(rule),
            "ARCHITECTURE.md's \"Checked by tidy\" lists `{rule}`"
        );
    }
    for edge in EDGES {
        assert!(section.contains(edge), "the edges listed include {edge}");
    }
}

// Each rule reports a planted violation, and leaves the allowed case alone.

fn rules_of(v: &[Violation]) -> Vec<&'static str> {
    v.iter().map(|v| v.rule).collect()
}

#[test]
fn planted_sql_outside_the_store_is_found() {
    let text = "//! doc\nfn f(c: &Connection) { c.query_row(\"SELECT 1\", [], |r| r.get(0)); }\n";
    assert_eq!(rules_of(&check("src/api/board.rs", text)), [SQL]);
    assert!(
        check("src/store/views.rs", text).is_empty(),
        "the store holds SQL"
    );
}

#[test]
fn planted_clock_below_the_edges_is_found() {
    let text = "//! doc\nfn f() -> DateTime<Utc> { Utc::now() }\n";
    assert_eq!(rules_of(&check("src/workflow.rs", text)), [CLOCK]);
    assert!(check("src/main.rs", text).is_empty(), "the CLI is an edge");
    assert!(
        check("src-tauri/src/commands.rs", text).is_empty(),
        "the shell is an edge"
    );
}

#[test]
fn planted_cli_flag_in_a_core_message_is_found() {
    for msg in [
        "Error::bad_input(\"who is acting? pass --as NAME\")",
        "Error::bad_input(\"no desk: run `galley init` first\")",
        "Error::bad_input(\"set GALLEY_AS\")",
    ] {
        let text = format!("//! doc\nfn f() {{ {msg}; }}\n");
        assert_eq!(rules_of(&check("src/api/mod.rs", &text)), [FLAG], "{msg}");
        assert!(check("src/main.rs", &text).is_empty(), "the CLI may say it");
    }
    let more = "//! doc\nconst MORE: &str = \"<!--more-->\";\n";
    assert!(
        check("src/render/markdown.rs", more).is_empty(),
        "<!--more--> is no flag"
    );
}

#[test]
fn planted_module_without_doc_is_found() {
    assert_eq!(
        rules_of(&check("src/domain/piece.rs", "use serde::Serialize;\n")),
        [DOC]
    );
    assert!(check("src/domain/piece.rs", "//! The piece.\nuse x;\n").is_empty());
}

#[test]
fn planted_ignored_or_skipped_test_is_found() {
    let rust = "//! doc\n#[test]\n#[ignore]\nfn slow() {}\n";
    assert_eq!(rules_of(&check("tests/it/desk.rs", rust)), [SKIP]);
    for js in [
        "it.skip('saves', () => {});",
        "describe.skipIf(true)('x', () => {});",
        "test.todo('later');",
        "xit('saves', () => {});",
    ] {
        assert_eq!(
            rules_of(&check("ui/src/lib/editor/editor.test.ts", js)),
            [SKIP],
            "{js}"
        );
    }
    let iterator = "//! doc\nfn f(v: &[u8]) { v.iter().skip(1); }\n";
    assert!(
        check("src/render/mod.rs", iterator).is_empty(),
        "Iterator::skip is no test"
    );
}
