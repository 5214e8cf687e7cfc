//! Table tests for `render_local`, `extract_mentions` and `extract_hashtags`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rookery_html::{extract_hashtags, extract_mentions, render_local, sanitize_remote};

const BASE: &str = "https://a.test";

fn mentions() -> Vec<(String, String)> {
    vec![
        ("@bob@b.test".to_owned(), "https://b.test/@bob".to_owned()),
        ("@carol".to_owned(), "https://a.test/@carol".to_owned()),
        (
            "@sink@127.0.0.1:9000".to_owned(),
            "http://127.0.0.1:9000/users/sink".to_owned(),
        ),
    ]
}

#[test]
fn renders_like_mastodon() {
    let cases: &[(&str, &str)] = &[
        ("hello", "<p>hello</p>"),
        ("", ""),
        ("\n\n", ""),
        ("a\nb", "<p>a<br>b</p>"),
        ("a\r\nb", "<p>a<br>b</p>"),
        ("one\n\ntwo", "<p>one</p><p>two</p>"),
        ("one\n \n\n\ntwo\nthree", "<p>one</p><p>two<br>three</p>"),
        (
            "<b>x</b> & \"y\" 'z'",
            "<p>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#39;z&#39;</p>",
        ),
        (
            "hi @bob@b.test!",
            r#"<p>hi <span class="h-card"><a href="https://b.test/@bob" class="u-url mention">@<span>bob</span></a></span>!</p>"#,
        ),
        (
            "@Carol hello",
            r#"<p><span class="h-card"><a href="https://a.test/@carol" class="u-url mention">@<span>Carol</span></a></span> hello</p>"#,
        ),
        (
            "@sink@127.0.0.1:9000 hi",
            r#"<p><span class="h-card"><a href="http://127.0.0.1:9000/users/sink" class="u-url mention">@<span>sink</span></a></span> hi</p>"#,
        ),
        // Unknown mentions and e-mail addresses stay text.
        ("@nobody hi", "<p>@nobody hi</p>"),
        ("mail bob@b.test", "<p>mail bob@b.test</p>"),
        (
            "#Rust and #rust_lang",
            r#"<p><a href="https://a.test/tags/rust" class="mention hashtag" rel="tag">#<span>Rust</span></a> and <a href="https://a.test/tags/rust_lang" class="mention hashtag" rel="tag">#<span>rust_lang</span></a></p>"#,
        ),
        (
            "#Übung",
            r#"<p><a href="https://a.test/tags/übung" class="mention hashtag" rel="tag">#<span>Übung</span></a></p>"#,
        ),
        ("#123 and a#b", "<p>#123 and a#b</p>"),
        (
            "see https://example.com/x.",
            r#"<p>see <a href="https://example.com/x" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span>example.com/x</span></a>.</p>"#,
        ),
        (
            "(http://e.example/a_(b))",
            r#"<p>(<a href="http://e.example/a_(b)" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">http://</span><span>e.example/a_(b)</span></a>)</p>"#,
        ),
        (
            "https://example.com/a/very/long/path/that/goes/on/and/on",
            r#"<p><a href="https://example.com/a/very/long/path/that/goes/on/and/on" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/long/path/t</span><span class="invisible">hat/goes/on/and/on</span></a></p>"#,
        ),
        (
            "https://e.example/?a=1&b=\"2\"",
            r#"<p><a href="https://e.example/?a=1&amp;b=" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span>e.example/?a=1&amp;b=</span></a>&quot;2&quot;</p>"#,
        ),
        // A fragment in a URL is not a hashtag; a mention inside a URL is not a mention.
        (
            "https://e.example/#tag https://e.example/@bob@b.test",
            r#"<p><a href="https://e.example/#tag" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span>e.example/#tag</span></a> <a href="https://e.example/@bob@b.test" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span>e.example/@bob@b.test</span></a></p>"#,
        ),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ("http://", "<p>http://</p>"),
    ];
    for (input, expected) in cases {
        assert_eq!(
            render_local(input, &mentions(), BASE),
            *expected,
            "input: {input:?}"
        );
    }
}

/// What we render survives Mastodon's allowlist unchanged except for the link
/// attributes the sanitizer adds (activitypub.md §6.6).
#[test]
fn rendered_html_survives_sanitizing() {
    let html = render_local(
        "Hi @bob@b.test, #Tag https://example.com/a/very/long/path/that/goes/on\n\n<script>",
        &mentions(),
        BASE,
    );
    let cleaned = sanitize_remote(&html);
    for kept in [
        r#"<span class="h-card">"#,
        r#"class="u-url mention""#,
        r#"class="mention hashtag""#,
        r#"<span class="ellipsis">"#,
        r#"<span class="invisible">"#,
        "&lt;script&gt;",
    ] {
        assert!(cleaned.contains(kept), "{kept} lost in {cleaned}");
    }
}

#[test]
fn extracts_mentions() {
    let cases: &[(&str, &[&str])] = &[
        ("@alice hi @bob@b.test", &["@alice", "@bob@b.test"]),
        ("@alice @ALICE @alice", &["@alice"]),
        ("end of sentence @bob@b.test.", &["@bob@b.test"]),
        ("@a.b-c@x-y.example:8080 yes", &["@a.b-c@x-y.example:8080"]),
        ("bob@b.test a=@x /@y", &[]),
        ("(@paren) \"@quoted\"", &["@paren", "@quoted"]),
        ("@ alone and @@double", &[]),
        ("@bob@", &["@bob"]),
        ("@jörg@b.test", &["@jörg@b.test"]),
        ("https://e.example/@bob", &[]),
    ];
    for (input, expected) in cases {
        assert_eq!(extract_mentions(input), *expected, "input: {input:?}");
    }
}

#[test]
fn extracts_hashtags() {
    let cases: &[(&str, &[&str])] = &[
        ("#Rust #rust #RUST", &["rust"]),
        ("#one, #two. #three!", &["one", "two", "three"]),
        ("#日本語 #Übung #café", &["日本語", "übung", "café"]),
        (
            "#snake_case #_x #2024 #2024a",
            &["snake_case", "_x", "2024a"],
        ),
        ("a#b c/#d (x)#e", &[]),
        ("https://e.example/#frag", &[]),
        ("##double", &[]),
        ("# space", &[]),
    ];
    for (input, expected) in cases {
        assert_eq!(extract_hashtags(input), *expected, "input: {input:?}");
    }
}
