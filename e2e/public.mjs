// The public pages in a real browser: a visitor reads a profile, a note with its
// thread and a content warning, a remote account's page with an image, and follows
// from their own server. Private notes must stay invisible. Screenshots of each page.
// Run by crates/rookery-testkit/tests/web_browser.rs, which sets the variables below.
import { check, checkAccessibility, env, launch, screenshots } from './browser.mjs';

const a = env('ROOKERY_A');
const b = env('ROOKERY_B');
const publicText = env('ROOKERY_PUBLIC_TEXT');
const privateText = env('ROOKERY_PRIVATE_TEXT');
const warning = env('ROOKERY_CW');
const warnedText = env('ROOKERY_CW_TEXT');
const follower = env('ROOKERY_FOLLOWER');

const browser = await launch();
try {
  const page = await browser.context.newPage();

  // The front page.
  let response = await page.goto(`${a}/`);
  check(response.status() === 200, `front page answered ${response.status()}`);
  check(await page.getByRole('link', { name: 'Log in' }).first().isVisible(), 'no login link');
  check(await page.getByText(publicText).first().isVisible(), 'front page lacks the public note');
  await checkAccessibility(page, 'front page');
  await screenshots(page, 'public-front');

  // The profile: public and warned notes listed, the private one nowhere.
  response = await page.goto(`${a}${env('ROOKERY_PROFILE')}`);
  check(response.status() === 200, `profile answered ${response.status()}`);
  check(await page.getByRole('heading', { level: 1 }).innerText().then((t) => t.includes('Alice')),
    'profile heading lacks the display name');
  check(await page.getByText(publicText).first().isVisible(), 'profile lacks the public note');
  check((await page.content()).indexOf(privateText) === -1, 'profile shows the private note');
  await checkAccessibility(page, 'profile');
  // A content warning hides its text until opened.
  const summary = page.getByText(warning, { exact: true }).first();
  check(await summary.isVisible(), 'the content warning is not shown');
  check(!(await page.getByText(warnedText).first().isVisible()), 'warned text shows unopened');
  await summary.click();
  check(await page.getByText(warnedText).first().isVisible(), 'opening the warning shows nothing');
  await screenshots(page, 'public-profile');

  // The note page: the note, its reply, counts, a machine-readable time.
  response = await page.goto(`${a}${env('ROOKERY_NOTE')}`);
  check(response.status() === 200, `note page answered ${response.status()}`);
  check(await page.getByText(publicText).first().isVisible(), 'note page lacks the note');
  check(await page.getByRole('heading', { name: 'Replies' }).isVisible(), 'no replies heading');
  check(await page.locator('time[datetime]').count() >= 2, 'times lack datetime');
  check(await page.getByText('likes').first().isVisible(), 'no counts');
  await checkAccessibility(page, 'note');
  await screenshots(page, 'public-note');

  // A remote account's page, with an image that must carry its alt text.
  response = await page.goto(`${a}${env('ROOKERY_REMOTE_PROFILE')}`);
  check(response.status() === 200, `remote profile answered ${response.status()}`);
  const snapshot = await checkAccessibility(page, 'remote profile');
  check(snapshot.includes('img "A heron standing in shallow water"'), 'image alt text missing');
  await screenshots(page, 'public-remote-profile');

  // A private note is not there for a visitor.
  response = await page.goto(`${a}${env('ROOKERY_PRIVATE_NOTE')}`);
  check(response.status() === 404, `private note answered ${response.status()}`);
  check((await page.content()).indexOf(privateText) === -1, 'the private note leaked');
  await screenshots(page, 'public-not-found');

  // Follow from your server: the visitor types their handle and lands on their own
  // server (b), whose web client asks them to log in, then shows the follow page.
  await page.goto(`${a}${env('ROOKERY_PROFILE')}`);
  await page.getByLabel('Follow from your server').fill(follower);
  const followPage = (url) =>
    url.pathname === '/web/authorize_interaction' ||
    (url.searchParams.get('next') ?? '').startsWith('/web/authorize_interaction');
  await Promise.all([
    page.waitForURL(followPage),
    page.getByRole('button', { name: 'Follow' }).click(),
  ]);
  let landed = new URL(page.url());
  check(landed.origin === new URL(b).origin, `remote follow landed on ${landed.origin}`);
  if (landed.pathname !== '/web/authorize_interaction') {
    landed = new URL(landed.searchParams.get('next'), landed.origin);
  }
  const uri = landed.searchParams.get('uri') ?? '';
  check(uri === `${a}/users/alice`, `the follow page was given ${uri}`);
  await screenshots(page, 'public-remote-follow-landing');
  console.log('public pages: all checks passed');
} finally {
  await browser.close();
}
