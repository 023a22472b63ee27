//! Reading a spreadsheet of ballots: CSV or TSV as spreadsheets write them (RFC 4180 quoting,
//! quoted fields may hold the delimiter, quotes doubled, and line breaks), every field
//! trimmed. Errors name the line and column.

/// A field where it was: its 1-based line (where the row starts) and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {why}")]
pub struct CsvError {
    pub line: usize,
    pub column: usize,
    pub why: String,
}

/// The delimiter a file most likely uses: a tab if its first line has one, else `;` if that
/// line has more of them than commas, else a comma.
pub fn sniff(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    if first.contains('\t') {
        '\t'
    } else if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    }
}

/// Every row of `text`; blank lines are skipped.
pub fn parse(text: &str, delimiter: char) -> Result<Vec<Row>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut in_quotes = false;
    let mut line = 1;
    let mut row_line = 1;
    let mut chars = text.chars().peekable();
    let end_field = |field: &mut String, fields: &mut Vec<String>, quoted: &mut bool| {
        let f = std::mem::take(field);
        fields.push(if *quoted { f } else { f.trim().to_string() });
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() && !quoted => {
                field.clear();
                quoted = true;
                in_quotes = true;
            }
            '"' => {
                return Err(CsvError {
                    line,
                    column: fields.len() + 1,
                    why: "a quote inside a field that does not start with one".into(),
                })
            }
            c if c == delimiter => end_field(&mut field, &mut fields, &mut quoted),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                end_field(&mut field, &mut fields, &mut quoted);
                if fields.iter().any(|f| !f.is_empty()) {
                    rows.push(Row {
                        line: row_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                line += 1;
                row_line = line;
            }
            c if quoted => {
                if !c.is_whitespace() {
                    return Err(CsvError {
                        line,
                        column: fields.len() + 1,
                        why: "text after a quoted field's closing quote".into(),
                    });
                }
            }
            c => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError {
            line: row_line,
            column: fields.len() + 1,
            why: "a quoted field that never ends".into(),
        });
    }
    end_field(&mut field, &mut fields, &mut quoted);
    if fields.iter().any(|f| !f.is_empty()) {
        rows.push(Row {
            line: row_line,
            fields,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_lines() {
        let rows = parse(
            "voter,title\n\"Ann\",\"Heat, again\"\n Bo , \"She said \"\"no\"\"\"\n\nCy,\"two\nlines\"\n",
            ',',
        )
        .unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1].fields, ["Ann", "Heat, again"]);
        assert_eq!(rows[2].fields, ["Bo", "She said \"no\""]);
        assert_eq!(rows[2].line, 3);
        assert_eq!(rows[3].fields, ["Cy", "two\nlines"]);
        assert_eq!(rows[3].line, 5);
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let e = parse("a,b\nc,d\"e\n", ',').unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        let e = parse("a,b\nc,\"open\n", ',').unwrap_err();
        assert_eq!((e.line, e.column), (2, 2));
        assert!(e.to_string().contains("never ends"));
    }

    #[test]
    fn the_delimiter_is_found() {
        assert_eq!(sniff("a\tb\n"), '\t');
        assert_eq!(sniff("person;1;2\n"), ';');
        assert_eq!(sniff("a,b;c,d\n"), ',');
    }
}
