//! `NetError::is_retryable`: network trouble is worth retrying, refusals are not.

use rookery_net::NetError;

#[test]
fn retryable_table() {
    let cases = [
        (NetError::InvalidUrl("x".into()), false),
        (NetError::ForbiddenAddress("x".into()), false),
        (NetError::Dns("x".into()), true),
        (NetError::Connect("x".into()), true),
        (NetError::Timeout, true),
        (NetError::TooLarge { limit: 1 }, false),
        (NetError::TooManyRedirects, false),
        (NetError::Http("x".into()), true),
    ];
    for (error, retryable) in cases {
        assert_eq!(error.is_retryable(), retryable, "{error:?}");
    }
}

#[test]
fn messages_name_the_problem() {
    assert_eq!(
        NetError::TooLarge { limit: 1024 }.to_string(),
        "response body exceeds 1024 bytes"
    );
    assert_eq!(NetError::Timeout.to_string(), "request timed out");
}
