//! Finding links, mentions and hashtags in a local user's plain text, the way
//! Mastodon's composer does (activitypub.md §5.4).

/// A piece of one line of plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Text(&'a str),
    /// An `http`/`https` URL, trailing punctuation excluded.
    Url(&'a str),
    /// `@user` or `@user@domain`, with the `@`.
    Mention(&'a str),
    /// A hashtag's name as typed, without `#`.
    Hashtag(&'a str),
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < text.len() {
        let prev = text[..i].chars().next_back();
        let found = url_at(text, i, prev)
            .map(|len| (len, Token::Url(&text[i..i + len])))
            .or_else(|| {
                mention_at(text, i, prev).map(|len| (len, Token::Mention(&text[i..i + len])))
            })
            .or_else(|| {
                hashtag_at(text, i, prev).map(|len| (len, Token::Hashtag(&text[i + 1..i + len])))
            });
        match found {
            Some((len, token)) => {
                if text_start < i {
                    tokens.push(Token::Text(&text[text_start..i]));
                }
                tokens.push(token);
                i += len;
                text_start = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if text_start < text.len() {
        tokens.push(Token::Text(&text[text_start..]));
    }
    tokens
}

/// The `@user` / `@user@domain` handles in `text`, as typed, first occurrence order,
/// without repeats (compared case-insensitively).
pub fn extract_mentions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for token in tokenize(text) {
        if let Token::Mention(handle) = token {
            if !found.iter().any(|f| f.eq_ignore_ascii_case(handle)) {
                found.push(handle.to_owned());
            }
        }
    }
    found
}

/// The hashtags in `text`, lowercased, without `#`, first occurrence order, no repeats.
pub fn extract_hashtags(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for token in tokenize(text) {
        if let Token::Hashtag(tag) = token {
            let tag = tag.to_lowercase();
            if !found.contains(&tag) {
                found.push(tag);
            }
        }
    }
    found
}

pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Length of a URL starting at `i`, if one does.
fn url_at(text: &str, i: usize, prev: Option<char>) -> Option<usize> {
    if prev.is_some_and(is_word) {
        return None;
    }
    let rest = &text[i..];
    let scheme = ["https://", "http://"].into_iter().find(|s| {
        rest.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    })?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(rest.len());
    let mut url = &rest[..end];
    // Trailing punctuation belongs to the sentence; a `)` only if unbalanced.
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*']);
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches(')').count() > trimmed.matches('(').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    (url.len() > scheme.len()).then_some(url.len())
}

/// Length of a mention starting at `i`: `@user` or `@user@domain[:port]`.
fn mention_at(text: &str, i: usize, prev: Option<char>) -> Option<usize> {
    if prev.is_some_and(|c| is_word(c) || matches!(c, '/' | '=' | '@')) {
        return None;
    }
    let rest = text[i..].strip_prefix('@')?;
    let user = dotted_name(rest);
    if user == 0 {
        return None;
    }
    let mut len = 1 + user;
    if let Some(domain_part) = rest[user..].strip_prefix('@') {
        let domain = dotted_name(domain_part);
        if domain > 0 {
            len += 1 + domain;
            let after = &domain_part[domain..];
            if let Some(port) = after.strip_prefix(':') {
                let digits = port.chars().take_while(char::is_ascii_digit).count();
                if digits > 0 && !port[digits..].starts_with(is_word) {
                    len += 1 + digits;
                }
            }
        }
    }
    Some(len)
}

/// Length of word characters joined by single runs of `.` or `-`, ending on a word
/// character (`alice`, `al.ice`, `b.test`).
fn dotted_name(s: &str) -> usize {
    let mut end = 0;
    for (at, c) in s.char_indices() {
        if is_word(c) {
            end = at + c.len_utf8();
        } else if !(matches!(c, '.' | '-') && end > 0) {
            break;
        }
    }
    end
}

/// Length of a hashtag starting at `i` (`#` included): word characters with at least
/// one letter or underscore, not directly after a word character, `/` or `)`.
fn hashtag_at(text: &str, i: usize, prev: Option<char>) -> Option<usize> {
    if prev.is_some_and(|c| is_word(c) || matches!(c, '/' | ')' | '#' | '&')) {
        return None;
    }
    let rest = text[i..].strip_prefix('#')?;
    let name_len: usize = rest
        .chars()
        .take_while(|c| is_word(*c) || matches!(c, '\u{b7}' | '\u{200c}'))
        .map(char::len_utf8)
        .sum();
    let name = &rest[..name_len];
    let name = name.trim_end_matches(['\u{b7}', '\u{200c}']);
    if name.chars().any(|c| c.is_alphabetic() || c == '_') {
        Some(1 + name.len())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn dotted_names() {
        for (input, len) in [
            ("alice", 5),
            ("al.ice", 6),
            ("b.test.", 6),
            ("b.test", 6),
            ("a..b", 4),
            ("x-", 1),
            (".x", 0),
            ("", 0),
        ] {
            assert_eq!(dotted_name(input), len, "{input}");
        }
    }

    #[test]
    fn tokens() {
        let t = tokenize("hi @bob@b.test, see https://x.y/z. #Tag");
        assert_eq!(
            t,
            vec![
                Token::Text("hi "),
                Token::Mention("@bob@b.test"),
                Token::Text(", see "),
                Token::Url("https://x.y/z"),
                Token::Text(". "),
                Token::Hashtag("Tag"),
            ]
        );
    }
}
