#!/usr/bin/env node
// Usage: node tests/browser/axe.mjs URL [URL...]
//
// For each URL: opens it in headless Chromium, injects axe-core, runs the
// WCAG 2.0/2.1 A and AA rules and prints one JSON line:
//   {"url", "violations":[{"id","impact","help","nodes":[target...]}], "consoleErrors":[...]}
// Exit status: 0 when every page is clean, 1 when any page has a violation,
// a console/page error or fails to load, 2 on a usage error.

import { launchBrowser, newCheckedPage, gotoChecked, injectAxe, runAxe } from './lib.mjs';

const urls = process.argv.slice(2);
if (urls.length === 0 || urls.some((u) => u.startsWith('-'))) {
  console.error('usage: node axe.mjs URL [URL...]');
  process.exit(2);
}

let failed = false;
const { context, close } = await launchBrowser();
try {
  for (const url of urls) {
    const { page, collectErrors } = await newCheckedPage(context);
    const line = { url, violations: [], consoleErrors: [] };
    try {
      await gotoChecked(page, url);
      await injectAxe(page);
      const results = await runAxe(page);
      line.violations = results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => (n.target.length === 1 ? n.target[0] : n.target)),
      }));
    } catch (e) {
      line.error = String(e && e.message ? e.message : e).split('\n')[0];
    }
    line.consoleErrors = await collectErrors();
    await page.close();
    if (line.error || line.violations.length > 0 || line.consoleErrors.length > 0) failed = true;
    console.log(JSON.stringify(line));
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
