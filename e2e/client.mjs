// End-to-end test of the built-in web client in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core), on a two-instance cluster started by
// crates/rookery-testkit/tests/web_client_browser.rs:
//   log in on a.test, follow a user on b.test by handle, signal the Rust test (which
//   makes that user post), see the post arrive on the home page, compose with an image
//   and a content warning, check every image has alt text, take screenshots of each main
//   page at desktop and phone width, and log out.
//
// Shared helpers (Chromium with a fresh profile, screenshots, accessibility checks) come
// from browser.mjs. Environment (set by the Rust test):
//   CLIENT_BASE_URL   the a.test instance as the browser reaches it (http://127.0.0.1:PORT)
//   CLIENT_USERNAME, CLIENT_PASSWORD   the local user on a.test
//   REMOTE_HANDLE     the user to follow on b.test (@bob@b.test)
//   FOLLOWED_SIGNAL   a file this script creates once the follow is accepted
//   EXPECTED_POST     the text the remote user posts after the signal
//   ROOKERY_SCREENSHOTS   where screenshots go (set by the runner)

import { writeFileSync } from 'node:fs';
import { check as mustHold, checkAccessibility, env, launch, screenshots } from './browser.mjs';

const base = env('CLIENT_BASE_URL');
const username = env('CLIENT_USERNAME');
const password = env('CLIENT_PASSWORD');
const remoteHandle = env('REMOTE_HANDLE');
const signalFile = env('FOLLOWED_SIGNAL');
const expectedPost = env('EXPECTED_POST');

// A 1x1 PNG, uploaded as the note's image.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let passed = 0;
const check = (condition, what) => {
  mustHold(condition, what);
  passed += 1;
};

/** Reloads `path` until `predicate(page)` holds, or fails after `timeoutMs`. */
async function until(page, path, predicate, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(base + path);
    if (await predicate(page)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await page.waitForTimeout(250);
  }
}

/** Accessibility checks (on a freshly loaded page) and screenshots of one page. */
async function inspect(page, name) {
  await checkAccessibility(page, `client ${name}`);
  passed += 1;
  await screenshots(page, `client-${name}`);
  passed += 1;
}

const browser = await launch();

try {
  const page = await browser.context.newPage();

  // A protected page sends us to the login form.
  await page.goto(base + '/web/home');
  check(new URL(page.url()).pathname === '/web/login', 'home redirects to the login');
  await inspect(page, 'login');

  // Log in with the keyboard-reachable form.
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/web/home');
  check(await page.getByRole('button', { name: 'Log out' }).isVisible(), 'logged in');

  // Follow the remote user by handle.
  await page.goto(base + '/web/follow');
  await inspect(page, 'follow');
  await page.getByLabel('Address of the person to follow').fill(remoteHandle);
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await page.waitForURL('**/web/accounts/**');
  check((await page.textContent('main')).includes(remoteHandle), 'the account page names them');
  await until(
    page,
    new URL(page.url()).pathname,
    async (p) => (await p.getByRole('button', { name: 'Unfollow', exact: true }).count()) > 0,
    'the remote server to accept the follow',
  );
  await page.reload();
  await inspect(page, 'account');
  writeFileSync(signalFile, 'followed\n');

  // The Rust test makes them post now; it arrives on the home timeline.
  await until(
    page,
    '/web/home',
    async (p) => (await p.getByText(expectedPost).count()) > 0,
    'the remote post on the home timeline',
  );
  check(true, 'the remote post arrived on home');

  // Compose with a content warning and an image with alt text.
  await page.goto(base + '/web/compose');
  await inspect(page, 'compose');
  await page.getByLabel('Content warning (optional)').fill('Spoilers ahead');
  await page.getByLabel("What's on your mind?").fill('A picture from the browser test');
  await page.getByLabel('Image (optional)').setInputFiles({
    name: 'pixel.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await page.getByLabel('Image description (alt text)').fill('One lonely pixel');
  await page.getByLabel('Who can see it').selectOption('public');
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await page.waitForURL('**/web/home');

  // Behind the content warning until opened.
  const warned = page.locator('details', { hasText: 'Spoilers ahead' }).first();
  check(await warned.isVisible(), 'the content warning is shown');
  check(
    !(await warned.getByText('A picture from the browser test').isVisible()),
    'the text hides behind the warning',
  );
  await warned.locator('summary').click();
  check(
    await warned.getByText('A picture from the browser test').isVisible(),
    'opening the warning shows the text',
  );
  const image = warned.locator('img[alt="One lonely pixel"]');
  check(await image.isVisible(), 'the image shows with its alt text');
  // It loads lazily once the warning is open: wait for it, then check it decoded.
  await image.evaluate(
    (img) =>
      img.complete ? null : new Promise((done) => {
          img.addEventListener('load', done, { once: true });
          img.addEventListener('error', done, { once: true });
        }),
  );
  const loaded = await image.evaluate((img) => img.complete && img.naturalWidth > 0);
  check(loaded, 'the uploaded image loads');
  const styled = await page.evaluate(() => [
    getComputedStyle(document.querySelector('.site-header')).display,
    getComputedStyle(document.querySelector('.note-actions')).display,
  ]);
  check(
    styled[0] === 'flex' && styled[1] === 'flex',
    `both stylesheets apply under the page's CSP (${styled})`,
  );
  await screenshots(page, 'client-home');
  await page.reload();
  await checkAccessibility(page, 'client home');

  // Like our own note from the timeline; the button turns into "Unlike".
  await warned.locator('xpath=ancestor::li[1]').getByRole('button', { name: 'Like', exact: true }).click();
  await page.waitForURL('**/web/home**');
  check(
    (await page.getByRole('button', { name: 'Unlike', exact: true }).count()) > 0,
    'liking from the timeline',
  );

  // The other main pages.
  for (const [path, name] of [
    ['/web/local', 'local'],
    ['/web/federated', 'federated'],
    ['/web/notifications', 'notifications'],
    ['/web/follow_requests', 'follow-requests'],
    ['/web/profile', 'profile'],
  ]) {
    await page.goto(base + path);
    check(page.url().startsWith(base + path), `${name} opens`);
    await inspect(page, name);
  }
  const federated = await (await page.goto(base + '/web/federated')).text();
  check(federated.includes(expectedPost), 'the remote post is on the federated timeline');

  // Edit the profile: name, a field and an avatar.
  await page.goto(base + '/web/profile');
  await page.getByLabel('Display name').fill('Alice in the browser');
  await page.getByLabel('Field 1 label').fill('Pronouns');
  await page.getByLabel('Field 1 content').fill('she/her');
  await page.getByLabel('Avatar (PNG, JPEG, GIF or WebP)').setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    buffer: PNG,
  });
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.waitForURL('**/web/profile?saved=1');
  check(await page.getByText('Profile saved.').isVisible(), 'the profile is saved');
  check(
    (await page.getByLabel('Display name').inputValue()) === 'Alice in the browser',
    'the new display name is kept',
  );
  const avatar = page.locator('img[alt="Your current avatar"]');
  const avatarLoaded = await avatar.evaluate(
    (img) =>
      new Promise((done) => {
        if (img.complete) done(img.naturalWidth > 0);
        img.addEventListener('load', () => done(true), { once: true });
        img.addEventListener('error', () => done(false), { once: true });
      }),
  );
  check(avatarLoaded, 'the new avatar loads');
  await screenshots(page, 'client-profile-saved');

  // Log out: the session ends and the client is closed again.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/web/login');
  await page.goto(base + '/web/home');
  check(new URL(page.url()).pathname === '/web/login', 'logged out for good');

  console.log(`client e2e: ${passed} passed, 0 failed`);
} catch (error) {
  console.error(`client e2e: ${passed} passed, 1 failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
