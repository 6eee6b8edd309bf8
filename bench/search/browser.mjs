#!/usr/bin/env node
// Drives jianbao's search page and Pagefind's JavaScript API in headless Chromium; used by
// bench/search/run.sh.
//
//   node bench/search/browser.mjs bytes   --url http://127.0.0.1:PORT/ --queries FILE [--pagefind DIR]
//                                         [--tools jianbao,pagefind] [--shown 10]
//   node bench/search/browser.mjs results --url http://127.0.0.1:PORT/ --queries FILE
//                                         [--pagefind DIR] [--fragments PATH]
//
// The built site is served at --url with jianbao's index under search/ and Pagefind's bundle
// under DIR (default pagefind/, a path below the site root). FILE holds one query per line
// as "label<TAB>query" ('#' lines are comments).
//
// bytes: for each query and tool, a fresh browser profile (empty cache), then
//   jianbao:  open search/?q=QUERY and wait until the results and their excerpts are shown;
//   Pagefind: open the home page, then import DIR/pagefind.js, search(QUERY) and load data()
//             of the first 10 results (what a result list of ten needs: URL, title, excerpt).
//   Every response after the page itself is recorded; a JSON line per query and tool lists
//   them with their sizes (body bytes as served, and gzip -6 of the body for a server that
//   compresses; files already compressed, like Pagefind's, count as served when gzip would
//   not make them smaller).
// results: one page per tool; for each query every result in rank order, as site paths.
//   jianbao: the page's own engine (window.jianbaoSearch.page.engine), paths from its
//   metadata files. Pagefind: search(QUERY); result ids are mapped to URLs from the fragment
//   files on disk (PATH = DIR on disk) when given, otherwise by loading data() of each result.
//   One JSON line per query: {label, q, jianbao: [paths], pagefind: [paths]}.
//
// Chromium is Debian's (/usr/bin/chromium) launched through tests/browser/lib.mjs.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { launchBrowser, parseArgs } from '../../tests/browser/lib.mjs';

const USAGE =
  'usage: node browser.mjs bytes|results --url URL --queries FILE [--pagefind DIR] [--fragments PATH]';

let args;
try {
  args = parseArgs(process.argv.slice(2), ['url', 'queries', 'pagefind', 'fragments', 'shown', 'tools']);
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
const [mode] = args.positional;
if (!['bytes', 'results'].includes(mode) || !args.flags.url || !args.flags.queries) {
  console.error(USAGE);
  process.exit(2);
}
const root = new URL(args.flags.url.endsWith('/') ? args.flags.url : `${args.flags.url}/`);
const pagefindDir = (args.flags.pagefind || 'pagefind').replace(/^\/+|\/+$/g, '');
const pagefindModule = new URL(`${pagefindDir}/pagefind.js`, root).pathname;
const SHOWN = Number(args.flags.shown || 10);

const queries = readFileSync(args.flags.queries, 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => {
    const [label, q] = line.split('\t');
    if (!q) throw new Error(`${args.flags.queries}: expected "label<TAB>query": ${line}`);
    return { label, q };
  });

/** Records every response of a page: {url, status, bytes, gzip}. */
function recorder(page) {
  const seen = [];
  const pending = [];
  let on = false;
  page.on('response', (response) => {
    if (!on) return;
    pending.push(
      response
        .body()
        .then((body) => {
          const gz = gzipSync(body, { level: 6 }).length;
          seen.push({ url: response.url(), status: response.status(), bytes: body.length, gzip: Math.min(gz, body.length) });
        })
        .catch(() => seen.push({ url: response.url(), status: response.status(), bytes: 0, gzip: 0 })),
    );
  });
  return {
    start() {
      on = true;
    },
    async stop() {
      on = false;
      await Promise.all(pending);
      return seen;
    },
  };
}

async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {});
}

async function jianbaoBytes(q) {
  const { context, close } = await launchBrowser();
  try {
    const page = await context.newPage();
    const rec = recorder(page);
    rec.start();
    await page.goto(new URL(`search/?q=${encodeURIComponent(q)}`, root).href, { waitUntil: 'load' });
    await page.waitForFunction(
      () => {
        const status = document.getElementById('search-status');
        const list = document.getElementById('search-results');
        return status && status.textContent.trim() && list && !list.hasAttribute('aria-busy');
      },
      null,
      { timeout: 120_000 },
    );
    await settle(page);
    const shown = await page.$$eval('#search-results > li', (items) => items.length);
    const count = await page.evaluate(() => window.jianbaoSearch.page.hits.length);
    return { count, shown, responses: await rec.stop() };
  } finally {
    await close();
  }
}

async function pagefindBytes(q) {
  const { context, close } = await launchBrowser();
  try {
    const page = await context.newPage();
    await page.goto(root.href, { waitUntil: 'load' });
    await settle(page);
    const rec = recorder(page);
    rec.start();
    const found = await page.evaluate(
      async ({ module, q, shown }) => {
        const pagefind = await import(module);
        const search = await pagefind.search(q);
        const data = await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
        return { count: search.results.length, shown: data.length };
      },
      { module: pagefindModule, q, shown: SHOWN },
    );
    await settle(page);
    return { count: found.count, shown: found.shown, responses: await rec.stop() };
  } finally {
    await close();
  }
}

/** Maps Pagefind result ids (fragment names) to URLs by reading the fragment files. */
function fragmentUrls(dir) {
  const cache = new Map();
  return (id) => {
    if (!cache.has(id)) {
      const file = path.join(dir, 'fragment', `${id}.pf_fragment`);
      let url = null;
      if (existsSync(file)) {
        const text = gunzipSync(readFileSync(file)).toString('utf8');
        url = JSON.parse(text.slice(text.indexOf('{'))).url;
      }
      cache.set(id, url);
    }
    return cache.get(id);
  };
}

async function results() {
  const { context, close } = await launchBrowser();
  const urlOf = args.flags.fragments ? fragmentUrls(args.flags.fragments) : null;
  try {
    const jb = await context.newPage();
    await jb.goto(new URL('search/', root).href, { waitUntil: 'load' });
    await jb.waitForFunction(() => window.jianbaoSearch && window.jianbaoSearch.page && window.jianbaoSearch.page.engine.manifest, null, {
      timeout: 120_000,
    });
    const pf = await context.newPage();
    await pf.goto(root.href, { waitUntil: 'load' });
    await pf.evaluate(async (module) => {
      window.pagefind = await import(module);
      await window.pagefind.init();
    }, pagefindModule);
    for (const { label, q } of queries) {
      const jianbao = await jb.evaluate(async (q) => {
        const engine = window.jianbaoSearch.page.engine;
        const { hits } = await engine.search(q, {});
        const chunk = engine.manifest.chunk;
        const rows = {};
        for (const k of new Set(hits.map((h) => Math.floor(h.id / chunk)))) rows[k] = await engine.load(`m/${k}`);
        return hits.map((h) => rows[Math.floor(h.id / chunk)][h.id % chunk][0]);
      }, q);
      const ids = await pf.evaluate(async (q) => (await window.pagefind.search(q)).results.map((r) => r.id), q);
      let pagefind = urlOf ? ids.map(urlOf) : [];
      if (!urlOf || pagefind.some((u) => u === null)) {
        pagefind = await pf.evaluate(async (q) => {
          const search = await window.pagefind.search(q);
          const data = await Promise.all(search.results.map((r) => r.data()));
          return data.map((d) => d.url);
        }, q);
      }
      // Pagefind's URLs are percent-encoded; jianbao's paths are not.
      pagefind = pagefind.map((u) => decodeURIComponent(u));
      console.log(JSON.stringify({ label, q, jianbao, pagefind }));
    }
  } finally {
    await close();
  }
}

if (mode === 'bytes') {
  const tools = (args.flags.tools || 'jianbao,pagefind').split(',');
  for (const { label, q } of queries) {
    if (tools.includes('jianbao')) {
      console.log(JSON.stringify({ tool: 'jianbao', label, q, ...(await jianbaoBytes(q)) }));
    }
    if (tools.includes('pagefind')) {
      console.log(JSON.stringify({ tool: 'pagefind', bundle: pagefindDir, label, q, ...(await pagefindBytes(q)) }));
    }
  }
} else {
  await results();
}
