#!/usr/bin/env node
// Usage: node tests/browser/screenshot.mjs URL OUT.png [--width 1280] [--height 900] [--full] [--print]
//
// Takes a PNG screenshot of URL in headless Chromium. --full captures the
// whole page, --print emulates print media. Prints one JSON line
// {"url","out","width","height","full","print","consoleErrors":[...]}.
// Exit status: 0 on success (console errors are reported, not fatal),
// 1 when the page cannot be loaded or answers HTTP >= 400, 2 on usage error.

import { launchBrowser, newCheckedPage, gotoChecked, parseArgs } from './lib.mjs';

const USAGE = 'usage: node screenshot.mjs URL OUT.png [--width 1280] [--height 900] [--full] [--print]';
let args;
try {
  args = parseArgs(process.argv.slice(2), ['width', 'height']);
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
const known = new Set(['width', 'height', 'full', 'print']);
const unknown = Object.keys(args.flags).filter((f) => !known.has(f));
const width = Number(args.flags.width ?? 1280);
const height = Number(args.flags.height ?? 900);
if (args.positional.length !== 2 || unknown.length > 0 || !(width > 0) || !(height > 0)) {
  console.error(USAGE);
  process.exit(2);
}
const [url, out] = args.positional;
const full = args.flags.full === true;
const print = args.flags.print === true;

let status = 0;
const { context, close } = await launchBrowser({ viewport: { width, height } });
try {
  const { page, collectErrors } = await newCheckedPage(context);
  if (print) await page.emulateMedia({ media: 'print' });
  const line = { url, out, width, height, full, print, consoleErrors: [] };
  try {
    await gotoChecked(page, url);
    await page.evaluate(() => document.fonts && document.fonts.ready);
    await page.screenshot({ path: out, fullPage: full });
  } catch (e) {
    line.error = String(e && e.message ? e.message : e).split('\n')[0];
    status = 1;
  }
  line.consoleErrors = await collectErrors();
  console.log(JSON.stringify(line));
} finally {
  await close();
}
process.exit(status);
