// Shared helpers for jianbao's browser checks: playwright-core driving
// Debian's Chromium (never a browser that Playwright downloads itself).
//
// playwright-core and axe-core live in <repo>/tools/node/node_modules
// (installed by scripts/setup-test-tools.sh), or under $JIANBAO_TOOLS/node.

import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const TOOLS_DIR = process.env.JIANBAO_TOOLS
  ? path.resolve(process.env.JIANBAO_TOOLS)
  : path.join(REPO_ROOT, 'tools');
export const NODE_TOOLS = path.join(TOOLS_DIR, 'node');
export const CHROMIUM = process.env.JIANBAO_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function missing(what) {
  return new Error(`${what} not found: run scripts/setup-test-tools.sh (tools dir: ${TOOLS_DIR})`);
}

const packageJson = path.join(NODE_TOOLS, 'package.json');
if (!existsSync(path.join(NODE_TOOLS, 'node_modules'))) {
  throw missing(`${path.join(NODE_TOOLS, 'node_modules')}`);
}
const requireTool = createRequire(packageJson);

/** Resolves a file inside an installed tool package, e.g. toolPath('axe-core/axe.min.js'). */
export function toolPath(request) {
  try {
    return requireTool.resolve(request);
  } catch {
    throw missing(request);
  }
}

let playwright;
try {
  playwright = requireTool('playwright-core');
} catch (e) {
  throw missing(`playwright-core (${e.message})`);
}
export const { chromium } = playwright;

/**
 * Launches headless Chromium with a fresh temporary profile.
 * Returns { context, close } where context is a Playwright BrowserContext;
 * close() shuts the browser and removes the profile directory.
 */
export async function launchBrowser(options = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup-test-tools.sh`);
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'jianbao-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timeout: 60_000,
      ...options,
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  const close = async () => {
    try {
      await context.close();
    } finally {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  return { context, close };
}

/**
 * Opens a new page that records console errors and uncaught page errors.
 * Returns { page, errors, collectErrors } where errors is an array of
 * strings filled as they happen, and collectErrors() (call it after the page
 * has loaded) returns them without the 404 of the /favicon.ico that Chromium
 * requests by itself when the page declares no icon.
 */
export async function newCheckedPage(context) {
  const page = await context.newPage();
  const errors = [];
  const sources = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url}${loc.lineNumber ? `:${loc.lineNumber}` : ''})` : '';
      errors.push(`console.error: ${msg.text()}${where}`);
      sources.push(loc && loc.url ? loc.url : '');
    }
  });
  page.on('pageerror', (err) => {
    errors.push(`pageerror: ${err.message}`);
    sources.push('');
  });
  const collectErrors = async () => {
    let declaresIcon = true;
    try {
      declaresIcon = await page.evaluate(() => document.querySelector('link[rel~="icon" i]') !== null);
    } catch {
      // page gone: keep everything
    }
    return errors.filter((text, i) => {
      if (declaresIcon || !text.startsWith('console.error: Failed to load resource')) return true;
      try {
        return new URL(sources[i]).pathname !== '/favicon.ico';
      } catch {
        return true;
      }
    });
  };
  return { page, errors, collectErrors };
}

/**
 * Navigates to url and waits for the load event. Throws when the document
 * itself answers with an HTTP error (>= 400) or cannot be loaded.
 */
export async function gotoChecked(page, url, timeout = 30_000) {
  const response = await page.goto(url, { waitUntil: 'load', timeout });
  if (response && response.status() >= 400) {
    throw new Error(`${url} answered HTTP ${response.status()}`);
  }
  return response;
}

/** Injects axe-core into the page (bypasses CSP) and returns its version. */
export async function injectAxe(page) {
  const { readFileSync } = await import('node:fs');
  const source = readFileSync(toolPath('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const version = await page.evaluate(() => (window.axe ? window.axe.version : null));
  if (!version) throw new Error('axe-core did not load into the page');
  return version;
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the whole document with the WCAG 2.0/2.1 A+AA rules. */
export async function runAxe(page, tags = WCAG_TAGS) {
  return page.evaluate(
    async (values) => window.axe.run(document, { runOnly: { type: 'tag', values } }),
    tags,
  );
}

/** Parses argv into { positional: [], flags: {name: value|true} } for --flag [value]. */
export function parseArgs(argv, valueFlags = []) {
  const positional = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (eq >= 0) flags[name] = a.slice(eq + 1);
      else if (valueFlags.includes(name)) {
        if (i + 1 >= argv.length) throw new Error(`--${name} needs a value`);
        flags[name] = argv[++i];
      } else flags[name] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

// Run in the page (page.evaluate): the box of every <text> in every chart (svg.chart), measured
// with the browser's own fonts; no two may overlap and none may leave its chart.
export function measureChartLabels() {
  const problems = [];
  let texts = 0;
  // Labels must stay readable beside the text: at least 3/4 of the root font size (which the
  // reading aids' text size sets) once the drawing is scaled to its width on screen.
  const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize);
  let smallestPx = Infinity;
  const charts = [...document.querySelectorAll('svg.chart')];
  for (const [n, svg] of charts.entries()) {
    const frame = svg.getBoundingClientRect();
    const scale = frame.width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      smallestPx = Math.min(smallestPx, px);
      if (px < 0.75 * rootPx - 0.01) {
        problems.push(`chart ${n}: "${t.textContent}" is drawn at ${px.toFixed(1)} px beside ${rootPx} px text`);
        break;
      }
    }
    const region = svg.closest('.chart-frame');
    if (region && region.scrollWidth > region.clientWidth + 1 && region.tabIndex < 0) {
      problems.push(`chart ${n}: its region scrolls but cannot be reached by keyboard`);
    }
    const boxes = [...svg.querySelectorAll('text')].map((t) => ({ r: t.getBoundingClientRect(), s: t.textContent }));
    texts += boxes.length;
    for (const [i, a] of boxes.entries()) {
      if (a.r.left < frame.left - 0.5 || a.r.right > frame.right + 0.5 || a.r.width === 0) {
        problems.push(`chart ${n}: "${a.s}" leaves the chart or is not drawn`);
      }
      for (const b of boxes.slice(i + 1)) {
        const apart = a.r.right <= b.r.left + 0.5 || b.r.right <= a.r.left + 0.5
          || a.r.bottom <= b.r.top + 0.5 || b.r.bottom <= a.r.top + 0.5;
        if (!apart) problems.push(`chart ${n}: "${a.s}" overlaps "${b.s}"`);
      }
    }
  }
  const smallest = charts.length ? Math.round(smallestPx * 10) / 10 : null;
  return { charts: charts.length, texts, rootPx, smallestLabelPx: smallest, problems };
}
