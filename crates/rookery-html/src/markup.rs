//! Reading html5ever-serialized HTML (ammonia's output) tag by tag. That serializer
//! escapes `&`, `<`, `>` in text and `&`, `"` in attribute values, and always writes
//! attributes as `name="value"`; these helpers rely on exactly that.

/// One piece of normalized HTML: text (still escaped) or a tag.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Start(StartTag<'a>),
    End(&'a str),
}

/// A start tag with its attributes; values are kept escaped, as serialized.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct StartTag<'a> {
    pub name: &'a str,
    pub attrs: Vec<(&'a str, &'a str)>,
}

impl<'a> StartTag<'a> {
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// Writes the tag back, attributes in their order.
    pub fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            out.push_str(value);
            out.push('"');
        }
        out.push('>');
    }
}

/// Splits normalized HTML into pieces. Anything that does not parse as a tag is
/// returned as text with its `<` escaped, so nothing unexpected passes through raw.
pub(crate) fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if lt > 0 {
            out.push(Piece::Text(&rest[..lt]));
        }
        let after = &rest[lt..];
        match tag_len(after).and_then(|len| parse_tag(&after[..len]).map(|p| (len, p))) {
            Some((len, piece)) => {
                out.push(piece);
                rest = &after[len..];
            }
            None => {
                out.push(Piece::Text("&lt;"));
                rest = &after[1..];
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Length of the tag at the start of `s` (through its `>`, quotes respected).
fn tag_len(s: &str) -> Option<usize> {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn parse_tag(tag: &str) -> Option<Piece<'_>> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    if let Some(name) = inner.strip_prefix('/') {
        return Some(Piece::End(name.trim()));
    }
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    let name_end = inner.find(' ').unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find("=\"")?;
        let attr_name = &rest[..eq];
        let value_start = eq + 2;
        let value_len = rest[value_start..].find('"')?;
        attrs.push((attr_name, &rest[value_start..value_start + value_len]));
        rest = rest[value_start + value_len + 1..].trim_start();
    }
    Some(Piece::Start(StartTag { name, attrs }))
}

/// Decodes the entities html5ever's serializer writes in text.
pub(crate) fn unescape_serialized(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Escapes text for HTML text or a double-quoted attribute value.
pub(crate) fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn splits_tags_and_text() {
        let p = pieces(r#"a<b x="1" y="&quot;>">c</b><br>"#);
        assert_eq!(p.len(), 5);
        assert_eq!(p[0], Piece::Text("a"));
        match &p[1] {
            Piece::Start(t) => {
                assert_eq!(t.name, "b");
                assert_eq!(t.attr("y"), Some("&quot;>"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(p[3], Piece::End("b"));
    }

    #[test]
    fn unterminated_tag_becomes_text() {
        assert_eq!(
            pieces("x<y"),
            vec![Piece::Text("x"), Piece::Text("&lt;"), Piece::Text("y")]
        );
    }
}
