// Drives a running rookery through masto.js, the JavaScript client library (Node 22).
//
// Two instances: alice signs in on A through the OAuth authorization-code flow with PKCE
// (the HTML login form, its CSRF token and cookie, the code from the redirect), posts with
// an image and a content warning, reads her timelines, follows bob on B by his handle,
// sees bob's post arrive, favourites, boosts and replies to it, reads the mention bob
// sends her, and deletes. bob is driven on B with a bearer token. One line per check;
// the last line is `N passed, M failed`.
//
//   node_modules/.bin/node masto.mjs --a-url http://127.0.0.1:PORT --b-url ... \
//     --username alice --password ... --b-token ... --b-handle bob@b.test
//
// Every option can also come from the environment (ROOKERY_A_URL, ROOKERY_B_URL,
// ROOKERY_USERNAME, ROOKERY_PASSWORD, ROOKERY_B_TOKEN, ROOKERY_B_HANDLE, ROOKERY_A_DOMAIN).

import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { crc32, deflateSync } from "node:zlib";
import { createOAuthAPIClient, createRestAPIClient } from "masto";

const SCOPES = "read write follow";
const REDIRECT = "https://app.example/callback";
const WAIT_MS = 30_000;

/** A 4x4 blue PNG, built by hand so the script needs no image library. */
function tinyPng() {
  const chunk = (kind, data) => {
    const body = Buffer.concat([Buffer.from(kind, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.from([0, ...Array(4).fill([0, 0, 255]).flat()]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat([row, row, row, row]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

let passed = 0;
let failed = 0;

/** Runs one named check, prints one line, and counts it; a failure does not stop the run. */
async function check(name, step) {
  try {
    const value = await step();
    passed += 1;
    console.log(`ok   ${name}`);
    return value;
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error?.message ?? error}`);
    return undefined;
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls `probe` until it returns something truthy, for at most WAIT_MS. */
async function waitFor(what, probe) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function unescapeHtml(text) {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The hidden fields of the login form, by name. */
function hiddenFields(page) {
  const fields = new URLSearchParams();
  for (const [tag] of page.matchAll(/<input[^>]*>/g)) {
    const name = tag.match(/name="([^"]*)"/);
    const value = tag.match(/value="([^"]*)"/);
    if (name && tag.includes('type="hidden"')) {
      fields.set(unescapeHtml(name[1]), unescapeHtml(value ? value[1] : ""));
    }
  }
  return fields;
}

/** Signs in on the HTML form behind `url` as a browser would; returns the code. */
async function authorize(url, username, password, state) {
  const page = await fetch(url, { redirect: "manual" });
  expect(page.status === 200, `GET /oauth/authorize answered ${page.status}`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const fields = hiddenFields(await page.text());
  expect(fields.has("authenticity_token"), "the login form has no CSRF token");
  fields.set("username", username);
  fields.set("password", password);
  const answer = await fetch(new URL("/oauth/authorize", url), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: fields,
  });
  const location = answer.headers.get("location");
  expect(location, `the login form answered ${answer.status} without a redirect`);
  const back = new URL(location);
  expect(back.searchParams.get("state") === state, "the state did not come back");
  return back.searchParams.get("code");
}

function options() {
  const env = process.env;
  const { values } = parseArgs({
    options: {
      "a-url": { type: "string", default: env.ROOKERY_A_URL },
      "b-url": { type: "string", default: env.ROOKERY_B_URL },
      username: { type: "string", default: env.ROOKERY_USERNAME ?? "alice" },
      password: { type: "string", default: env.ROOKERY_PASSWORD },
      "b-token": { type: "string", default: env.ROOKERY_B_TOKEN },
      "b-handle": { type: "string", default: env.ROOKERY_B_HANDLE ?? "bob@b.test" },
      // Alice's domain as B knows her (`a.test` in the tests); by default the A URL's host.
      "a-domain": { type: "string", default: env.ROOKERY_A_DOMAIN },
    },
  });
  const missing = ["a-url", "b-url", "password", "b-token"].filter((k) => !values[k]);
  if (missing.length > 0) {
    console.error(`missing: ${missing.join(", ")}`);
    process.exit(2);
  }
  values["a-domain"] ??= new URL(values["a-url"]).host;
  return values;
}

async function main() {
  const args = options();
  const marker = String(Date.now());
  const guest = createRestAPIClient({ url: args["a-url"] });

  const app = await check("register an app", async () => {
    const app = await guest.v1.apps.create({
      clientName: "rookery masto.js check",
      redirectUris: REDIRECT,
      scopes: SCOPES,
      website: "https://example.invalid/",
    });
    expect(app.clientId && app.clientSecret, "no client credentials");
    return app;
  });

  const token = await check("authorization-code flow with PKCE: login form, code, token", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const state = randomBytes(8).toString("hex");
    const url = new URL("/oauth/authorize", args["a-url"]);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: app.clientId,
      redirect_uri: REDIRECT,
      scope: SCOPES,
      state,
      code_challenge: createHash("sha256").update(verifier).digest("base64url"),
      code_challenge_method: "S256",
    }).toString();
    const code = await authorize(url, args.username, args.password, state);
    const oauth = createOAuthAPIClient({ url: args["a-url"] });
    const token = await oauth.token.create({
      grantType: "authorization_code",
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: REDIRECT,
      code,
      codeVerifier: verifier,
      scope: SCOPES,
    });
    expect(token.accessToken, "no access token");
    return token.accessToken;
  });

  // Media uploads wait for processing by polling GET /api/v1/media/:id; 10 s is plenty.
  const alice = createRestAPIClient({ url: args["a-url"], accessToken: token, mediaTimeout: 10_000 });
  const bob = createRestAPIClient({ url: args["b-url"], accessToken: args["b-token"] });

  await check("verify credentials", async () => {
    const me = await alice.v1.accounts.verifyCredentials();
    expect(me.username === args.username, `signed in as ${me.username}`);
  });

  const media = await check("upload an image", async () => {
    const media = await alice.v2.media.create({
      file: new Blob([tinyPng()], { type: "image/png" }),
      description: "a blue square",
    });
    expect(media.type === "image", `media type ${media.type}`);
    return media;
  });

  const mine = await check("post with an image and a content warning", async () => {
    const status = await alice.v1.statuses.create({
      status: `An image behind a warning ${marker}`,
      mediaIds: [media.id],
      spoilerText: "blue squares",
    });
    expect(status.spoilerText === "blue squares", `spoilerText ${status.spoilerText}`);
    expect(status.sensitive, "a content warning makes the status sensitive");
    expect(status.mediaAttachments.length === 1, "one attachment");
    return status;
  });

  const inTimeline = async (list) => {
    const statuses = await list;
    expect(statuses.some((s) => s.id === mine.id), "the post is not there");
  };
  await check("home timeline has the post", () => inTimeline(alice.v1.timelines.home.list()));
  await check("public timeline has the post", () => inTimeline(alice.v1.timelines.public.list()));

  const remoteBob = await check(`resolve @${args["b-handle"]}`, async () => {
    const found = await alice.v2.search.list({ q: `@${args["b-handle"]}`, resolve: true });
    expect(found.accounts[0]?.acct === args["b-handle"], `found ${found.accounts.map((a) => a.acct)}`);
    return found.accounts[0];
  });

  await check(`follow @${args["b-handle"]}`, async () => {
    await alice.v1.accounts.$select(remoteBob.id).follow();
    // Bob's server accepts; his posts reach alice from then on.
    await waitFor("the follow to be accepted", async () => {
      const [relationship] = await alice.v1.accounts.relationships.fetch({ id: [remoteBob.id] });
      return relationship?.following;
    });
  });

  const arrived = await check("bob's post arrives in home", async () => {
    await bob.v1.statuses.create({ status: `Bob writes ${marker}` });
    return waitFor("bob's post in alice's home timeline", async () => {
      const home = await alice.v1.timelines.home.list();
      return home.find((s) => s.content.includes(`Bob writes ${marker}`));
    });
  });

  await check("favourite bob's post", async () => {
    const status = await alice.v1.statuses.$select(arrived.id).favourite();
    expect(status.favourited, "favourited is false");
  });

  await check("boost bob's post", async () => {
    const status = await alice.v1.statuses.$select(arrived.id).reblog();
    expect(status.reblogged || status.reblog?.reblogged, "not reblogged");
  });

  const reply = await check("reply to bob", async () => {
    const status = await alice.v1.statuses.create({
      status: `@${args["b-handle"]} nice! ${marker}`,
      inReplyToId: arrived.id,
    });
    expect(status.inReplyToId === arrived.id, `inReplyToId ${status.inReplyToId}`);
    return status;
  });

  await check("notifications show bob's mention", async () => {
    await bob.v1.statuses.create({ status: `@${args.username}@${args["a-domain"]} hello ${marker}` });
    await waitFor("bob's mention in alice's notifications", async () => {
      const notifications = await alice.v1.notifications.list();
      return notifications.find((n) => n.type === "mention" && n.status?.content.includes(marker));
    });
  });

  await check("delete the reply and the post", async () => {
    await alice.v1.statuses.$select(reply.id).remove();
    await alice.v1.statuses.$select(mine.id).remove();
    const gone = await alice.v1.statuses
      .$select(mine.id)
      .fetch()
      .then(() => false)
      .catch((error) => error?.statusCode === 404);
    expect(gone, "the deleted status is still readable");
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
