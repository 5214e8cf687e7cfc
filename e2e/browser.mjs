// Shared by the browser tests: starting Debian's Chromium under Playwright, screenshots
// at desktop and phone width, and accessibility checks every page must pass.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

// Without the background-networking flags Chromium keeps trying to reach Google's
// hosts, which a closed test network refuses; no sandbox because CI runs as root.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts Chromium with a new, empty profile; returns { context, close }. */
export async function launch() {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'rookery-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: DESKTOP,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The base URL an environment variable names; fails when it is missing. */
export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Throws with `message` unless `condition` holds. */
export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** Saves the page as NAME-desktop.png and NAME-phone.png in $ROOKERY_SCREENSHOTS. */
export async function screenshots(page, name) {
  const dir = env('ROOKERY_SCREENSHOTS');
  mkdirSync(dir, { recursive: true });
  // Pictures of the page at rest, without an earlier check's focus ring.
  await page.evaluate(() => document.activeElement?.blur());
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    // Nothing may stick out sideways at phone width.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    check(overflow <= 1, `${name} scrolls sideways by ${overflow}px at ${label} width`);
    await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

/**
 * Landmarks, labels, alt text, heading order and a visible focus ring. Call it on a
 * freshly loaded page: the focus check presses Tab from the top.
 */
export async function checkAccessibility(page, name) {
  const facts = await page.evaluate(() => {
    const unlabelled = [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden')
      .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML);
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) =>
      Number(h.tagName[1]),
    );
    const landmarks = ['header', 'nav', 'main', 'footer'].filter(
      (tag) => !document.querySelector(tag),
    );
    return {
      lang: document.documentElement.lang,
      unlabelled,
      headings,
      missingLandmarks: landmarks,
      imagesWithoutAlt: [...document.images].filter((i) => !i.hasAttribute('alt')).length,
    };
  });
  check(facts.lang, `${name}: <html> has no lang`);
  check(facts.unlabelled.length === 0, `${name}: inputs without labels: ${facts.unlabelled}`);
  check(facts.missingLandmarks.length === 0, `${name}: missing ${facts.missingLandmarks}`);
  check(facts.headings[0] === 1, `${name}: the first heading is not an h1 (${facts.headings})`);
  facts.headings.reduce((previous, level) => {
    check(level <= previous + 1, `${name}: heading levels skip (${facts.headings})`);
    return level;
  }, 1);
  check(facts.imagesWithoutAlt === 0, `${name}: ${facts.imagesWithoutAlt} images lack alt`);
  // The accessibility tree as Playwright sees it: every image has a name (an image
  // with alt="" is left out of the tree, and we never write one).
  const snapshot = await page.locator('body').ariaSnapshot();
  const namelessImages = snapshot.split('\n').filter((line) => /^\s*- img\s*$/.test(line));
  check(namelessImages.length === 0, `${name}: images without a name in the a11y tree`);
  // Keyboard: the first Tab lands on the skip link, and it shows a focus ring.
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { text: el.textContent.trim(), outline: style.outlineStyle, width: style.outlineWidth };
  });
  check(focus.text === 'Skip to content', `${name}: first Tab focused "${focus.text}"`);
  check(
    focus.outline !== 'none' && focus.width !== '0px',
    `${name}: focus is not visible (${focus.outline} ${focus.width})`,
  );
  return snapshot;
}
