#!/usr/bin/env node
// Usage: node tests/browser/first_screen.mjs BASE_URL PATH [PATH...]
//
// What a reader sees first, in headless Chromium:
//   1. at 390x844 (a phone), where each page's title starts: the top of `main h1`, or of `main`
//      where the title is hidden (the home page), in CSS pixels from the top of the page; and
//      whether the menu is folded (its links not shown) with its button visible;
//   2. on the first PATH at 390 px, the keyboard opens the menu: Tab to the menu button, Enter,
//      and the first menu link is shown; Enter again folds it;
//   3. the same with JavaScript off (the menu is a native disclosure);
//   4. at 1366x900, every menu link is shown and the menu button is not;
//   5. at 390 px with the reading aids' text size at 200 % (pressed on the first PATH, then
//      remembered), no page scrolls sideways.
// Every step prints one JSON line {"check", "ok", ...}; console errors fail the step.
// Exit status: 0 when every check passed, 1 otherwise, 2 on a usage error.

import { launchBrowser, newCheckedPage, gotoChecked } from './lib.mjs';

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node first_screen.mjs BASE_URL PATH [PATH...]');
  process.exit(2);
}
const url = (p) => new URL(p, base).href;

let failed = false;
function report(check, ok, details = {}) {
  if (!ok) failed = true;
  console.log(JSON.stringify({ check, ok, ...details }));
}

/** The title's top, and what of the menu is visible. */
function measure() {
  // checkVisibility also sees a folded <details>, whose content keeps its boxes.
  const visible = (el) => !!el && el.checkVisibility({ visibilityProperty: true });
  const h1 = document.querySelector('main h1');
  const target = h1 && visible(h1) ? h1 : document.querySelector('main');
  const links = [...document.querySelectorAll('.site-nav a')];
  return {
    titleTop: Math.round(target.getBoundingClientRect().top + window.scrollY),
    measured: target === h1 ? 'main h1' : 'main',
    toggleShown: visible(document.querySelector('.site-nav summary')),
    linksShown: links.filter(visible).length,
    links: links.length,
    scrollWidth: document.documentElement.scrollWidth,
    textScale: document.documentElement.getAttribute('data-text-scale'),
  };
}

/** Tabs from the top of the page until the menu button has focus; false when it never does. */
async function tabToMenuButton(page) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const there = await page.evaluate(() => document.activeElement?.matches('.site-nav summary'));
    if (there) return true;
  }
  return false;
}

async function keyboardOpensMenu(context, label) {
  const { page, collectErrors } = await newCheckedPage(context);
  await gotoChecked(page, url(paths[0]));
  const before = await page.evaluate(measure);
  const reached = await tabToMenuButton(page);
  await page.keyboard.press('Enter');
  const opened = await page.evaluate(measure);
  await page.keyboard.press('Enter');
  const closed = await page.evaluate(measure);
  const errors = await collectErrors();
  report(`390 px ${label}: Tab and Enter open and fold the menu: ${paths[0]}`,
    before.linksShown === 0 && reached && opened.linksShown === opened.links && closed.linksShown === 0
      && errors.length === 0,
    { before, reached, opened, closed, errors });
  await page.close();
}

/** Measures every path in `context` and reports whether `good(measurement)` holds. */
async function measureEach(context, label, good) {
  for (const p of paths) {
    const { page, collectErrors } = await newCheckedPage(context);
    await gotoChecked(page, url(p));
    const m = await page.evaluate(measure);
    const errors = await collectErrors();
    report(`${label}: ${p}`, good(m) && errors.length === 0, { ...m, errors });
    await page.close();
  }
}

const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
try {
  await measureEach(phone.context, '390 px: title in the first third, menu folded',
    (m) => m.titleTop <= 280 && m.toggleShown && m.linksShown === 0 && m.scrollWidth <= 390);
  await keyboardOpensMenu(phone.context, 'with JavaScript');
} finally {
  await phone.close();
}

const noScript = await launchBrowser({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
try {
  await keyboardOpensMenu(noScript.context, 'without JavaScript');
} finally {
  await noScript.close();
}

const large = await launchBrowser({ viewport: { width: 390, height: 844 } });
try {
  const { page } = await newCheckedPage(large.context);
  await gotoChecked(page, url(paths[0]));
  const larger = '[data-a11y-tools] button[data-a11y="larger"]';
  for (let i = 0; i < 8 && (await page.getAttribute(larger, 'aria-disabled')) !== 'true'; i++) {
    await page.click(larger);
  }
  await page.close();
  await measureEach(large.context, '390 px, text 200 %: nothing wider than the screen',
    (m) => m.textScale === '2' && m.scrollWidth <= 390);
} finally {
  await large.close();
}

const desk = await launchBrowser({ viewport: { width: 1366, height: 900 } });
try {
  await measureEach(desk.context, '1366 px: the whole menu shown, no menu button',
    (m) => !m.toggleShown && m.linksShown === m.links && m.links > 1);
} finally {
  await desk.close();
}
process.exit(failed ? 1 : 0);
