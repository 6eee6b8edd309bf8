#!/usr/bin/env node
// Usage: node tests/browser/gallery.mjs BASE_URL PATH
//
// A page's gallery of activity photos (活动照片), in headless Chromium:
//   1. by keyboard: Tab from the top of the page reaches every gallery photo in order, each a
//      link whose image has its description (alt) and, where written, its caption; Enter on the
//      first opens its large image (an image answer, HTTP 200);
//   2. with JavaScript off: the gallery is there and every photo loads once scrolled to;
//   3. axe (WCAG 2.0/2.1 A and AA) finds nothing on the page.
// Every step prints one JSON line {"check", "ok", ...}; console errors fail the step.
// Exit status: 0 when every check passed, 1 otherwise, 2 on a usage error.

import { launchBrowser, newCheckedPage, gotoChecked, injectAxe, runAxe } from './lib.mjs';

const [base, path] = process.argv.slice(2);
if (!base || !path) {
  console.error('usage: node gallery.mjs BASE_URL PATH');
  process.exit(2);
}
const url = new URL(path, base).href;

let failed = false;
function report(check, ok, details = {}) {
  if (!ok) failed = true;
  console.log(JSON.stringify({ check, ok, ...details }));
}

/** The photos of the gallery as the page shows them. */
function galleryPhotos() {
  return [...document.querySelectorAll('.gallery li')].map((li) => ({
    href: li.querySelector('a')?.href ?? null,
    alt: li.querySelector('img')?.getAttribute('alt') ?? null,
    caption: li.querySelector('figcaption')?.textContent ?? null,
  }));
}

/** Tabs through the page; returns what had focus inside the gallery, in order. */
async function tabThroughGallery(page) {
  const reached = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || !el.closest('.gallery')) return null;
      return { href: el.href ?? null, alt: el.querySelector('img')?.getAttribute('alt') ?? null };
    });
    if (focused) reached.push(focused);
    else if (reached.length > 0) break;
  }
  return reached;
}

const { context, close } = await launchBrowser();
try {
  {
    const { page, collectErrors } = await newCheckedPage(context);
    await gotoChecked(page, url);
    const photos = await page.evaluate(galleryPhotos);
    const reached = await tabThroughGallery(page);
    const inOrder =
      photos.length > 0 &&
      reached.length === photos.length &&
      reached.every((r, i) => r.href === photos[i].href && r.alt === photos[i].alt);
    const described = photos.every((p) => p.alt && p.alt.trim().length > 0);
    report('Tab reaches every gallery photo in order, each with its description', inOrder && described, {
      photos,
      reached,
    });
    // Back to the first photo, then Enter.
    await page.evaluate(() => document.querySelector('.gallery a').focus());
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.keyboard.press('Enter'),
    ]);
    const type = response ? response.headers()['content-type'] ?? '' : '';
    report('Enter on a photo opens its large image', !!response && response.status() === 200 && type.startsWith('image/'), {
      url: page.url(),
      status: response && response.status(),
      type,
    });
    const errors = await collectErrors();
    report('no console errors (keyboard)', errors.length === 0, { errors });
    await page.close();
  }
  {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await noScript.context.newPage();
      await gotoChecked(page, url);
      const loaded = [];
      for (const img of await page.locator('.gallery img').all()) {
        await img.scrollIntoViewIfNeeded();
        await page.waitForTimeout(0);
        for (let i = 0; i < 50 && !(await img.evaluate((el) => el.complete && el.naturalWidth > 0)); i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        loaded.push(await img.evaluate((el) => ({ alt: el.alt, width: el.naturalWidth, src: el.currentSrc })));
      }
      report(
        'without JavaScript: every gallery photo loads with its description',
        loaded.length > 0 && loaded.every((l) => l.width > 0 && l.alt),
        { loaded },
      );
    } finally {
      await noScript.close();
    }
  }
  {
    const { page, collectErrors } = await newCheckedPage(context);
    await gotoChecked(page, url);
    await injectAxe(page);
    const results = await runAxe(page);
    const violations = results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) }));
    report('axe finds nothing on the gallery page', violations.length === 0, { violations });
    const errors = await collectErrors();
    report('no console errors (axe)', errors.length === 0, { errors });
    await page.close();
  }
} catch (e) {
  report('the script ran', false, { error: String(e && e.stack ? e.stack : e) });
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
