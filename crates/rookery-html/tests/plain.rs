//! Table tests for `plain_text`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rookery_html::plain_text;

#[test]
fn converts_html_to_text() {
    let cases: &[(&str, &str)] = &[
        ("<p>Hello</p>", "Hello"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<p>one</p>\n<p>two</p>", "one\n\ntwo"),
        ("<p>a<br>b<br/>c</p>", "a\nb\nc"),
        (
            "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;",
            "a & b <c> \"d\" 'e'",
        ),
        (
            "caf&eacute; &#x1F600; &hellip;",
            "caf\u{e9} \u{1f600} \u{2026}",
        ),
        ("a&nbsp;b", "a\u{a0}b"),
        ("<ul><li>x</li><li>y</li></ul><p>z</p>", "x\ny\n\nz"),
        ("<h1>T</h1>body", "T\n\nbody"),
        (
            r#"<p>Hi <span class="h-card"><a href="https://b.example/@bob" class="u-url mention">@<span>bob</span></a></span> <a href="https://b.example/tags/x" rel="tag">#<span>x</span></a></p>"#,
            "Hi @bob #x",
        ),
        ("<script>alert(1)</script>ok", "ok"),
        ("<style>p{}</style><p>ok</p>", "ok"),
        ("&lt;script&gt;", "<script>"),
        ("&amp;lt;b&amp;gt; &amp;amp;", "&lt;b&gt; &amp;"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("   <p>  padded  </p>  ", "padded"),
        ("", ""),
        ("no markup", "no markup"),
        ("<img src=x alt=cat>", ""),
    ];
    for (input, expected) in cases {
        assert_eq!(plain_text(input), *expected, "input: {input}");
    }
}
