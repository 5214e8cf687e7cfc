//! Core's text port over `rookery-html`: how a local user's text becomes HTML.

use rookery_core::ports::TextFormatter;
use rookery_core::Account;

pub struct HtmlText {
    /// `https://DOMAIN`: local profile and hashtag links start here.
    public_url: String,
}

impl HtmlText {
    pub fn new(public_url: impl Into<String>) -> Self {
        HtmlText {
            public_url: public_url.into(),
        }
    }

    fn profile_url(&self, account: &Account) -> String {
        match account.federation() {
            Some(facts) => facts.url.clone().unwrap_or_else(|| facts.uri.clone()),
            None => format!("{}/@{}", self.public_url, account.username),
        }
    }
}

impl TextFormatter for HtmlText {
    fn mentions(&self, text: &str) -> Vec<String> {
        rookery_html::extract_mentions(text)
    }

    fn hashtags(&self, text: &str) -> Vec<String> {
        rookery_html::extract_hashtags(text)
    }

    fn render(&self, text: &str, mentions: &[(String, Account)]) -> String {
        let links: Vec<(String, String)> = mentions
            .iter()
            .map(|(typed, account)| (typed.clone(), self.profile_url(account)))
            .collect();
        rookery_html::render_local(text, &links, &self.public_url)
    }
}
