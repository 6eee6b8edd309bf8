#!/usr/bin/env node
// Usage: node tests/browser/search.mjs EXPECT.json [--url SITE_URL] [--dir SITE_DIR]
//
// Checks the site search (/search/) of a built site in headless Chromium:
//   --url  the site's root (or its search page) served over HTTP, e.g. http://127.0.0.1:8000/zcdt/
//   --dir  the built site's folder, opened from disk (file://, as a --relative build is used)
// At least one of them is needed; both are checked when given.
//
// EXPECT.json: {"checks": [{"name", "q", "section"?, "year"?, "kind"?, "expect": [site paths],
//   "ordered"?: true}]}. "expect" is the complete result set (site paths without the base path,
//   e.g. "/notices/关于培训的通知/"); with "ordered" the order must match too.
//
// For each mode and check it opens search/?q=…, shows every result ("more" until done) and
// compares; it also drives the page with the keyboard alone (Tab to the field, type, Enter, Tab
// to a result, Enter opens it), checks the field's label, the aria-live status, <mark>
// highlights, the URL keeping the query (HTTP), and that no console error occurred.
// Prints one JSON line per check and a summary line; exits 1 on any failure, 2 on usage errors.

import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { launchBrowser, newCheckedPage, gotoChecked, parseArgs } from './lib.mjs';

const USAGE = 'usage: node search.mjs EXPECT.json [--url SITE_URL] [--dir SITE_DIR]';

function usage(message) {
  console.error(message ? `${message}\n${USAGE}` : USAGE);
  process.exit(2);
}

let args;
try {
  args = parseArgs(process.argv.slice(2), ['url', 'dir']);
} catch (e) {
  usage(e.message);
}
const [expectFile] = args.positional;
if (!expectFile || (!args.flags.url && !args.flags.dir)) usage();
let checks;
try {
  checks = JSON.parse(readFileSync(expectFile, 'utf8')).checks;
  if (!Array.isArray(checks) || checks.length === 0) throw new Error('no "checks" array');
} catch (e) {
  usage(`${expectFile}: ${e.message}`);
}

/** How a mode finds the search page and turns a result link back into a site path. */
function httpMode(url) {
  const search = new URL(url.endsWith('/') ? url : `${url}/`);
  if (!search.pathname.endsWith('/search/')) search.pathname += 'search/';
  const rootPath = search.pathname.slice(0, -'search/'.length);
  return {
    name: 'http',
    pageUrl: (query) => `${search.href}${query}`,
    sitePath: (href) => {
      const u = new URL(href);
      if (u.origin !== search.origin || !u.pathname.startsWith(rootPath)) return `(outside) ${href}`;
      return `/${decodeURIComponent(u.pathname.slice(rootPath.length))}`;
    },
    exists: () => true,
  };
}

function fileMode(dir) {
  const root = path.resolve(dir);
  const page = path.join(root, 'search', 'index.html');
  if (!existsSync(page)) usage(`${page} not found`);
  return {
    name: 'file',
    pageUrl: (query) => `${pathToFileURL(page).href}${query}`,
    sitePath: (href) => {
      if (!href.startsWith('file:')) return `(not a file link) ${href}`;
      const file = fileURLToPath(href.split(/[?#]/)[0]);
      const rel = path.relative(root, file).split(path.sep).join('/');
      return `/${rel.replace(/(^|\/)index\.html$/, '$1')}`;
    },
    exists: (href) => {
      try {
        return statSync(fileURLToPath(href.split(/[?#]/)[0])).isFile();
      } catch {
        return false;
      }
    },
  };
}

function queryString(check) {
  const params = new URLSearchParams();
  params.set('q', check.q);
  for (const key of ['section', 'year', 'kind']) if (check[key]) params.set(key, String(check[key]));
  return `?${params}`;
}

/** Waits until a search has settled: a status text and no busy list. */
async function settled(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById('search-status');
    const list = document.getElementById('search-results');
    return status && status.textContent.trim() !== '' && list && !list.hasAttribute('aria-busy');
  }, null, { timeout: 20_000 });
}

/** Clicks "more" until every result is shown; returns the result links' hrefs. */
async function allResults(page) {
  for (let i = 0; i < 50; i++) {
    const more = page.locator('#search-more');
    if (!(await more.isVisible())) break;
    const before = await page.locator('#search-results > li').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length > n, before);
  }
  return page.$$eval('#search-results > li h2 a', (links) => links.map((a) => a.href));
}

function compare(check, got) {
  const expected = check.expect;
  if (check.ordered) return JSON.stringify(got) === JSON.stringify(expected);
  return JSON.stringify([...got].sort()) === JSON.stringify([...expected].sort());
}

async function runCheck(context, mode, check) {
  const { page, collectErrors } = await newCheckedPage(context);
  const line = { mode: mode.name, name: check.name, q: check.q, ok: false };
  for (const key of ['section', 'year', 'kind']) if (check[key]) line[key] = check[key];
  const started = Date.now();
  try {
    await gotoChecked(page, mode.pageUrl(queryString(check)));
    await settled(page);
    const hrefs = await allResults(page);
    const got = hrefs.map(mode.sitePath);
    line.ms = Date.now() - started;
    line.status = (await page.textContent('#search-status')).trim();
    line.got = got;
    const problems = [];
    if (!compare(check, got)) problems.push('results differ');
    if (got.length > 0 && (await page.locator('#search-results mark').count()) === 0) problems.push('no <mark> highlight');
    const missing = hrefs.filter((h) => !mode.exists(h));
    if (missing.length) problems.push(`links to missing files: ${missing.join(' ')}`);
    if (check.section && (await page.inputValue('#search-section')) !== check.section) problems.push('section filter not selected');
    line.problems = problems;
    if (problems.length) line.expected = check.expect;
  } catch (e) {
    line.error = String(e && e.message ? e.message : e).split('\n')[0];
  }
  line.consoleErrors = await collectErrors();
  line.ok = !line.error && line.problems.length === 0 && line.consoleErrors.length === 0;
  await page.close();
  return line;
}

/** Keyboard only: Tab to the field, type, Enter, Tab to the first result, Enter opens it. */
async function keyboardCheck(context, mode, check) {
  const { page, collectErrors } = await newCheckedPage(context);
  const line = { mode: mode.name, name: 'keyboard and accessibility', q: check.q, ok: false, problems: [] };
  const problems = line.problems;
  try {
    await gotoChecked(page, mode.pageUrl(''));
    const a11y = await page.evaluate(() => {
      const input = document.querySelector('#search-form input[name="q"]');
      const status = document.getElementById('search-status');
      return {
        label: input && input.labels && input.labels.length > 0 ? input.labels[0].textContent.trim() : '',
        live: status ? status.getAttribute('aria-live') || (status.getAttribute('role') === 'status' ? 'polite' : '') : '',
        selectsLabelled: [...document.querySelectorAll('#search-form select')].every((s) => s.labels.length > 0),
      };
    });
    if (!a11y.label) problems.push('search field has no label');
    if (!a11y.live) problems.push('no aria-live status region');
    if (!a11y.selectsLabelled) problems.push('a filter has no label');
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement && document.activeElement.name === 'q');
    }
    if (!reached) throw new Error('Tab never reached the search field');
    await page.keyboard.type(check.q);
    await page.keyboard.press('Enter');
    await settled(page);
    if (mode.name === 'http' && !decodeURIComponent(page.url()).includes(`q=${check.q}`)) {
      problems.push(`URL does not keep the query: ${page.url()}`);
    }
    line.status = (await page.textContent('#search-status')).trim();
    let onResult = false;
    // The header holds the accessibility toolbar, the site search box and the menu before the
    // results, so allow for a long way round.
    for (let i = 0; i < 80 && !onResult; i++) {
      await page.keyboard.press('Tab');
      onResult = await page.evaluate(() => !!(document.activeElement && document.activeElement.closest('#search-results')));
    }
    if (!onResult) throw new Error('Tab never reached a result');
    const target = await page.evaluate(() => document.activeElement.href);
    await Promise.all([page.waitForURL((u) => u.href === target, { timeout: 10_000 }), page.keyboard.press('Enter')]);
    const title = await page.title();
    if (!title) problems.push('result page did not load');
    line.opened = mode.sitePath(target);
  } catch (e) {
    line.error = String(e && e.message ? e.message : e).split('\n')[0];
  }
  line.consoleErrors = await collectErrors();
  line.ok = !line.error && problems.length === 0 && line.consoleErrors.length === 0;
  await page.close();
  return line;
}

const modes = [];
if (args.flags.url) modes.push(httpMode(String(args.flags.url)));
if (args.flags.dir) modes.push(fileMode(String(args.flags.dir)));

let failures = 0;
let total = 0;
const { context, close } = await launchBrowser();
try {
  for (const mode of modes) {
    const withResults = checks.find((c) => c.expect.length > 0) || checks[0];
    const lines = [await keyboardCheck(context, mode, withResults)];
    for (const check of checks) lines.push(await runCheck(context, mode, check));
    for (const line of lines) {
      total++;
      if (!line.ok) failures++;
      console.log(JSON.stringify(line));
    }
  }
} finally {
  await close();
}
console.log(JSON.stringify({ summary: true, checks: total, failures }));
console.log(`search: ${total - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
