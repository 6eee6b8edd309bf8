#!/usr/bin/env node
// Usage: node tests/browser/crawl_file.mjs DIR [--max 400]
//
// Opens file://DIR/index.html in headless Chromium, as an office worker would open a site copied
// to a shared folder or a USB stick, and follows every <a href> that stays inside DIR, breadth
// first, up to --max pages. For each page it checks that:
//   - the link lands on a file that exists inside DIR (a link to a folder would show a folder
//     listing; a root-relative link like /css/x.css escapes to the root of the disk);
//   - nothing was logged as a console error, no script failed, no request (stylesheet, image,
//     script) failed;
//   - every <link rel=stylesheet> loaded, document.styleSheets is not empty, and the body's
//     computed font family is not the browser's default (the site's CSS really applies).
// Links to other files inside DIR (PDF, images) are checked for existence without opening them.
// Links with another scheme (https:, mailto:, tel:) are not followed.
//
// Prints one JSON line {"start","ok","pages","files","truncated","failures":[{url,from,problem}]}.
// Exit status: 0 when every check passed, 1 otherwise, 2 on usage error.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser, newCheckedPage, gotoChecked, parseArgs } from './lib.mjs';

const USAGE = 'usage: node crawl_file.mjs DIR [--max 400]';
let args;
try {
  args = parseArgs(process.argv.slice(2), ['max']);
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
const max = Number(args.flags.max ?? 400);
const unknown = Object.keys(args.flags).filter((f) => f !== 'max');
if (args.positional.length !== 1 || unknown.length > 0 || !(max > 0)) {
  console.error(USAGE);
  process.exit(2);
}
const root = path.resolve(args.positional[0]);
const startFile = path.join(root, 'index.html');
if (!existsSync(startFile)) {
  console.error(`${startFile} does not exist`);
  process.exit(2);
}
const start = pathToFileURL(startFile).href;

const failures = [];
const fail = (url, from, problem) => failures.push({ url, from, problem });

/** The URL without its query and fragment: what names the file. */
function fileKey(url) {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  return u.href;
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Classifies a resolved link: 'external' (another scheme), 'page' (an HTML file to open),
 * 'file' (another file to check for existence), or 'bad' after recording why.
 */
function classify(url, from) {
  const u = new URL(url);
  if (u.protocol !== 'file:') return 'external';
  const key = fileKey(url);
  const file = fileURLToPath(key);
  if (file !== root && !file.startsWith(root + path.sep)) {
    fail(url, from, `escapes the output folder (${file})`);
    return 'bad';
  }
  if (key.endsWith('/')) {
    fail(url, from, 'links to a folder: from disk this shows a folder listing, not index.html');
    return 'bad';
  }
  if (!isFile(file)) {
    fail(url, from, `no such file: ${file}`);
    return 'bad';
  }
  return /\.html?$/i.test(file) ? 'page' : 'file';
}

/** The body font family of an unstyled page, to tell whether the site's CSS applied. */
async function defaultFontFamily(context) {
  const page = await context.newPage();
  try {
    await page.setContent('<!DOCTYPE html><html><body><p>默认</p></body></html>');
    return await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  } finally {
    await page.close();
  }
}

/** Opens one page, checks it, and returns the resolved URLs of its <a href>s. */
async function visit(context, url, from, defaultFont) {
  const { page, collectErrors } = await newCheckedPage(context);
  const failedRequests = [];
  const loadedStyles = new Set();
  page.on('requestfailed', (request) => {
    failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? 'failed'})`);
  });
  // A stylesheet that failed to load still gets an (empty) link.sheet: watch the requests.
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'stylesheet') loadedStyles.add(request.url());
  });
  try {
    await gotoChecked(page, url);
    const landed = fileURLToPath(fileKey(page.url()));
    if (!isFile(landed)) fail(url, from, `landed on ${page.url()}, which is not a file`);
    for (const error of await collectErrors()) fail(url, from, error);
    for (const request of failedRequests) fail(url, from, `request failed: ${request}`);
    const styles = await page.evaluate(() => ({
      sheets: document.styleSheets.length,
      links: [...document.querySelectorAll('link[rel~="stylesheet" i]')].map((link) => link.href),
      font: getComputedStyle(document.body).fontFamily,
    }));
    if (styles.sheets === 0) fail(url, from, 'no stylesheet applies (document.styleSheets is empty)');
    for (const href of styles.links) {
      if (!loadedStyles.has(href)) fail(url, from, `stylesheet did not load: ${href}`);
    }
    if (styles.font === defaultFont) {
      fail(url, from, `body font is the browser default (${styles.font}): the site's CSS did not apply`);
    }
    return await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  } catch (e) {
    fail(url, from, String(e && e.message ? e.message : e).split('\n')[0]);
    return [];
  } finally {
    await page.close();
  }
}

let pages = 0;
const files = new Set();
let truncated = false;
const { context, close } = await launchBrowser();
try {
  const defaultFont = await defaultFontFamily(context);
  const seen = new Set([fileKey(start)]);
  const queue = [{ url: start, from: '(start)' }];
  while (queue.length > 0) {
    const { url, from } = queue.shift();
    if (pages >= max) {
      truncated = true;
      break;
    }
    pages += 1;
    for (const link of await visit(context, url, from, defaultFont)) {
      const key = new URL(link).protocol === 'file:' ? fileKey(link) : link;
      if (seen.has(key)) continue;
      seen.add(key);
      const kind = classify(link, url);
      if (kind === 'page') queue.push({ url: link, from: url });
      else if (kind === 'file') files.add(key);
    }
  }
} finally {
  await close();
}
const ok = failures.length === 0;
console.log(JSON.stringify({ start, ok, pages, files: files.size, truncated, failures }));
process.exit(ok ? 0 : 1);
