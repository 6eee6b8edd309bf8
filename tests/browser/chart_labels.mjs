#!/usr/bin/env node
// Usage: node tests/browser/chart_labels.mjs URL WIDTH [WIDTH...]
//
// Opens URL in headless Chromium at each viewport WIDTH (CSS px) and measures, with the browser's
// own fonts, the box of every <text> in every chart (svg.chart): no two may overlap and none may
// leave its chart.
// Prints one JSON line per width: {"width","charts","texts","ok","problems":[...]}.
// Exit status: 0 when every width is clean, 1 otherwise, 2 on a usage error.

import { launchBrowser, newCheckedPage, gotoChecked, measureChartLabels } from './lib.mjs';

const [url, ...widths] = process.argv.slice(2);
if (!url || widths.length === 0 || widths.some((w) => !(Number(w) > 0))) {
  console.error('usage: node chart_labels.mjs URL WIDTH [WIDTH...]');
  process.exit(2);
}

let failed = false;
const { context, close } = await launchBrowser();
try {
  for (const width of widths.map(Number)) {
    const { page, collectErrors } = await newCheckedPage(context);
    await page.setViewportSize({ width, height: 900 });
    await gotoChecked(page, url);
    const result = await page.evaluate(measureChartLabels);
    const consoleErrors = await collectErrors();
    const ok = result.charts > 0 && result.problems.length === 0 && consoleErrors.length === 0;
    if (!ok) failed = true;
    console.log(JSON.stringify({ width, ...result, consoleErrors, ok }));
    await page.close();
  }
} finally {
  await close();
}
process.exit(failed ? 1 : 0);
