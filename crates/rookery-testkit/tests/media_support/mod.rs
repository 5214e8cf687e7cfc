//! Shared by the media tests: images made in the test, multipart uploads through
//! reqwest to an instance's loopback address, and JSON calls to the client API.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::multipart::{Form, Part};
use rookery_testkit::TestInstance;
use serde_json::Value;

/// A PNG of a colour gradient, `width` by `height`.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

/// `http://127.0.0.1:PORT/PATH` of `instance` (reqwest does not know `a.test`).
pub fn local(instance: &TestInstance, path: &str) -> String {
    format!("http://{}{path}", instance.addr())
}

/// `instance`'s URL (`http://a.test/...`) made reachable on loopback.
pub fn reachable(instance: &TestInstance, url: &str) -> String {
    let public = instance.url("");
    let path = url.strip_prefix(&public).expect("a URL of this instance");
    local(instance, path)
}

/// Uploads `file` (named and typed as the client claims) to `path` with optional alt
/// text and focus; returns the status and the JSON body.
pub async fn upload(
    instance: &TestInstance,
    path: &str,
    token: Option<&str>,
    file: Vec<u8>,
    claimed: (&str, &str),
    fields: &[(&str, &str)],
) -> (u16, Value) {
    let (file_name, content_type) = claimed;
    let part = Part::bytes(file)
        .file_name(file_name.to_owned())
        .mime_str(content_type)
        .unwrap();
    let mut form = Form::new().part("file", part);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    let mut request = reqwest::Client::new()
        .post(local(instance, path))
        .multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    answer(request.send().await.unwrap()).await
}

/// A JSON request to the client API.
pub async fn call(
    instance: &TestInstance,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, local(instance, path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    answer(request.send().await.unwrap()).await
}

/// The status and JSON body (`null` when there is none) of a response.
pub async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}
