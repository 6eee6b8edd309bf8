#!/usr/bin/env node
// Usage: node tests/browser/live_reload.mjs PAGE_URL MARKDOWN_FILE STYLESHEET_FILE
//
// Opens PAGE_URL (served by `jianbao serve`) in headless Chromium, then edits the source files
// and checks that the page follows by itself, without any reload from this script:
//   1. a paragraph added to MARKDOWN_FILE appears;
//   2. a rule added to STYLESHEET_FILE applies without reloading the page (its JS state stays);
//   3. a broken front matter shows the error overlay at once;
//   4. the fix removes the overlay and shows the fixed text.
// The files are restored at the end. Prints one JSON line {"url","steps":[...],"consoleErrors"}.
// Exit status: 0 when every step passed with no console error, 1 otherwise, 2 on usage error.

import { readFileSync, writeFileSync } from 'node:fs';
import { launchBrowser, newCheckedPage, gotoChecked } from './lib.mjs';

const USAGE = 'usage: node live_reload.mjs PAGE_URL MARKDOWN_FILE STYLESHEET_FILE';
const STEP_TIMEOUT = 20_000;
const [url, markdown, stylesheet, ...extra] = process.argv.slice(2);
if (!url || !markdown || !stylesheet || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

const originalMarkdown = readFileSync(markdown, 'utf8');
const originalStylesheet = readFileSync(stylesheet, 'utf8');
const result = { url, steps: [], consoleErrors: [] };
let status = 0;

async function step(name, run) {
  const started = Date.now();
  try {
    await run();
    result.steps.push({ name, ok: true, ms: Date.now() - started });
  } catch (e) {
    result.steps.push({ name, ok: false, error: String(e && e.message ? e.message : e).split('\n')[0] });
    throw e;
  }
}

const bodyHas = (wanted) => document.body.innerText.includes(wanted);

const { context, close } = await launchBrowser();
try {
  const { page, collectErrors } = await newCheckedPage(context);
  await gotoChecked(page, url);
  await page.waitForSelector('script[src="/__jianbao/reload.js"]', { state: 'attached' });

  await step('an added paragraph appears', async () => {
    writeFileSync(markdown, `${originalMarkdown}\n\n实时预览新增的段落。\n`);
    await page.waitForFunction(bodyHas, '实时预览新增的段落', { timeout: STEP_TIMEOUT });
  });

  await step('a stylesheet edit applies without a reload', async () => {
    await page.evaluate(() => {
      window.jianbaoTestState = 'kept';
    });
    writeFileSync(stylesheet, `${originalStylesheet}\nbody { border-top: 7px solid rgb(1, 2, 3); }\n`);
    await page.waitForFunction(() => getComputedStyle(document.body).borderTopColor === 'rgb(1, 2, 3)', null, {
      timeout: STEP_TIMEOUT,
    });
    const kept = await page.evaluate(() => window.jianbaoTestState === 'kept');
    if (!kept) throw new Error('the page reloaded for a stylesheet change');
  });

  await step('a broken save shows the overlay', async () => {
    writeFileSync(markdown, originalMarkdown.replace(/^title:.*$/m, 'title: [没有闭合'));
    const overlay = await page.waitForSelector('#jianbao-overlay', { state: 'visible', timeout: STEP_TIMEOUT });
    const text = await overlay.innerText();
    if (!text.includes('tea.md')) throw new Error(`the overlay does not name the file: ${text}`);
  });

  await step('a fixed save clears the overlay', async () => {
    writeFileSync(markdown, `${originalMarkdown}\n\n修正后的段落。\n`);
    await page.waitForSelector('#jianbao-overlay', { state: 'detached', timeout: STEP_TIMEOUT });
    await page.waitForFunction(bodyHas, '修正后的段落', { timeout: STEP_TIMEOUT });
  });

  result.consoleErrors = await collectErrors();
  if (result.consoleErrors.length > 0) status = 1;
} catch (e) {
  result.error = String(e && e.message ? e.message : e).split('\n')[0];
  status = 1;
} finally {
  writeFileSync(markdown, originalMarkdown);
  writeFileSync(stylesheet, originalStylesheet);
  await close();
}
console.log(JSON.stringify(result));
process.exit(status);
