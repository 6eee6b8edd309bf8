/* jianbao reading aids (适老化): text size 1×–2×, a high-contrast scheme and read-aloud.
 *
 * Small, dependency-free and progressive: the page is complete without it; the toolbar in the
 * header stays hidden until this script shows it. Loaded in <head> without `defer` so that a
 * remembered text size and colour scheme apply before the first paint (no flash). Settings are
 * kept in localStorage under a key that includes the site's base path (`data-base` on the script
 * tag), so a site published under a sub-path of a portal keeps its own settings.
 */
(function () {
  'use strict';

  var STEPS = [1, 1.25, 1.5, 1.75, 2];
  var root = document.documentElement;
  var script = document.currentScript;
  var base = (script && script.getAttribute('data-base')) || '/';
  var KEY = 'jianbao-a11y:' + base;

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || '{}');
      return saved && typeof saved === 'object' ? saved : {};
    } catch (e) {
      return {};
    }
  }

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ scale: STEPS[step], contrast: contrast }));
    } catch (e) {
      /* storage disabled: the setting lasts for this page only */
    }
  }

  var saved = load();
  var step = Math.max(0, STEPS.indexOf(Number(saved.scale)));
  var contrast = saved.contrast === true;

  /* Every length in the theme is in rem/em, so one root font size scales the whole page and the
     layout reflows instead of overflowing. */
  function apply() {
    var scale = STEPS[step];
    if (scale === 1) {
      root.style.removeProperty('font-size');
      root.removeAttribute('data-text-scale');
    } else {
      root.style.fontSize = scale * 100 + '%';
      root.setAttribute('data-text-scale', String(scale));
    }
    if (contrast) root.setAttribute('data-contrast', 'high');
    else root.removeAttribute('data-contrast');
  }

  apply();

  function setup() {
    var bar = document.querySelector('[data-a11y-tools]');
    if (!bar) return;
    var buttons = {};
    var list = bar.querySelectorAll('button[data-a11y]');
    for (var i = 0; i < list.length; i++) buttons[list[i].getAttribute('data-a11y')] = list[i];
    var sizeOut = bar.querySelector('[data-a11y-size]');

    function refresh() {
      if (buttons.smaller) buttons.smaller.setAttribute('aria-disabled', String(step === 0));
      if (buttons.larger) buttons.larger.setAttribute('aria-disabled', String(step === STEPS.length - 1));
      if (buttons.reset) buttons.reset.setAttribute('aria-disabled', String(step === 0));
      if (buttons.contrast) buttons.contrast.setAttribute('aria-pressed', String(contrast));
      if (sizeOut) sizeOut.textContent = Math.round(STEPS[step] * 100) + '%';
    }

    function setStep(next) {
      next = Math.min(STEPS.length - 1, Math.max(0, next));
      if (next === step) return;
      step = next;
      apply();
      save();
      refresh();
    }

    var reader = readAloud(buttons.speak);

    bar.addEventListener('click', function (event) {
      var target = event.target;
      var button = target && target.closest ? target.closest('button[data-a11y]') : null;
      if (!button || !bar.contains(button)) return;
      switch (button.getAttribute('data-a11y')) {
        case 'smaller':
          setStep(step - 1);
          break;
        case 'larger':
          setStep(step + 1);
          break;
        case 'reset':
          setStep(0);
          break;
        case 'contrast':
          contrast = !contrast;
          apply();
          save();
          refresh();
          break;
        case 'speak':
          if (reader) reader.toggle();
          break;
      }
    });

    /* Another tab of the same site changed a setting: follow it. */
    window.addEventListener('storage', function (event) {
      if (event.key !== KEY) return;
      var next = load();
      step = Math.max(0, STEPS.indexOf(Number(next.scale)));
      contrast = next.contrast === true;
      apply();
      refresh();
    });

    refresh();
    bar.hidden = false;
  }

  /* Read-aloud with the browser's own speech synthesis (no network service). The button appears
     only on pages with an element marked `data-read-aloud` and in browsers that have a voice; it
     toggles between reading and silence and reports its state with aria-pressed. A zh-CN voice
     is preferred for a zh-CN page (the page's lang decides). */
  function readAloud(button) {
    var region = document.querySelector('[data-read-aloud]');
    var synth = window.speechSynthesis;
    if (!button || !region || !synth || typeof window.SpeechSynthesisUtterance !== 'function') {
      return null;
    }
    var lang = root.getAttribute('lang') || 'zh-CN';
    var speaking = false;
    var run = 0;

    function voice() {
      var voices = synth.getVoices() || [];
      var wanted = lang.toLowerCase().replace('_', '-');
      var prefix = wanted.split('-')[0];
      var exact = null;
      var near = null;
      for (var i = 0; i < voices.length; i++) {
        var l = String(voices[i].lang || '').toLowerCase().replace('_', '-');
        if (!exact && l === wanted) exact = voices[i];
        if (!near && l.split('-')[0] === prefix) near = voices[i];
      }
      return exact || near;
    }

    /* The text to read: the title and the body, not the metadata tables. Long texts are cut at
       sentence ends, because some engines stop reading a single long utterance after a while. */
    function chunks() {
      var parts = region.querySelectorAll('h1, .content');
      var text = '';
      for (var i = 0; i < parts.length; i++) text += (parts[i].innerText || parts[i].textContent) + '\n';
      /* A title or heading has no full stop: give it one, so the voice pauses after it. */
      var fullStop = /^zh/i.test(lang) ? '。' : '.';
      var lines = text.split(/\n+/);
      var sentences = [];
      for (var k = 0; k < lines.length; k++) {
        var line = lines[k].replace(/\s+/g, ' ').trim();
        if (!line) continue;
        if (!/[。！？；：!?;:.]$/.test(line)) line += fullStop;
        var found = line.match(/[^。！？；!?;]+[。！？；!?;]*/g) || [];
        for (var m = 0; m < found.length; m++) sentences.push(found[m]);
      }
      var out = [];
      var current = '';
      for (var j = 0; j < sentences.length; j++) {
        var s = sentences[j].trim();
        if (!s) continue;
        if (current && current.length + s.length > 180) {
          out.push(current);
          current = '';
        }
        current += s;
      }
      if (current) out.push(current);
      return out;
    }

    function setState(on) {
      speaking = on;
      button.setAttribute('aria-pressed', String(on));
    }

    function stop() {
      run++;
      synth.cancel();
      setState(false);
    }

    function start() {
      var queue = chunks();
      if (!queue.length) return;
      var mine = ++run;
      synth.cancel();
      setState(true);
      var chosen = voice();
      var next = function (index) {
        if (mine !== run) return;
        if (index >= queue.length) {
          setState(false);
          return;
        }
        var u = new window.SpeechSynthesisUtterance(queue[index]);
        u.lang = chosen ? chosen.lang : lang;
        if (chosen) u.voice = chosen;
        u.onend = function () {
          next(index + 1);
        };
        u.onerror = function () {
          if (mine === run) setState(false);
        };
        synth.speak(u);
      };
      next(0);
    }

    window.addEventListener('pagehide', function () {
      if (speaking) stop();
    });
    /* A browser without any voice (a server without speech engines, some Linux builds) fails
       every utterance at once: show the button only when there is a voice to read with. Chrome
       lists its voices a moment after load, hence the event. */
    var show = function () {
      if ((synth.getVoices() || []).length > 0) button.hidden = false;
    };
    show();
    if (button.hidden && typeof synth.addEventListener === 'function') {
      synth.addEventListener('voiceschanged', show);
    }
    return {
      toggle: function () {
        if (speaking) stop();
        else start();
      }
    };
  }

  /* The menu folds behind its summary on narrow screens only. Browsers that support
     ::details-content show it on wide screens by CSS alone; for the others, open it there. */
  function setupMenu() {
    var menu = document.querySelector('[data-nav-menu]');
    if (!menu || !window.matchMedia) return;
    var wide = window.matchMedia('(min-width: 40.0625rem)');
    function follow() {
      menu.open = wide.matches;
    }
    follow();
    if (wide.addEventListener) wide.addEventListener('change', follow);
    else if (wide.addListener) wide.addListener(follow);
  }

  function start() {
    setup();
    setupMenu();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
