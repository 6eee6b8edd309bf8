#!/usr/bin/env node
// Usage: node tests/browser/figures_audit.mjs OUTDIR URL [URL...]
//
// Opens each URL in headless Chromium at 390 and 1366 CSS px, in the normal and the
// high-contrast scheme (html[data-contrast="high"], as the 适老化 toolbar sets it), and reports
// per view: chart labels that overlap or leave their chart (boxes from the browser's own
// fonts), whether the page itself scrolls sideways (it must not: wide tables scroll inside
// their own region), which table regions scroll, axe-core violations, and a screenshot in OUTDIR.
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

let failed = false;
const { context, close } = await launchBrowser();
try {
  for (const [u, url] of urls.entries()) {
    for (const width of [390, 1366]) {
      for (const contrast of [false, true]) {
        const { page, collectErrors } = await newCheckedPage(context);
        await page.setViewportSize({ width, height: 900 });
        await gotoChecked(page, url);
        if (contrast) await page.evaluate(() => document.documentElement.setAttribute('data-contrast', 'high'));
        await page.evaluate(() => document.fonts && document.fonts.ready);
        const labels = await page.evaluate(measureChartLabels);
        const laid = await page.evaluate(layout);
        const result = { charts: labels.charts, ...laid, problems: [...labels.problems, ...laid.problems] };
        await injectAxe(page);
        const axe = await runAxe(page);
        const violations = axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
        const shot = path.join(outDir, `page${u}-${width}${contrast ? '-hc' : ''}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        const consoleErrors = await collectErrors();
        const ok = result.problems.length === 0 && violations.length === 0 && consoleErrors.length === 0;
        if (!ok) failed = true;
        console.log(JSON.stringify({ url, width, contrast, ...result, violations, consoleErrors, shot, ok }));
        await page.close();
      }
    }
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
