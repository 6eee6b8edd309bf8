#!/usr/bin/env node
// Usage: node tests/browser/figures_audit.mjs OUTDIR URL [URL...]
//
// Opens each URL in headless Chromium at 390 and 1366 CSS px, in three views: normal, the
// high-contrast scheme (html[data-contrast="high"], as the 适老化 toolbar sets it) and text at
// 200 % (the toolbar's "larger" button pressed until it stops). Reports per view: chart labels
// that overlap, leave their chart or are drawn smaller than 3/4 of the text (boxes from the
// browser's own fonts), whether the page itself scrolls sideways (it must not: wide tables and
// enlarged charts scroll inside their own region), which table regions scroll, axe-core
// violations, and a screenshot in OUTDIR.
// Prints one JSON line per view; exit status 1 when any view has a problem.

import path from 'node:path';
import { launchBrowser, newCheckedPage, gotoChecked, injectAxe, runAxe, measureChartLabels } from './lib.mjs';

const [outDir, ...urls] = process.argv.slice(2);
if (!outDir || urls.length === 0) {
  console.error('usage: node figures_audit.mjs OUTDIR URL [URL...]');
  process.exit(2);
}

function layout() {
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${window.innerWidth}`);
  }
  const regions = [...document.querySelectorAll('.figure-table')];
  const scrolling = regions.filter((r) => r.scrollWidth > r.clientWidth + 1);
  for (const r of scrolling) {
    if (getComputedStyle(r).overflowX === 'visible') problems.push('a wide table does not scroll');
  }
  return { tables: regions.length, scrollingTables: scrolling.length, problems };
}

/** Presses the reading aids' "larger text" button until it is disabled, and checks it got to 200 %. */
async function enlargeText(page) {
  const larger = '[data-a11y-tools] button[data-a11y="larger"]';
  for (let i = 0; i < 8; i++) {
    if ((await page.getAttribute(larger, 'aria-disabled')) === 'true') break;
    await page.click(larger);
  }
  const scale = await page.evaluate(() => document.documentElement.getAttribute('data-text-scale'));
  if (scale !== '2') throw new Error(`the toolbar's larger-text button reached ${scale}, not 2`);
}

let failed = false;
const { context, close } = await launchBrowser();
try {
  for (const [u, url] of urls.entries()) {
    for (const width of [390, 1366]) {
      for (const view of ['normal', 'contrast', 'text200']) {
        const contrast = view === 'contrast';
        const { page, collectErrors } = await newCheckedPage(context);
        await page.setViewportSize({ width, height: 900 });
        await gotoChecked(page, url);
        if (contrast) await page.evaluate(() => document.documentElement.setAttribute('data-contrast', 'high'));
        if (view === 'text200') await enlargeText(page);
        await page.evaluate(() => document.fonts && document.fonts.ready);
        const labels = await page.evaluate(measureChartLabels);
        const laid = await page.evaluate(layout);
        const result = {
          charts: labels.charts,
          rootPx: labels.rootPx,
          smallestLabelPx: labels.smallestLabelPx,
          ...laid,
          problems: [...labels.problems, ...laid.problems],
        };
        await injectAxe(page);
        const axe = await runAxe(page);
        const violations = axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
        const shot = path.join(outDir, `page${u}-${width}-${view}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        const consoleErrors = await collectErrors();
        const ok = result.problems.length === 0 && violations.length === 0 && consoleErrors.length === 0;
        if (!ok) failed = true;
        console.log(JSON.stringify({ url, width, view, ...result, violations, consoleErrors, shot, ok }));
        // The toolbar remembers its text size for the site: forget it before the next view.
        await page.evaluate(() => window.localStorage.clear());
        await page.close();
      }
    }
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
