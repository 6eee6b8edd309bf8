#!/usr/bin/env node
// Usage: node bench/figures/paint.mjs RUNS CPU_SLOWDOWN URL [URL...]
//
// Loads each URL RUNS times in headless Chromium (a fresh browser and profile per load, so
// nothing is cached), with the CPU slowed CPU_SLOWDOWN times through the DevTools protocol
// (1 = as is, 4 = about a mid-range phone), at 1366 x 900, and prints one JSON line per load:
//   fcp        first-contentful-paint (PerformanceObserver 'paint'), ms from navigation start
//   drawn      the first frame after every chart is drawn: for jianbao's page, once the HTML is
//              parsed (each figure.figure-chart holds its inline <svg>); for the ECharts page,
//              once every chart box has fired ECharts' `finished` event (data-drawn="1")
//   dcl, load  domContentLoadedEventEnd and loadEventEnd
//   bytes      transferred bytes of every resource (Resource Timing), the document included
//   lib        when echarts.min.js finished arriving (its Resource Timing responseEnd), or null
// The same script, injected before the page's own, measures both pages.

import { launchBrowser } from '../../tests/browser/lib.mjs';

const [runs, slowdown, ...urls] = process.argv.slice(2);
if (!runs || !slowdown || urls.length === 0) {
  console.error('usage: node paint.mjs RUNS CPU_SLOWDOWN URL [URL...]');
  process.exit(2);
}

function observe() {
  window.__fcp = null;
  window.__drawn = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === 'first-contentful-paint') window.__fcp = e.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  const allDrawn = () => {
    if (document.readyState === 'loading') return false;
    const figures = document.querySelectorAll('figure.figure-chart');
    if (figures.length === 0) return false;
    for (const f of figures) {
      if (f.querySelector('svg.chart')) continue;
      const box = f.querySelector('.echart');
      if (box && box.dataset.drawn === '1') continue;
      return false;
    }
    return true;
  };
  const tick = () => {
    if (allDrawn()) {
      requestAnimationFrame(() => {
        window.__drawn = performance.now();
      });
    } else {
      requestAnimationFrame(tick);
    }
  };
  requestAnimationFrame(tick);
}

for (const url of urls) {
  for (let run = 0; run < Number(runs); run++) {
    const { context, close } = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(slowdown) });
      await page.addInitScript(observe);
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
      await page.waitForFunction(() => window.__drawn !== null && window.__fcp !== null, null, {
        timeout: 120_000,
        polling: 50,
      });
      const m = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const resources = performance.getEntriesByType('resource');
        return {
          fcp: Math.round(window.__fcp),
          drawn: Math.round(window.__drawn),
          dcl: Math.round(nav.domContentLoadedEventEnd),
          load: Math.round(nav.loadEventEnd),
          bytes: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0),
          lib: (() => {
            const r = resources.find((e) => e.name.includes('echarts'));
            return r ? Math.round(r.responseEnd) : null;
          })(),
          charts: document.querySelectorAll('figure.figure-chart').length,
        };
      });
      console.log(JSON.stringify({ url, run, slowdown: Number(slowdown), ...m }));
    } finally {
      await close();
    }
  }
}
