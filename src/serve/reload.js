// jianbao live reload. The preview server adds this script to every page it serves (never to a
// built site). It listens to /__jianbao/events and, after each build, shows the error overlay,
// swaps stylesheets, or reloads the page when the page itself changed.
(() => {
  'use strict';
  const script = document.currentScript;
  // The outputs this page shows: a change to any of them reloads it.
  const targets = JSON.parse(script.dataset.targets);
  const OVERLAY_ID = 'jianbao-overlay';
  let build = Number(script.dataset.build);
  let source = null;

  function connect() {
    if (source) return;
    source = new EventSource('/__jianbao/events');
    source.addEventListener('hello', (event) => {
      // Builds happened while this tab was not listening: catch up.
      if (JSON.parse(event.data).build !== build) location.reload();
    });
    source.addEventListener('build', (event) => apply(JSON.parse(event.data)));
  }

  // Browsers allow about six connections per server; a hidden tab gives its stream back so that
  // many open preview tabs do not starve the visible one. It catches up through `hello`.
  function disconnect() {
    if (source) source.close();
    source = null;
  }

  function apply(message) {
    build = message.build;
    if (message.overlay !== null) {
      showOverlay(message.overlay);
      return;
    }
    removeOverlay();
    if (message.stylesheets) {
      refreshStylesheets();
    } else if (message.all || message.targets.some((t) => targets.includes(t))) {
      location.reload();
    }
  }

  function showOverlay(html) {
    removeOverlay();
    document.body.insertAdjacentHTML('beforeend', html);
  }

  function removeOverlay() {
    const overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }

  // Loads each same-site stylesheet again under a new query, replacing the old link only once
  // the new one has loaded, so the page never shows unstyled.
  function refreshStylesheets() {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set('jianbao', String(build));
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener('load', () => link.remove(), { once: true });
      fresh.addEventListener('error', () => fresh.remove(), { once: true });
      link.after(fresh);
    }
  }

  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-jianbao-dismiss]')) {
      removeOverlay();
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) disconnect();
    else connect();
  });
  if (!document.hidden) connect();
})();
