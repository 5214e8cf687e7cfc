"""Drives a running rookery through Mastodon.py, the Python client library.

Two instances: alice logs in on A through the OAuth authorization-code flow (the HTML
login form, with its CSRF token and cookie), posts with an image and a content warning,
reads her timelines, follows bob on B by his handle, sees bob's post arrive, favourites,
boosts and replies to it, reads the mention bob sends her, and deletes. bob is driven on
B with a bearer token. One line per check; the last line is `N passed, M failed`.

    .venv/bin/python mastodon_py.py --a-url http://127.0.0.1:PORT --b-url ... \\
        --username alice --password ... --b-token ... --b-handle bob@b.test

Every option can also come from the environment (ROOKERY_A_URL, ROOKERY_B_URL,
ROOKERY_USERNAME, ROOKERY_PASSWORD, ROOKERY_B_TOKEN, ROOKERY_B_HANDLE, ROOKERY_A_DOMAIN).
"""

import argparse
import html
import os
import re
import struct
import sys
import time
import traceback
import urllib.parse
import zlib

import requests
from requests.adapters import HTTPAdapter
from mastodon import Mastodon

SCOPES = ["read", "write", "follow"]
OOB = "urn:ietf:wg:oauth:2.0:oob"
WAIT_SECONDS = 30


def tiny_png():
    """A 4x4 red PNG, built by hand so the script needs no image library."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class PublicNames(HTTPAdapter):
    """Sends requests for an instance's public origin (`http://a.test`, which its OAuth
    metadata names) to the address it really listens on, as a hosts file would."""

    def __init__(self, public, real):
        super().__init__()
        self.public = public.rstrip("/")
        self.real = real.rstrip("/")

    def send(self, request, **kwargs):
        if request.url.startswith(self.public + "/"):
            request.url = self.real + request.url[len(self.public) :]
        return super().send(request, **kwargs)


def session_for(args):
    """A requests session that reaches A by its public name too."""
    session = requests.Session()
    scheme = urllib.parse.urlsplit(args.a_url).scheme
    adapter = PublicNames(f"{scheme}://{args.a_domain}", args.a_url)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Checks:
    """Runs named checks, prints one line each, and counts them."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, step):
        try:
            value = step()
        except Exception as error:  # a failed check is reported, then the run goes on
            self.failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            # Where it failed, on stderr (the summary on stdout stays one line per check).
            traceback.print_exc(limit=-4, file=sys.stderr)
            return None
        self.passed += 1
        print(f"ok   {name}", flush=True)
        return value


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def wait_for(what, probe):
    """Polls `probe` until it returns something truthy, for at most WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {WAIT_SECONDS} s waiting for {what}")
        time.sleep(0.2)


def form_fields(page):
    """The hidden fields of the login form, by name."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[html.unescape(name.group(1))] = html.unescape(value.group(1) if value else "")
    return fields


def authorize(browser, url, username, password):
    """Signs in on the HTML form behind `url` as a browser would; returns the code."""
    page = browser.get(url, timeout=10)
    expect(page.status_code == 200, f"GET /oauth/authorize answered {page.status_code}")
    fields = form_fields(page.text)
    expect("authenticity_token" in fields, "the login form has no CSRF token")
    fields.update({"username": username, "password": password})
    # The form posts to where the page really came from, so its cookie goes along.
    action = urllib.parse.urljoin(page.url, "/oauth/authorize")
    answer = browser.post(action, data=fields, allow_redirects=False, timeout=10)
    location = answer.headers.get("location")
    if location:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
        return query["code"][0]
    expect(answer.status_code == 200, f"the login form answered {answer.status_code}")
    found = re.search(r'id="code"[^>]*value="([^"]+)"', answer.text)
    expect(found, "no code on the out-of-band page")
    return html.unescape(found.group(1))


def options():
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a-url", default=env("ROOKERY_A_URL"))
    parser.add_argument("--b-url", default=env("ROOKERY_B_URL"))
    parser.add_argument("--username", default=env("ROOKERY_USERNAME", "alice"))
    parser.add_argument("--password", default=env("ROOKERY_PASSWORD"))
    parser.add_argument("--b-token", default=env("ROOKERY_B_TOKEN"))
    parser.add_argument("--b-handle", default=env("ROOKERY_B_HANDLE", "bob@b.test"))
    # Alice's domain as B knows her (`a.test` in the tests); by default the A URL's host.
    parser.add_argument("--a-domain", default=env("ROOKERY_A_DOMAIN"))
    args = parser.parse_args()
    missing = [k for k in ("a_url", "b_url", "password", "b_token") if not getattr(args, k)]
    if missing:
        parser.error("missing: " + ", ".join(missing))
    args.a_domain = args.a_domain or urllib.parse.urlsplit(args.a_url).netloc
    return args


def main():
    args = options()
    checks = Checks()
    run = checks.run
    marker = str(int(time.time() * 1000))

    app = run(
        "register an app",
        lambda: Mastodon.create_app(
            "rookery Mastodon.py check",
            scopes=SCOPES,
            redirect_uris=OOB,
            website="https://example.invalid/",
            api_base_url=args.a_url,
            session=session_for(args),
        ),
    )
    client_id, client_secret = app or (None, None)
    guest = Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        api_base_url=args.a_url,
        session=session_for(args),
    )

    def sign_in():
        url = guest.auth_request_url(redirect_uris=OOB, scopes=SCOPES, allow_http=True)
        code = authorize(session_for(args), url, args.username, args.password)
        return guest.log_in(code=code, redirect_uri=OOB, scopes=SCOPES, allow_http=True)

    token = run("authorization-code flow: login form, code, token", sign_in)
    alice = Mastodon(access_token=token, api_base_url=args.a_url, session=session_for(args))
    bob = Mastodon(access_token=args.b_token, api_base_url=args.b_url)

    def me():
        account = alice.account_verify_credentials()
        expect(account.username == args.username, f"signed in as {account.username}")
        return account

    run("verify credentials", me)

    def upload():
        media = alice.media_post(tiny_png(), mime_type="image/png", description="a red square")
        expect(media.type == "image", f"media type {media.type}")
        return media

    media = run("upload an image", upload)

    def post_with_image():
        status = alice.status_post(
            f"An image behind a warning {marker}",
            media_ids=[media],
            spoiler_text="red squares",
        )
        expect(status.spoiler_text == "red squares", f"spoiler_text {status.spoiler_text!r}")
        expect(status.sensitive, "a content warning makes the status sensitive")
        expect(len(status.media_attachments) == 1, "one attachment")
        return status

    mine = run("post with an image and a content warning", post_with_image)

    def in_timeline(read):
        statuses = read()
        expect(any(s.id == mine.id for s in statuses), "the post is not there")

    run("home timeline has the post", lambda: in_timeline(alice.timeline_home))
    run("public timeline has the post", lambda: in_timeline(lambda: alice.timeline_public()))

    def resolve_bob():
        found = alice.search_v2(f"@{args.b_handle}", resolve=True).accounts
        expect(found and found[0].acct == args.b_handle, f"found {[a.acct for a in found]}")
        return found[0]

    remote_bob = run(f"resolve @{args.b_handle}", resolve_bob)

    def follow_bob():
        alice.account_follow(remote_bob)
        # Bob's server accepts; his posts reach alice from then on.
        wait_for(
            "the follow to be accepted",
            lambda: alice.account_relationships(remote_bob)[0].following,
        )

    run(f"follow @{args.b_handle}", follow_bob)

    def bobs_post_arrives():
        bob.status_post(f"Bob writes {marker}")
        return wait_for(
            "bob's post in alice's home timeline",
            lambda: next(
                (s for s in alice.timeline_home() if f"Bob writes {marker}" in s.content), None
            ),
        )

    arrived = run("bob's post arrives in home", bobs_post_arrives)

    def favourite():
        status = alice.status_favourite(arrived)
        expect(status.favourited, "favourited is false")

    run("favourite bob's post", favourite)

    def boost():
        status = alice.status_reblog(arrived)
        expect(status.reblogged or (status.reblog and status.reblog.reblogged), "not reblogged")

    run("boost bob's post", boost)

    def reply():
        status = alice.status_post(f"@{args.b_handle} nice! {marker}", in_reply_to_id=arrived)
        expect(status.in_reply_to_id == arrived.id, f"in_reply_to_id {status.in_reply_to_id}")
        return status

    my_reply = run("reply to bob", reply)

    def mention_arrives():
        bob.status_post(f"@{args.username}@{args.a_domain} hello {marker}")
        return wait_for(
            "bob's mention in alice's notifications",
            lambda: next(
                (
                    n
                    for n in alice.notifications()
                    if n.type == "mention" and marker in (n.status.content if n.status else "")
                ),
                None,
            ),
        )

    run("notifications show bob's mention", mention_arrives)

    def delete():
        alice.status_delete(my_reply)
        alice.status_delete(mine)
        try:
            alice.status(mine)
        except Exception:  # the library raises MastodonNotFoundError on 404
            return
        raise AssertionError("the deleted status is still readable")

    run("delete the reply and the post", delete)

    print(f"{checks.passed} passed, {checks.failed} failed", flush=True)
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
