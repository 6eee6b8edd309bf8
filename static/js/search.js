/*! jianbao site search: a classic script with no dependencies.
 *
 * Reads the index that jianbao writes under search/ (see docs/search.md). Every index file is a
 * classic script calling jianbaoSearchLoad(name, payload), so the same files load over HTTP and
 * from file:// (where fetch() and module imports are blocked).
 *
 * The engine part (tokenising, query planning, decoding, matching, ranking) mirrors
 * src/search/{tokenize,encode,query}.rs rule for rule; keep them in step.
 * The page part drives #search-form on the search page and does nothing elsewhere.
 * window.jianbaoSearch exposes the engine for tests.
 */
(function (global) {
  'use strict';

  var MAX_WORD_CHARS = 32;
  var PAGE_SIZE = 10;
  var CJK = 1, LETTER = 2, DIGIT = 3, OTHER = 0;
  var NUMERIC = /\p{N}/u;
  var ALPHABETIC = /\p{Alphabetic}/u;
  var WHITE_SPACE = /\p{White_Space}/u;

  /* ---------- tokenising (src/search/tokenize.rs) ---------- */

  function fold(cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xfee0;
    if (cp === 0x3000) return 0x20;
    return cp;
  }

  function isCjk(cp) {
    return cp === 0x3007 || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f);
  }

  function classify(cp) {
    if (cp < 0x80) {
      if (cp >= 0x30 && cp <= 0x39) return DIGIT;
      if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return LETTER;
      return OTHER;
    }
    if (isCjk(cp)) return CJK;
    if ((cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x3000 && cp <= 0x303f)) return OTHER;
    var ch = String.fromCodePoint(cp);
    if (NUMERIC.test(ch)) return DIGIT;
    if (ALPHABETIC.test(ch)) return LETTER;
    return OTHER;
  }

  /** Code points of text as [utf16Index, foldedCodePoint, utf16Length, class]. */
  function chars(text) {
    var out = [];
    for (var i = 0; i < text.length;) {
      var raw = text.codePointAt(i);
      var len = raw > 0xffff ? 2 : 1;
      var cp = fold(raw);
      out.push([i, cp, len, classify(cp)]);
      i += len;
    }
    return out;
  }

  /**
   * Tokens of text: {term, cjk, position, start, end} with start/end the UTF-16 range in text.
   * Positions start at `first` (default 0).
   */
  function tokenize(text, first) {
    var cs = chars(text);
    var tokens = [];
    var position = first || 0;
    for (var i = 0; i < cs.length; i++) {
      var c = cs[i];
      if (c[3] === CJK) {
        var next = cs[i + 1];
        var pair = next && next[3] === CJK;
        var end = pair ? next[0] + next[2] : c[0] + c[2];
        tokens.push({ term: text.slice(c[0], end), cjk: true, position: position++, start: c[0], end: c[0] + c[2] });
      } else if (c[3] === LETTER || c[3] === DIGIT) {
        var word = lower(c[1]);
        var j = i + 1;
        for (; j < cs.length && cs[j][3] === c[3]; j++) {
          if (j - i < MAX_WORD_CHARS) word += lower(cs[j][1]);
        }
        var last = cs[j - 1];
        tokens.push({ term: word, cjk: false, position: position++, start: c[0], end: last[0] + last[2] });
        i = j - 1;
      }
    }
    return tokens;
  }

  function lower(cp) {
    if (cp < 0x80) return String.fromCharCode(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp);
    return String.fromCodePoint(cp).toLowerCase();
  }

  /* ---------- queries (src/search/query.rs) ---------- */

  function splitParts(query) {
    var parts = [''];
    var quoted = false;
    for (var i = 0; i < query.length;) {
      var cp = query.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      i += ch.length;
      if (ch === '"' || ch === '\u201c' || ch === '\u201d') {
        quoted = ch === '\u201c' || (ch === '"' && !quoted);
        parts.push('');
      } else if (!quoted && WHITE_SPACE.test(ch)) {
        parts.push('');
      } else {
        parts[parts.length - 1] += ch;
      }
    }
    return parts.filter(function (p) { return p.length > 0; });
  }

  /** The fewest terms proving a phrase: see plan() in query.rs. */
  function plan(tokens) {
    var constraints = [];
    var runStart = -1;
    tokens.forEach(function (token, i) {
      if (!token.cjk) {
        constraints.push({ offset: token.position, term: token.term, prefix: false });
        return;
      }
      if (runStart < 0) runStart = token.position;
      var offset = token.position - runStart;
      if (Array.from(token.term).length === 2) {
        if (offset % 2 === 0) constraints.push({ offset: token.position, term: token.term, prefix: false });
        return;
      }
      if (offset === 0) {
        constraints.push({ offset: token.position, term: token.term, prefix: true });
      } else if (offset % 2 === 0) {
        var prev = tokens[i - 1];
        constraints.push({ offset: prev.position, term: prev.term, prefix: false });
      }
      runStart = -1;
    });
    var len = tokens.length ? tokens[tokens.length - 1].position + 1 : 0;
    return { len: len, constraints: constraints };
  }

  function parse(query) {
    return splitParts(query)
      .map(function (text) { return plan(tokenize(text)); })
      .filter(function (p) { return p.constraints.length > 0; });
  }

  /* ---------- decoding (src/search/encode.rs) ---------- */

  function base64Bytes(text) {
    var bin = atob(text);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function VarReader(bytes) { this.bytes = bytes; this.at = 0; }
  VarReader.prototype.get = function () {
    var value = 0, scale = 1, byte;
    do {
      if (this.at >= this.bytes.length) throw new Error('truncated index data');
      byte = this.bytes[this.at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };
  VarReader.prototype.getSigned = function () {
    var v = this.get();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  };

  function BitReader(bytes, start, end) { this.bytes = bytes; this.at = start * 8; this.end = end * 8; }
  /** Exp-Golomb code of order k, read a byte at a time (this is the client's hot loop). */
  BitReader.prototype.eg = function (k) {
    var bytes = this.bytes, at = this.at, zeros = 0;
    for (;;) {
      if (at >= this.end || zeros > 32) throw new Error('bad posting list');
      var off = at & 7;
      var byte = (bytes[at >> 3] << off) & 0xff;
      if (byte !== 0) {
        var lead = Math.clz32(byte) - 24;
        zeros += lead;
        at += lead + 1;
        break;
      }
      zeros += 8 - off;
      at += 8 - off;
    }
    var n = zeros + k;
    if (at + n > this.end) throw new Error('truncated posting list');
    var w = 1;
    while (n > 0) {
      var used = at & 7;
      var take = Math.min(n, 8 - used);
      w = w * (1 << take) + ((bytes[at >> 3] >> (8 - used - take)) & ((1 << take) - 1));
      at += take;
      n -= take;
    }
    this.at = at;
    return w - (1 << k);
  };

  function readGaps(r, count, k) {
    var out = new Array(count);
    for (var i = 0; i < count; i++) {
      var v = r.eg(k);
      out[i] = i === 0 ? v : out[i - 1] + v + 1;
    }
    return out;
  }

  /** Calls visit(doc, titlePositions, bodyPositions) for each entry of a packed list. */
  function unpack(bytes, start, end, count, visit) {
    var r = new BitReader(bytes, start, end);
    var kDoc = r.eg(0), kPos = r.eg(0);
    var doc = 0;
    for (var i = 0; i < count; i++) {
      var v = r.eg(kDoc);
      doc = i === 0 ? v : doc + v + 1;
      var titles = r.eg(0), bodies = r.eg(0);
      visit(doc, readGaps(r, titles, 0), readGaps(r, bodies, kPos));
    }
  }

  var utf8 = typeof TextDecoder !== 'undefined' ? new TextDecoder('utf-8') : null;

  function decodeShard(text) {
    var bytes = base64Bytes(text);
    var r = new VarReader(bytes);
    var count = r.get();
    var entries = [];
    var previous = new Uint8Array(0);
    var offset = 0;
    for (var i = 0; i < count; i++) {
      var shared = r.get(), suffix = r.get();
      var term = new Uint8Array(shared + suffix);
      term.set(previous.subarray(0, shared));
      term.set(bytes.subarray(r.at, r.at + suffix), shared);
      r.at += suffix;
      var df = r.get(), len = r.get();
      entries.push({ term: utf8.decode(term), df: df, start: offset, end: offset + len });
      offset += len;
      previous = term;
    }
    return { bytes: bytes, body: r.at, entries: entries };
  }

  function decodeDocs(text, kinds) {
    var r = new VarReader(base64Bytes(text));
    var count = r.get();
    kinds = Math.max(kinds, 1);
    var table = new Array(count);
    var day = 0;
    for (var i = 0; i < count; i++) {
      var code = r.get();
      if (code === 0) { table[i] = null; continue; }
      day += r.getSigned();
      table[i] = { section: Math.floor((code - 1) / kinds), kind: (code - 1) % kinds, day: day };
    }
    return table;
  }

  /** Compares strings by code point, as Rust compares UTF-8 bytes. */
  function compare(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    if (i < a.length) return 1;
    return j < b.length ? -1 : 0;
  }

  function yearOf(day) {
    return day > 0 ? new Date((day - 1) * 86400000).getUTCFullYear() : null;
  }

  /* ---------- the engine ---------- */

  /**
   * An engine over an index reachable through load(name) -> Promise(payload).
   * search(query, filter) resolves to the ranked hits; describe(hit) adds path, title, date
   * and the excerpt block.
   */
  function Engine(load) {
    this.load = load;
    this.ready = null;
    this.shards = {};
  }

  Engine.prototype.open = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.load('manifest').then(function (manifest) {
        if (manifest.v !== 2) throw new Error('unknown search index version ' + manifest.v);
        self.manifest = manifest;
        return self.load('docs');
      }).then(function (docs) {
        self.docs = decodeDocs(docs, self.manifest.kinds.length);
        return self.manifest;
      });
    }
    return this.ready;
  };

  Engine.prototype.shard = function (i) {
    if (!this.shards[i]) this.shards[i] = this.load('t/' + i).then(decodeShard);
    return this.shards[i];
  };

  Engine.prototype.shardsFor = function (term, prefix) {
    var bounds = this.manifest.shards;
    var lo = 0, hi = bounds.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compare(bounds[mid], term) <= 0) lo = mid + 1; else hi = mid;
    }
    var out = [Math.max(lo - 1, 0)];
    for (var j = out[0] + 1; prefix && j < bounds.length && bounds[j].indexOf(term) === 0; j++) out.push(j);
    return out;
  };

  /** Map doc -> {t: title positions, b: body positions} for a term or a prefix. */
  Engine.prototype.postings = function (term, prefix) {
    var self = this;
    return Promise.all(this.shardsFor(term, prefix).map(function (i) { return self.shard(i); }))
      .then(function (shards) {
        var out = new Map();
        shards.forEach(function (shard) {
          shard.entries.forEach(function (e) {
            if (prefix ? e.term.indexOf(term) !== 0 : e.term !== term) return;
            unpack(shard.bytes, shard.body + e.start, shard.body + e.end, e.df, function (doc, t, b) {
              var slot = out.get(doc);
              if (!slot) out.set(doc, { t: t, b: b });
              else { slot.t = slot.t.concat(t); slot.b = slot.b.concat(b); }
            });
          });
        });
        if (prefix) {
          out.forEach(function (slot) {
            slot.t.sort(function (a, b) { return a - b; });
            slot.b.sort(function (a, b) { return a - b; });
          });
        }
        return out;
      });
  };

  Engine.prototype.search = function (query, filter) {
    var self = this;
    var parts = parse(query);
    return this.open().then(function () {
      var keys = [];
      var lists = {};
      parts.forEach(function (p) {
        p.constraints.forEach(function (c) {
          var key = (c.prefix ? '*' : '=') + c.term;
          if (!(key in lists)) { lists[key] = null; keys.push(c); }
        });
      });
      return Promise.all(keys.map(function (c) { return self.postings(c.term, c.prefix); }))
        .then(function (found) {
          keys.forEach(function (c, i) { lists[(c.prefix ? '*' : '=') + c.term] = found[i]; });
          var matches = parts.map(function (p) { return matchPart(p, lists); });
          return { parts: parts, hits: self.rank(parts, matches, filter || {}) };
        });
    });
  };

  function phraseStarts(occs, field) {
    var first = occs[0];
    var out = [];
    first.list[field].forEach(function (p) {
      var s = p - first.offset;
      if (s < 0) return;
      for (var i = 1; i < occs.length; i++) {
        if (!contains(occs[i].list[field], s + occs[i].offset)) return;
      }
      out.push(s);
    });
    return out;
  }

  function contains(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid - 1;
    }
    return false;
  }

  /** Map doc -> {title: starts, body: starts} of the documents matching one part. */
  function matchPart(part, lists) {
    var per = part.constraints.map(function (c) {
      return { offset: c.offset, map: lists[(c.prefix ? '*' : '=') + c.term] };
    });
    var out = new Map();
    per[0].map.forEach(function (_, doc) {
      var occs = [];
      for (var i = 0; i < per.length; i++) {
        var list = per[i].map.get(doc);
        if (!list) return;
        occs.push({ offset: per[i].offset, list: list });
      }
      var title = phraseStarts(occs, 't');
      var body = phraseStarts(occs, 'b');
      if (title.length + body.length > 0) out.set(doc, { title: title, body: body });
    });
    return out;
  }

  Engine.prototype.keeps = function (filter, row) {
    var m = this.manifest;
    if (filter.section && (m.sections[row.section] || [])[0] !== filter.section) return false;
    if (filter.kind && (m.kinds[row.kind] || [])[0] !== filter.kind) return false;
    if (filter.year && yearOf(row.day) !== Number(filter.year)) return false;
    return true;
  };

  Engine.prototype.rank = function (parts, matches, filter) {
    var self = this;
    if (!matches.length) return [];
    var idf = matches.map(function (m) { return Math.log(1 + self.manifest.docs / Math.max(m.size, 1)); });
    var hits = [];
    matches[0].forEach(function (_, id) {
      var all = matches.map(function (m) { return m.get(id); });
      var row = self.docs[id];
      if (all.some(function (m) { return !m; }) || !row || !self.keeps(filter, row)) return;
      var relevance = 0, titleParts = 0, first = null;
      all.forEach(function (m, i) {
        relevance += idf[i] * Math.log2(1 + m.title.length + m.body.length);
        if (m.title.length) titleParts++;
        if (m.body.length && (first === null || m.body[0] < first)) first = m.body[0];
      });
      hits.push({
        id: id, day: row.day, titleParts: titleParts, score: Math.round(relevance * 4) / 4,
        firstBodyMatch: first, matches: all, parts: parts,
        section: (self.manifest.sections[row.section] || [''])[0],
        kind: (self.manifest.kinds[row.kind] || [''])[0]
      });
    });
    hits.sort(function (a, b) {
      return (b.titleParts - a.titleParts) || (b.score - a.score) || (b.day - a.day) || (a.id - b.id);
    });
    return hits;
  };

  /** Adds path, title, date and the excerpt block {text, position} to a hit. */
  Engine.prototype.describe = function (hit) {
    var self = this;
    var chunk = this.manifest.chunk;
    return this.load('m/' + Math.floor(hit.id / chunk)).then(function (rows) {
      var row = rows[hit.id % chunk];
      hit.path = row[0];
      hit.title = row[1];
      hit.date = row[2];
      var starts = row[3];
      var at = hit.firstBodyMatch || 0;
      var block = 0;
      while (block + 1 < starts.length && starts[block + 1] <= at) block++;
      return self.load('x/' + Math.floor(hit.id / 256) + '/' + hit.id).then(function (blocks) {
        hit.excerpt = { text: blocks[block] || '', position: starts[block] || 0 };
        return hit;
      });
    });
  };

  /* ---------- highlighting ---------- */

  /** UTF-16 ranges [start, end) of the phrase matches in text whose first position is `first`. */
  function markRanges(text, first, parts, starts) {
    var tokens = tokenize(text, first);
    if (!tokens.length) return [];
    var byPosition = {};
    tokens.forEach(function (t) { byPosition[t.position] = t; });
    var ranges = [];
    starts.forEach(function (list, i) {
      list.forEach(function (s) {
        var a = byPosition[s], b = byPosition[s + parts[i].len - 1];
        if (a && b) ranges.push([a.start, b.end]);
      });
    });
    ranges.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /** A window of about `size` characters of text around the first range. */
  function excerptWindow(text, ranges, size) {
    var from = ranges.length ? Math.max(0, ranges[0][0] - Math.floor(size / 3)) : 0;
    var to = Math.min(text.length, from + size);
    from = Math.max(0, Math.min(from, to - size));
    return [from, to];
  }

  /** Appends text[from, to) to parent with the ranges wrapped in <mark>. */
  function appendMarked(parent, text, ranges, from, to) {
    var at = from;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], from), b = Math.min(r[1], to);
      if (a >= b) return;
      if (a > at) parent.appendChild(document.createTextNode(text.slice(at, a)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(a, b);
      parent.appendChild(mark);
      at = b;
    });
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  /* ---------- the search page ---------- */

  var script = typeof document !== 'undefined' ? document.currentScript : null;

  function scriptLoader(indexBase, versioned) {
    var pending = {};
    var loaded = {};
    var tag = '';
    global.jianbaoSearchLoad = function (name, payload) {
      var waiting = pending[name];
      if (!waiting) return;
      delete pending[name];
      if (name === 'manifest' && versioned) tag = '?v=' + encodeURIComponent(payload.tag);
      waiting.resolve(payload);
    };
    return function load(name) {
      if (!loaded[name]) {
        loaded[name] = new Promise(function (resolve, reject) {
          pending[name] = { resolve: resolve, reject: reject };
          var el = document.createElement('script');
          el.src = indexBase + name + '.js' + (name === 'manifest' ? '' : tag);
          el.async = true;
          el.onload = function () {
            el.remove();
            if (pending[name]) { delete pending[name]; reject(new Error('no index data in ' + name)); }
          };
          el.onerror = function () {
            el.remove();
            delete pending[name];
            reject(new Error('cannot load search index file ' + name));
          };
          document.head.appendChild(el);
        });
      }
      return loaded[name];
    };
  }

  function encodePath(path) {
    return path.split('/').map(function (seg) { return encodeURIComponent(seg); }).join('/');
  }

  /** The link to a site path: under the base path over HTTP, relative to search/ on file://. */
  function linkTo(path, base, local) {
    var rel = encodePath(path.replace(/^\//, ''));
    if (!local) return base + rel;
    return '../' + rel + (rel === '' || rel.slice(-1) === '/' ? 'index.html' : '');
  }

  function zhDate(date) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date || '');
    return m ? Number(m[1]) + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : '';
  }

  function Page(form) {
    this.form = form;
    this.input = form.querySelector('input[name="q"]');
    this.section = form.querySelector('select[name="section"]');
    this.year = form.querySelector('select[name="year"]');
    this.kind = form.querySelector('select[name="kind"]');
    this.status = document.getElementById('search-status');
    this.list = document.getElementById('search-results');
    this.more = document.getElementById('search-more');
    this.words = form.dataset;
    var base = (script && script.getAttribute('data-base')) || form.getAttribute('data-base') || '/';
    this.base = base.slice(-1) === '/' ? base : base + '/';
    this.local = location.protocol === 'file:';
    var indexBase = this.local ? './' : this.base + 'search/';
    this.engine = new Engine(scriptLoader(indexBase, !this.local));
    this.seq = 0;
    this.hits = [];
    this.shown = 0;
  }

  Page.prototype.word = function (key, n, q) {
    return (this.words[key] || '').replace('{n}', n).replace('{q}', q);
  };

  Page.prototype.start = function () {
    var self = this;
    var params = new URLSearchParams(location.search);
    this.input.value = params.get('q') || '';
    this.form.addEventListener('submit', function (e) { e.preventDefault(); self.run(true); });
    var timer = null;
    this.input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(true); }, 300);
    });
    [this.section, this.year, this.kind].forEach(function (sel) {
      if (sel) sel.addEventListener('change', function () { self.run(true); });
    });
    if (this.more) this.more.addEventListener('click', function () { self.showMore(true); });
    this.engine.open().then(function (manifest) {
      self.fillFilters(manifest, params);
      if (self.input.value.trim()) self.run(false);
    }, function (err) { self.fail(err); });
  };

  Page.prototype.fillFilters = function (manifest, params) {
    var self = this;
    var kindNames = {};
    try { kindNames = JSON.parse(this.words.kinds || '{}'); } catch (e) { kindNames = {}; }
    var fill = function (select, entries, label) {
      if (!select) return;
      entries.forEach(function (e) {
        if (!e[1]) return;
        var option = document.createElement('option');
        option.value = String(e[0]);
        option.textContent = label(e[0]) + '（' + e[1] + '）';
        select.appendChild(option);
      });
      var wanted = params.get(select.name);
      if (wanted) select.value = wanted;
    };
    fill(this.section, manifest.sections, String);
    fill(this.year, manifest.years, function (y) { return self.word('yearLabel', y, '') || String(y); });
    fill(this.kind, manifest.kinds, function (k) { return kindNames[k] || k; });
    if (this.kind && manifest.kinds.filter(function (k) { return k[1] > 0; }).length < 2) {
      this.kind.closest('.search-filter').hidden = true;
    }
  };

  Page.prototype.filter = function () {
    return {
      section: this.section ? this.section.value : '',
      year: this.year ? this.year.value : '',
      kind: this.kind ? this.kind.value : ''
    };
  };

  Page.prototype.remember = function (q, filter) {
    var params = new URLSearchParams();
    if (q) params.set('q', q);
    ['section', 'year', 'kind'].forEach(function (k) { if (filter[k]) params.set(k, filter[k]); });
    var search = params.toString();
    try {
      history.replaceState(null, '', search ? '?' + search : location.pathname);
    } catch (e) {
      // Some browsers refuse to change a file:// URL; the search still works.
    }
  };

  Page.prototype.run = function (remember) {
    var self = this;
    var q = this.input.value.trim();
    var filter = this.filter();
    var seq = ++this.seq;
    if (remember) this.remember(q, filter);
    if (!q) {
      this.list.textContent = '';
      this.status.textContent = '';
      if (this.more) this.more.hidden = true;
      return Promise.resolve();
    }
    this.list.setAttribute('aria-busy', 'true');
    return this.engine.search(q, filter).then(function (result) {
      if (seq !== self.seq) return null;
      self.hits = result.hits;
      self.shown = 0;
      self.list.textContent = '';
      return self.showMore(false).then(function () {
        if (seq !== self.seq) return;
        self.status.textContent = self.hits.length
          ? self.word('found', self.hits.length, q)
          : self.word('none', 0, q);
      });
    }).catch(function (err) { self.fail(err); });
  };

  Page.prototype.showMore = function (focus) {
    var self = this;
    var seq = this.seq;
    var page = this.hits.slice(this.shown, this.shown + PAGE_SIZE);
    return Promise.all(page.map(function (hit) { return self.engine.describe(hit); }))
      .then(function (hits) {
        if (seq !== self.seq) return;
        var firstNew = null;
        hits.forEach(function (hit) {
          var item = self.render(hit);
          if (!firstNew) firstNew = item;
          self.list.appendChild(item);
        });
        self.shown += hits.length;
        self.list.removeAttribute('aria-busy');
        if (self.more) self.more.hidden = self.shown >= self.hits.length;
        // After "more", move focus to the first new result so keyboard users continue there.
        if (focus && firstNew) firstNew.querySelector('a').focus();
      });
  };

  Page.prototype.render = function (hit) {
    var item = document.createElement('li');
    item.className = 'search-result';
    var heading = document.createElement('h2');
    heading.className = 'search-result-title';
    var link = document.createElement('a');
    link.href = linkTo(hit.path, this.base, this.local);
    var titleRanges = markRanges(hit.title, 0, hit.parts, hit.matches.map(function (m) { return m.title; }));
    appendMarked(link, hit.title, titleRanges, 0, hit.title.length);
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = document.createElement('p');
    meta.className = 'search-result-meta';
    var section = document.createElement('span');
    section.textContent = hit.section;
    meta.appendChild(section);
    if (hit.date) {
      var time = document.createElement('time');
      time.dateTime = hit.date;
      time.textContent = zhDate(hit.date);
      meta.appendChild(time);
    }
    item.appendChild(meta);

    var text = hit.excerpt.text;
    var ranges = markRanges(text, hit.excerpt.position, hit.parts, hit.matches.map(function (m) { return m.body; }));
    var win = excerptWindow(text, ranges, 120);
    var excerpt = document.createElement('p');
    excerpt.className = 'search-result-excerpt';
    if (win[0] > 0) excerpt.appendChild(document.createTextNode('…'));
    appendMarked(excerpt, text, ranges, win[0], win[1]);
    if (win[1] < text.length) excerpt.appendChild(document.createTextNode('…'));
    item.appendChild(excerpt);
    return item;
  };

  Page.prototype.fail = function (err) {
    this.list.removeAttribute('aria-busy');
    this.status.textContent = this.word('failed', 0, '');
    if (global.console) global.console.error(err);
  };

  global.jianbaoSearch = {
    tokenize: tokenize,
    parse: parse,
    Engine: Engine,
    linkTo: linkTo,
    markRanges: markRanges
  };

  if (typeof document !== 'undefined') {
    var form = document.getElementById('search-form');
    if (form) {
      var page = new Page(form);
      global.jianbaoSearch.page = page;
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', function () { page.start(); });
      } else {
        page.start();
      }
    }
  }
})(typeof window !== 'undefined' ? window : globalThis);
