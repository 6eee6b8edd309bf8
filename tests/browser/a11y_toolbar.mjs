#!/usr/bin/env node
// Usage: node tests/browser/a11y_toolbar.mjs BASE_URL ARTICLE_PATH NEXT_PATH [PATH...]
//
// Checks the theme's reading aids (static/js/a11y.js) in headless Chromium, with the keyboard
// only where a person would use it:
//   1. on ARTICLE_PATH at 1280 px, Tab to "larger text" and press Enter until 200 %, Tab to
//      "high contrast" and press Enter; the focused buttons show a visible outline;
//   2. Tab to the menu link whose URL is NEXT_PATH and press Enter; on that page both settings
//      are still on (localStorage) and the buttons say so;
//   3. with 200 % text and high contrast, ARTICLE_PATH, NEXT_PATH and every PATH have no
//      horizontal scrolling at 1280 px and no axe violations (WCAG 2.0/2.1 A and AA);
//   4. in a fresh profile at 320 px and 100 %, those pages have no horizontal scrolling;
//   5. read aloud: with this browser's own engine the button is shown on ARTICLE_PATH exactly
//      when speechSynthesis has a voice (headless Chromium on Linux has none: hidden); with a
//      stand-in engine, Tab + Enter starts reading with the zh-CN voice (aria-pressed=true),
//      Enter stops it, and reaching the end turns it off; it never shows on NEXT_PATH when that
//      page has nothing to read;
//   6. with JavaScript off, the toolbar stays hidden and the article is readable.
// Every step prints one JSON line {"check", "ok", ...}; console errors fail the step.
// Exit status: 0 when every check passed, 1 otherwise, 2 on a usage error.

import {
  launchBrowser,
  newCheckedPage,
  gotoChecked,
  injectAxe,
  runAxe,
} from './lib.mjs';

const [base, articlePath, nextPath, ...morePaths] = process.argv.slice(2);
if (!base || !articlePath || !nextPath) {
  console.error('usage: node a11y_toolbar.mjs BASE_URL ARTICLE_PATH NEXT_PATH [PATH...]');
  process.exit(2);
}
const url = (p) => new URL(p, base).href;
const allPaths = [articlePath, nextPath, ...morePaths];

let failed = false;
function report(check, ok, details = {}) {
  if (!ok) failed = true;
  console.log(JSON.stringify({ check, ok, ...details }));
}

/** Presses Tab until the focused element matches `selector`; returns how many presses. */
async function tabTo(page, selector, max = 120) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The state the page shows: root font size, scheme, and what the buttons say. */
function readState(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const bar = q('[data-a11y-tools]');
    return {
      rootFontPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
      contrast: document.documentElement.getAttribute('data-contrast'),
      barVisible: !!bar && !bar.hidden && bar.getClientRects().length > 0,
      sizeText: q('[data-a11y-size]')?.textContent ?? null,
      contrastPressed: q('[data-a11y="contrast"]')?.getAttribute('aria-pressed') ?? null,
      largerDisabled: q('[data-a11y="larger"]')?.getAttribute('aria-disabled') ?? null,
    };
  });
}

function focusOutline(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), color: cs.outlineColor };
  });
}

function horizontalOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth };
  });
}

async function axeViolations(page) {
  await injectAxe(page);
  const results = await runAxe(page);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => (n.target.length === 1 ? n.target[0] : n.target)).slice(0, 5),
  }));
}

// The browser's default font size: 200 % of it is what "2×" means.
let defaultPx = 16;

// 1–3: keyboard, persistence, overflow and axe at 200 % with high contrast.
{
  const { context, close } = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  try {
    const { page, collectErrors } = await newCheckedPage(context);
    await gotoChecked(page, url(articlePath));
    const before = await readState(page);
    defaultPx = before.rootFontPx;
    report('toolbar shown by the script', before.barVisible && before.sizeText === '100%', before);

    const larger = '[data-a11y-tools] button[data-a11y="larger"]';
    await tabTo(page, larger);
    const outline = await focusOutline(page);
    report('focused button has a visible outline', outline.style !== 'none' && outline.width >= 2, outline);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    // One more press at the top must not go past 200 %.
    await page.keyboard.press('Enter');
    await tabTo(page, '[data-a11y-tools] button[data-a11y="contrast"]');
    await page.keyboard.press('Enter');
    const after = await readState(page);
    report(
      'Enter on the buttons: text 200 %, high contrast on',
      after.rootFontPx === defaultPx * 2 &&
        after.contrast === 'high' &&
        after.sizeText === '200%' &&
        after.contrastPressed === 'true' &&
        after.largerDisabled === 'true',
      { defaultPx, ...after },
    );
    const hcOutline = await focusOutline(page);
    report('focus outline visible in high contrast', hcOutline.style !== 'none' && hcOutline.width >= 2, hcOutline);

    const link = `.site-nav a[href="${new URL(url(nextPath)).pathname}"]`;
    await tabTo(page, link);
    await Promise.all([page.waitForURL(url(nextPath)), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    const remembered = await readState(page);
    report(
      'settings remembered on the next page',
      remembered.rootFontPx === defaultPx * 2 &&
        remembered.contrast === 'high' &&
        remembered.sizeText === '200%' &&
        remembered.contrastPressed === 'true',
      { url: page.url(), ...remembered },
    );
    const speakOnNext = await page.evaluate(() => {
      const b = document.querySelector('[data-a11y="speak"]');
      return { hasReadable: !!document.querySelector('[data-read-aloud]'), shown: !!b && !b.hidden };
    });
    report('no read-aloud button where there is nothing to read', speakOnNext.hasReadable || !speakOnNext.shown, speakOnNext);
    const errors = await collectErrors();
    report('no console errors while using the keyboard', errors.length === 0, { errors });
    await page.close();

    for (const p of allPaths) {
      const checked = await newCheckedPage(context);
      await gotoChecked(checked.page, url(p));
      const state = await readState(checked.page);
      const overflow = await horizontalOverflow(checked.page);
      report(
        `200 % at 1280 px, no horizontal scrolling: ${p}`,
        state.rootFontPx === defaultPx * 2 && overflow.scrollWidth <= overflow.clientWidth,
        overflow,
      );
      const violations = await axeViolations(checked.page);
      const pageErrors = await checked.collectErrors();
      report(`axe with high contrast and 200 %: ${p}`, violations.length === 0 && pageErrors.length === 0, {
        contrast: state.contrast,
        violations,
        consoleErrors: pageErrors,
      });
      await checked.page.close();
    }
  } finally {
    await close();
  }
}

// 4–5: a fresh profile (100 %, normal colours) on a 320 px wide phone; read aloud.
{
  const { context, close } = await launchBrowser({ viewport: { width: 320, height: 640 } });
  try {
    for (const p of allPaths) {
      const { page, collectErrors } = await newCheckedPage(context);
      await gotoChecked(page, url(p));
      const state = await readState(page);
      const overflow = await horizontalOverflow(page);
      const errors = await collectErrors();
      report(
        `320 px at 100 %, no horizontal scrolling: ${p}`,
        state.rootFontPx === defaultPx && overflow.scrollWidth <= overflow.clientWidth && errors.length === 0,
        { ...overflow, errors },
      );
      await page.close();
    }

    // The real engine of this browser: the button shows only when it has a voice to read with.
    {
      const { page, collectErrors } = await newCheckedPage(context);
      await gotoChecked(page, url(articlePath));
      await page.waitForTimeout(300); // Chromium announces its voices a moment after load
      const real = await page.evaluate(() => {
        const b = document.querySelector('[data-a11y="speak"]');
        const synth = window.speechSynthesis;
        return {
          speechSynthesis: !!synth,
          voices: synth ? synth.getVoices().length : 0,
          shown: !!b && !b.hidden && b.getClientRects().length > 0,
        };
      });
      const errors = await collectErrors();
      report(
        real.speechSynthesis && real.voices > 0
          ? 'read aloud (real engine): voices available, the button is shown'
          : 'read aloud (real engine): no speechSynthesis or no voice, the button is hidden',
        real.shown === (real.speechSynthesis && real.voices > 0) && errors.length === 0,
        { ...real, errors },
      );
      await page.close();
    }
  } finally {
    await close();
  }
}

// 5b: read aloud with a stand-in engine that has an English and a Chinese voice and speaks until
// told to stop, so the button's behaviour is checked whatever this browser's engine can do.
{
  const { context, close } = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(() => {
      const voices = [
        { name: 'English', lang: 'en-US', default: true, localService: true, voiceURI: 'en' },
        { name: 'Putonghua', lang: 'zh-CN', default: false, localService: true, voiceURI: 'zh' },
      ];
      const log = { spoken: [], cancelled: 0 };
      const synth = {
        speaking: false,
        pending: false,
        paused: false,
        current: null,
        getVoices: () => voices,
        addEventListener() {},
        speak(u) {
          log.spoken.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null });
          this.current = u;
          this.speaking = true;
        },
        cancel() {
          const u = this.current;
          this.current = null;
          this.speaking = false;
          log.cancelled++;
          if (u && u.onerror) u.onerror({ error: 'interrupted' });
        },
        // Test hook: the engine finished the current piece.
        finishOne() {
          const u = this.current;
          this.current = null;
          this.speaking = false;
          if (u && u.onend) u.onend({});
        },
      };
      class Utterance {
        constructor(text) {
          this.text = text;
          this.lang = '';
          this.voice = null;
        }
      }
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
      Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
      window.__speech = log;
    });
    const { page, collectErrors } = await newCheckedPage(context);
    await gotoChecked(page, url(articlePath));
    const speak = '[data-a11y-tools] button[data-a11y="speak"]';
    const pressed = () => page.evaluate((s) => document.querySelector(s).getAttribute('aria-pressed'), speak);
    await tabTo(page, speak);
    const initial = await pressed();
    await page.keyboard.press('Enter');
    const started = await pressed();
    const first = await page.evaluate(() => ({ ...window.__speech.spoken[0], title: document.querySelector('main h1').textContent.trim() }));
    await page.keyboard.press('Enter');
    const stopped = await pressed();
    const cancelled = await page.evaluate(() => window.__speech.cancelled);
    // Start again and let the engine read every piece to the end: the button turns itself off.
    await page.keyboard.press('Enter');
    const pieces = await page.evaluate(() => {
      let n = 0;
      while (window.speechSynthesis.current && n < 500) {
        window.speechSynthesis.finishOne();
        n++;
      }
      return n;
    });
    const afterEnd = await pressed();
    const errors = await collectErrors();
    report(
      'read aloud (stand-in engine): Enter starts with the zh-CN voice, Enter stops, the end resets aria-pressed',
      initial === 'false' &&
        started === 'true' &&
        first.lang === 'zh-CN' &&
        first.voice === 'Putonghua' &&
        first.text.startsWith(first.title) &&
        stopped === 'false' &&
        cancelled >= 1 &&
        pieces >= 1 &&
        afterEnd === 'false' &&
        errors.length === 0,
      { initial, started, firstPiece: first, stopped, cancelled, pieces, afterEnd, errors },
    );
    await page.close();
  } finally {
    await close();
  }
}

// 6: without JavaScript the page is complete and the dead buttons are not shown.
{
  const { context, close } = await launchBrowser({ javaScriptEnabled: false });
  try {
    const { page } = await newCheckedPage(context);
    await gotoChecked(page, url(articlePath));
    const state = await page.evaluate(() => ({
      barVisible: document.querySelector('[data-a11y-tools]')?.getClientRects().length > 0,
      headingVisible: document.querySelector('main h1')?.getClientRects().length > 0,
      textLength: document.querySelector('main')?.innerText.length ?? 0,
    }));
    report('without JavaScript: no toolbar, article readable', !state.barVisible && state.headingVisible && state.textLength > 200, state);
  } finally {
    await close();
  }
}

process.exit(failed ? 1 : 0);
