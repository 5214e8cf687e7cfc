//! Table tests for `sanitize_remote`: Mastodon's allowlist (activitypub.md §6.6) and
//! XSS attempts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rookery_html::sanitize_remote;

const REL: &str = r#"rel="nofollow noopener noreferrer" target="_blank""#;

#[test]
fn keeps_the_allowlist() {
    let cases: &[(&str, &str)] = &[
        ("<p>Hello <em>there</em></p>", "<p>Hello <em>there</em></p>"),
        ("<p>a<br>b</p>", "<p>a<br>b</p>"),
        (
            "<p><strong>s</strong> <b>b</b> <i>i</i> <u>u</u> <del>d</del> <code>c</code></p>",
            "<p><strong>s</strong> <b>b</b> <i>i</i> <u>u</u> <del>d</del> <code>c</code></p>",
        ),
        (
            "<pre><code>x &lt; y</code></pre>",
            "<pre><code>x &lt; y</code></pre>",
        ),
        (
            "<blockquote><p>q</p></blockquote>",
            "<blockquote><p>q</p></blockquote>",
        ),
        (
            r#"<ol start="3" reversed=""><li value="5">x</li></ol><ul><li>y</li></ul>"#,
            r#"<ol start="3" reversed=""><li value="5">x</li></ol><ul><li>y</li></ul>"#,
        ),
        // Attributes outside the list go; the element stays.
        (r#"<p class="x" style="color:red" id="y">t</p>"#, "<p>t</p>"),
        (
            r#"<ul type="square"><li id="a">t</li></ul>"#,
            "<ul><li>t</li></ul>",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(sanitize_remote(input), *expected, "input: {input}");
    }
}

#[test]
fn links() {
    let cases: Vec<(&str, String)> = vec![
        (
            r#"<a href="https://example.com/x">x</a>"#,
            format!(r#"<a href="https://example.com/x" {REL}>x</a>"#),
        ),
        // Any rel the sender chose is replaced; `tag` survives.
        (
            r#"<a href="https://h.example/tags/t" class="mention hashtag" rel="tag">#<span>t</span></a>"#,
            r#"<a href="https://h.example/tags/t" class="mention hashtag" rel="tag nofollow noopener noreferrer" target="_blank">#<span>t</span></a>"#.to_owned(),
        ),
        (
            r#"<a href="http://e.example" rel="me" target="_self">e</a>"#,
            format!(r#"<a href="http://e.example" {REL}>e</a>"#),
        ),
        (
            r#"<span class="h-card"><a href="https://b.example/@bob" class="u-url mention">@<span>bob</span></a></span>"#,
            format!(
                r#"<span class="h-card"><a href="https://b.example/@bob" class="u-url mention" {REL}>@<span>bob</span></a></span>"#
            ),
        ),
        // Kept schemes.
        (
            r#"<a href="gemini://g.example/">g</a>"#,
            format!(r#"<a href="gemini://g.example/" {REL}>g</a>"#),
        ),
        (
            r#"<a href="magnet:?xt=urn:btih:abc">m</a>"#,
            format!(r#"<a href="magnet:?xt=urn:btih:abc" {REL}>m</a>"#),
        ),
        (
            r#"<a href="xmpp:a@b.example">x</a>"#,
            format!(r#"<a href="xmpp:a@b.example" {REL}>x</a>"#),
        ),
        // Other schemes, relative links and links without href: text only.
        (
            r#"<a href="mailto:a@b.example">mail</a>"#,
            "mail".to_owned(),
        ),
        (r#"<a href="ftp://f.example/">f</a>"#, "f".to_owned()),
        (r#"<a href="/relative">rel</a>"#, "rel".to_owned()),
        (r#"<a href="//evil.example/">pr</a>"#, "pr".to_owned()),
        ("<a>bare</a>", "bare".to_owned()),
        (r#"<a name="x">named</a>"#, "named".to_owned()),
        // Ampersands in URLs stay escaped.
        (
            r#"<a href="https://e.example/?a=1&amp;b=2">q</a>"#,
            format!(r#"<a href="https://e.example/?a=1&amp;b=2" {REL}>q</a>"#),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(sanitize_remote(input), expected, "input: {input}");
    }
}

#[test]
fn classes() {
    let cases: &[(&str, &str)] = &[
        (
            r#"<span class="h-card p-name">x</span>"#,
            r#"<span class="h-card p-name">x</span>"#,
        ),
        (
            r#"<span class="invisible">x</span>"#,
            r#"<span class="invisible">x</span>"#,
        ),
        (
            r#"<span class="ellipsis evil">x</span>"#,
            r#"<span class="ellipsis">x</span>"#,
        ),
        (
            r#"<span class="dt-published e-content u-photo">x</span>"#,
            r#"<span class="dt-published e-content u-photo">x</span>"#,
        ),
        (r#"<span class="big red">x</span>"#, "<span>x</span>"),
        (
            r#"<span class="quote-inline">RE: x</span>"#,
            "<span>RE: x</span>",
        ),
        (r#"<span class="hh-card">x</span>"#, "<span>x</span>"),
    ];
    for (input, expected) in cases {
        assert_eq!(sanitize_remote(input), *expected, "input: {input}");
    }
}

#[test]
fn rewrites_and_strips() {
    let cases: &[(&str, &str)] = &[
        (
            "<h1>Title</h1><p>body</p>",
            "<p><strong>Title</strong></p><p>body</p>",
        ),
        ("<h3 id=\"x\">T</h3>", "<p><strong>T</strong></p>"),
        (
            "<h6>a <em>b</em></h6>",
            "<p><strong>a <em>b</em></strong></p>",
        ),
        // Images vanish; their alt text stays.
        (
            r#"<p>see <img src="https://e.example/a.png" alt="a cat"></p>"#,
            "<p>see a cat</p>",
        ),
        (r#"<p><img src="https://e.example/a.png"></p>"#, "<p></p>"),
        (
            r#"<img alt="<b>x</b> &amp; y">"#,
            "&lt;b&gt;x&lt;/b&gt; &amp; y",
        ),
        // Unknown elements are unwrapped, their text kept.
        ("<div><section>text</section></div>", "text"),
        ("<table><tr><td>cell</td></tr></table>", "cell"),
        ("<p>a <sup>2</sup> <small>s</small></p>", "<p>a 2 s</p>"),
        ("<!-- secret --><p>x</p>", "<p>x</p>"),
        ("", ""),
        ("plain &amp; simple", "plain &amp; simple"),
    ];
    for (input, expected) in cases {
        assert_eq!(sanitize_remote(input), *expected, "input: {input}");
    }
}

/// Attempts to smuggle script: none may leave anything executable.
#[test]
fn xss_attempts() {
    let cases: &[(&str, &str)] = &[
        ("<script>alert(1)</script>ok", "ok"),
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ("<style>p{color:red}</style>ok", "ok"),
        ("<SCRIPT SRC=//x.example/x.js></SCRIPT>ok", "ok"),
        (r#"<a href="javascript:alert(1)">x</a>"#, "x"),
        (r#"<a href="JaVaScRiPt:alert(1)">x</a>"#, "x"),
        (r#"<a href=" javascript:alert(1)">x</a>"#, "x"),
        (r#"<a href="jav&#x61;script:alert(1)">x</a>"#, "x"),
        (r#"<a href="jav&#97;script&colon;alert(1)">x</a>"#, "x"),
        ("<a href=\"java\tscript:alert(1)\">x</a>", "x"),
        (r#"<a href="data:text/html,<script>alert(1)</script>">x</a>"#, "x"),
        (r#"<a href="vbscript:msgbox(1)">x</a>"#, "x"),
        (r#"<img src=x onerror="alert(1)">"#, ""),
        (r#"<img src=x alt="a" onerror="alert(1)">"#, "a"),
        (r#"<p onclick="alert(1)">x</p>"#, "<p>x</p>"),
        (r#"<span onmouseover="alert(1)" class="h-card">x</span>"#, r#"<span class="h-card">x</span>"#),
        (r#"<svg onload="alert(1)"><circle/></svg>t"#, "t"),
        (r#"<iframe src="javascript:alert(1)"></iframe>t"#, "t"),
        (r#"<object data="x.swf"></object>t"#, "t"),
        (r#"<form action="https://e.example"><input value="v"><button>b</button></form>"#, "b"),
        (r#"<meta http-equiv="refresh" content="0;url=javascript:alert(1)">t"#, "t"),
        (r#"<base href="javascript:alert(1)//">t"#, "t"),
        (r#"<math><mi xlink:href="javascript:alert(1)">m</mi></math>"#, ""),
        // Entities that spell tags stay text.
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&#60;script&#62;", "&lt;script&gt;"),
        // Nested and broken markup.
        ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
        ("<<script>script>alert(1)<</script>/script>", "&lt;/script&gt;"),
        ("<p><a href=\"https://e.example\">unclosed", "<p><a href=\"https://e.example\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">unclosed</a></p>"),
        ("<b><i>mis</b>nested</i>", "<b><i>mis</i></b><i>nested</i>"),
        ("<p>unclosed <em>em", "<p>unclosed <em>em</em></p>"),
        ("</p></a></script>stray", "<p></p>stray"),
        (r#"<a href="https://e.example" <script>alert(1)</script>>x</a>"#, "<a href=\"https://e.example\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">alert(1)&gt;x</a>"),
        (r#"<a href="https://e.example/" title="x" style="background:url(javascript:alert(1))">t</a>"#, "<a href=\"https://e.example/\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">t</a>"),
        ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "\"&gt;"),
        ("<template><script>alert(1)</script></template>t", "t"),
        ("<textarea><script>alert(1)</script></textarea>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<title><script>alert(1)</script></title>t", "t"),
    ];
    for (input, expected) in cases {
        let out = sanitize_remote(input);
        if !expected.is_empty() {
            assert_eq!(out, *expected, "input: {input}");
        }
        assert_safe(&out, input);
    }
}

/// Nothing executable may remain: no script-like tags, no event handlers, no
/// dangerous schemes in attributes.
fn assert_safe(out: &str, input: &str) {
    let lower = out.to_lowercase();
    for needle in [
        "<script",
        "<style",
        "<img",
        "<iframe",
        "<svg",
        "<object",
        "<form",
        "<input",
        "<meta",
        "<base",
        "<math",
        "onerror=",
        "onclick=",
        "onload=",
        "onmouseover=",
        "style=",
        "href=\"javascript",
        "href=\"data",
        "href=\"vbscript",
        "src=",
    ] {
        assert!(
            !lower.contains(needle),
            "{needle} survived in {out:?} (input {input:?})"
        );
    }
}

/// A GoToSocial mention + hashtag note (fixtures/peers) keeps its markup.
#[test]
fn gotosocial_content_survives() {
    let input = r#"<p>Hi <span class="h-card"><a href="http://127.0.0.1:9000/users/sink" class="u-url mention" rel="nofollow noreferrer noopener" target="_blank">@<span>sink</span></a></span>, testing <a href="http://127.0.0.1:8080/tags/rookeryfixtures" class="mention hashtag" rel="tag nofollow noreferrer noopener" target="_blank">#<span>RookeryFixtures</span></a></p>"#;
    let expected = r#"<p>Hi <span class="h-card"><a href="http://127.0.0.1:9000/users/sink" class="u-url mention" rel="nofollow noopener noreferrer" target="_blank">@<span>sink</span></a></span>, testing <a href="http://127.0.0.1:8080/tags/rookeryfixtures" class="mention hashtag" rel="tag nofollow noopener noreferrer" target="_blank">#<span>RookeryFixtures</span></a></p>"#;
    assert_eq!(sanitize_remote(input), expected);
    // Sanitizing is idempotent.
    assert_eq!(sanitize_remote(expected), expected);
}
