//! The HTML of the authorization pages: the login and consent form, and short message
//! pages (errors, the out-of-band code). Plain server-rendered markup with labels, no
//! script; every interpolated value is escaped.

use rookery_html::escape_html as esc;

use super::authorize::AuthParams;

fn document(title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n\
         <style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;\
         padding:0 1rem;line-height:1.5}}label{{display:block;margin-top:1rem}}\
         input[type=text],input[type=password]{{width:100%;padding:.5rem;font-size:1rem}}\
         button{{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}}\
         .error{{color:#a00;font-weight:bold}}code{{word-break:break-all}}</style>\n\
         </head>\n<body>\n<main>\n{main}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

fn hidden(name: &str, value: Option<&str>) -> String {
    match value {
        Some(value) => format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
            esc(value)
        ),
        None => String::new(),
    }
}

pub(crate) struct LoginPage<'a> {
    pub instance: &'a str,
    pub app: &'a str,
    pub scopes: &'a [String],
    pub params: &'a AuthParams,
    pub csrf: &'a str,
    pub username: &'a str,
    pub error: Option<&'a str>,
}

pub(crate) fn login(page: &LoginPage<'_>) -> String {
    let p = page.params;
    let error = page
        .error
        .map(|e| {
            format!(
                "<p class=\"error\" role=\"alert\" id=\"error\">{}</p>\n",
                esc(e)
            )
        })
        .unwrap_or_default();
    let described = if page.error.is_some() {
        " aria-describedby=\"error\""
    } else {
        ""
    };
    let scopes: String = page
        .scopes
        .iter()
        .map(|s| format!("<li><code>{}</code></li>", esc(s)))
        .collect();
    let mut fields = String::new();
    fields.push_str(&hidden("authenticity_token", Some(page.csrf)));
    fields.push_str(&hidden("response_type", p.response_type.as_deref()));
    fields.push_str(&hidden("client_id", p.client_id.as_deref()));
    fields.push_str(&hidden("redirect_uri", p.redirect_uri.as_deref()));
    fields.push_str(&hidden("scope", p.scope.as_deref()));
    fields.push_str(&hidden("state", p.state.as_deref()));
    fields.push_str(&hidden("code_challenge", p.code_challenge.as_deref()));
    fields.push_str(&hidden(
        "code_challenge_method",
        p.code_challenge_method.as_deref(),
    ));
    let main = format!(
        "<h1>Sign in to {instance}</h1>\n{error}\
         <p><strong>{app}</strong> asks for access to your account with these permissions:</p>\n\
         <ul>{scopes}</ul>\n\
         <form method=\"post\" action=\"/oauth/authorize\">\n{fields}\
         <label for=\"username\">Username</label>\n\
         <input type=\"text\" id=\"username\" name=\"username\" value=\"{username}\" \
         autocomplete=\"username\" autocapitalize=\"none\" required{described}>\n\
         <label for=\"password\">Password</label>\n\
         <input type=\"password\" id=\"password\" name=\"password\" \
         autocomplete=\"current-password\" required{described}>\n\
         <button type=\"submit\">Authorize</button>\n</form>\n",
        instance = esc(page.instance),
        app = esc(page.app),
        username = esc(page.username),
    );
    document(
        &format!("Authorize {} - {}", page.app, page.instance),
        &main,
    )
}

/// A page with a heading and one paragraph of text.
pub(crate) fn message(title: &str, text: &str) -> String {
    let main = format!("<h1>{}</h1>\n<p>{}</p>\n", esc(title), esc(text));
    document(title, &main)
}

/// The out-of-band result: the code for the user to copy into the app.
pub(crate) fn code(app: &str, code: &str) -> String {
    let main = format!(
        "<h1>Authorization code</h1>\n\
         <p>Copy this code and paste it into {}:</p>\n\
         <p><label for=\"code\">Code</label>\n\
         <input type=\"text\" id=\"code\" readonly value=\"{}\"></p>\n",
        esc(app),
        esc(code)
    );
    document("Authorization code", &main)
}
