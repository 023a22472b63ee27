//! One candidate per work: the key two spellings of a pick share when they differ only in case,
//! accents, punctuation, straight or curly quotes, spacing or a leading "The".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The words of `s` as a key compares them: lower case, accents and punctuation gone, one space
/// between words, a leading "the" dropped.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'ß' => {
                out.push_str("ss");
                space = false;
                continue;
            }
            'æ' | 'Æ' => {
                out.push_str("ae");
                space = false;
                continue;
            }
            'ø' | 'Ø' => 'o',
            'ł' | 'Ł' => 'l',
            'đ' | 'Đ' => 'd',
            '&' => {
                if !space {
                    out.push(' ');
                }
                out.push_str("and ");
                space = true;
                continue;
            }
            c => c,
        };
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if (c.is_whitespace() || is_separator(c)) && !space {
            out.push(' ');
            space = true;
        }
        // Other punctuation (quotes of every kind, apostrophes, dots, commas) is dropped,
        // so "Don't" and "Dont", "M.A.S.H." and "MASH" meet.
    }
    let trimmed = out.trim_end();
    let folded = trimmed.strip_prefix("the ").unwrap_or(trimmed);
    folded.to_string()
}

/// Punctuation that separates words rather than sitting inside one.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '‐'
            | '‑'
            | '‒'
            | '–'
            | '—'
            | '/'
            | '\\'
            | ':'
            | ';'
            | '|'
            | '_'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ','
            | '+'
            | '…'
            | '⁄'
    )
}

/// The key of a pick: its creator's and title's folded words. Picks with one key are one
/// candidate.
pub fn key(creator: &str, title: &str) -> String {
    format!("{}\u{1f}{}", fold(creator), fold(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_work_meet() {
        assert_eq!(key("Beyoncé", "Formation"), key("BEYONCE", "formation"));
        assert_eq!(
            key("", "L’avventura"),
            key("", "L'avventura"),
            "curly and straight apostrophes"
        );
        assert_eq!(key("", "The Third Man"), key("", "Third Man"));
        assert_eq!(key("", "  Citizen   Kane "), key("", "Citizen Kane"));
        assert_eq!(key("", "“Heroes”"), key("", "\"Heroes\""));
        assert_eq!(key("", "M.A.S.H."), key("", "MASH"));
        assert_eq!(
            key("Simon & Garfunkel", "x"),
            key("Simon and Garfunkel", "x")
        );
        assert_eq!(fold("Mehmet Açar"), "mehmet acar");
        assert_eq!(fold("Andrzej Żuławski"), "andrzej zulawski");
    }

    #[test]
    fn different_works_stay_apart() {
        assert_ne!(
            key("", "Theremin"),
            key("", "Remin"),
            "only a whole leading word The goes"
        );
        assert_ne!(key("Prince", "1999"), key("Prince", "1998"));
        assert_ne!(key("A", "Song"), key("B", "Song"), "the creator counts");
        assert_eq!(fold("The"), "the", "a title that is only The keeps it");
    }
}
