// The editing desk's script: saving, the body toolbar, uploads, new pages and imports.
// Served as it is by `jianbao serve --edit` (no build step). Every write sends the page's
// CSRF value in X-Jianbao-CSRF; the words shown come from the page's #desk-words block.
"use strict";
(function () {
  var words = JSON.parse(document.getElementById("desk-words").textContent);
  var csrf = document.querySelector('meta[name="jianbao-csrf"]').content;
  var english = /[?&]lang=en\b/.test(location.search);
  var status = document.getElementById("status");

  // The status line keeps one message per topic: a save's reply arriving after an upload's
  // replaces the last save message, not the upload's (both stay readable).
  var said = [];
  function say(text, bad, topic) {
    if (!status) return;
    topic = topic || "main";
    said = said.filter(function (m) { return m.topic !== topic; });
    said.push({ topic: topic, text: text, bad: bad });
    status.textContent = "";
    said.forEach(function (m) {
      var line = document.createElement("span");
      line.className = m.bad ? "bad" : "";
      line.textContent = m.text;
      status.appendChild(line);
    });
  }

  function post(route, body, type) {
    var url = route + (english ? (route.indexOf("?") < 0 ? "?" : "&") + "lang=en" : "");
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": type || "application/json", "X-Jianbao-CSRF": csrf },
      body: body,
      credentials: "same-origin",
    }).then(function (response) {
      // A refusal made before the body is read (too large, wrong type) is plain text, "413
      // 中文\nEnglish": shown like any other message.
      return response.text().then(function (text) {
        var data;
        try {
          data = JSON.parse(text);
        } catch (e) {
          var lines = text.replace(/^\d+\s*/, "").split("\n");
          data = { ok: false, message: (english && lines[1]) || lines[0] };
        }
        data.status = response.status;
        return data;
      });
    });
  }

  function editAddress(file) {
    return "edit?file=" + encodeURIComponent(file) + (english ? "&lang=en" : "");
  }

  // ----- while the site is read and checked: ask again until it is ready -----
  if (document.getElementById("preparing")) {
    setTimeout(function () {
      location.reload();
    }, 2000);
  }
  // The list shown during the first check asks in the background whether the findings are
  // there, and shows them by reloading only while nobody is choosing a filter; otherwise it
  // says they are ready.
  var checking = document.getElementById("checking");
  if (checking) {
    var busy = function () {
      var active = document.activeElement;
      return !!active && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
    };
    var ask = function () {
      setTimeout(function () {
        fetch(location.href, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) {
            return response.text();
          })
          .then(function (html) {
            if (html.indexOf('id="checking"') !== -1) return ask();
            if (!busy()) return location.reload();
            checking.textContent = checking.dataset.done;
          }, ask);
      }, 1500);
    };
    ask();
  }

  // ----- the editor -----
  var form = document.getElementById("editor");
  var body = document.getElementById("body");

  function fields() {
    var out = { type: form.dataset.type };
    form.querySelectorAll("[data-field]").forEach(function (input) {
      out[input.dataset.field] = input.type === "checkbox" ? String(input.checked) : input.value;
    });
    return out;
  }

  function showFindings(list) {
    var ol = document.getElementById("findings");
    ol.textContent = "";
    if (!list.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = words.none;
      ol.appendChild(none);
    }
    list.forEach(function (f) {
      var li = document.createElement("li");
      li.className = f.severity;
      var text = (f.line ? words.line.replace("{n}", f.line) + " " : "");
      var strong = document.createElement("strong");
      strong.textContent = f.severity === "error" ? words.error : words.warning;
      li.appendChild(document.createTextNode(text));
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" " + f.message + (f.hint ? " — " + f.hint : "") + " "));
      var code = document.createElement("code");
      code.textContent = f.code;
      li.appendChild(code);
      if (f.line) addGoto(li, f.line);
      if (f.photo) addUnlocate(li, f.photo);
      ol.appendChild(li);
    });
  }

  // A photo whose original carries the place it was taken gets a button that removes it.
  function addUnlocate(li, photo) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = words.unlocate;
    button.addEventListener("click", function () {
      button.disabled = true;
      post("api/unlocate", JSON.stringify({ file: form.dataset.file, photo: photo })).then(function (data) {
        if (!data.ok) {
          button.disabled = false;
          return say(data.message, true);
        }
        if (data.findings) showFindings(data.findings);
        else li.remove();
        say(data.message);
      });
    });
    li.appendChild(button);
  }

  // A finding in the body gets a button that puts the cursor on its line.
  function addGoto(li, line) {
    var first = Number(form.dataset.bodyLine);
    if (!(line >= first)) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = words.goto;
    button.addEventListener("click", function () {
      var lines = body.value.split("\n");
      var at = 0;
      for (var i = 0; i < line - first && i < lines.length; i++) at += lines[i].length + 1;
      body.focus();
      body.setSelectionRange(at, at + (lines[line - first] || "").length);
    });
    li.appendChild(button);
  }

  // The gallery (photos:) is sent only once the person changed it: untouched, its lines stay
  // as they are in the file.
  var gallery = document.getElementById("gallery");
  var galleryChanged = false;
  function galleryPhotos() {
    return Array.prototype.map.call(gallery.querySelectorAll("li"), function (li) {
      return {
        file: li.dataset.file,
        alt: li.querySelector('[data-gallery="alt"]').value,
        caption: li.querySelector('[data-gallery="caption"]').value,
      };
    });
  }
  if (gallery) {
    gallery.addEventListener("input", function () {
      galleryChanged = true;
      dirty = true;
    });
    gallery.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var li = button.closest("li");
      var move = button.dataset.move;
      if (move === "up" && li.previousElementSibling) li.parentNode.insertBefore(li, li.previousElementSibling);
      else if (move === "down" && li.nextElementSibling) li.parentNode.insertBefore(li.nextElementSibling, li);
      else if (move === "remove") {
        var next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        if (next) next.querySelector("[data-move]").focus();
      } else return;
      if (move !== "remove") button.focus();
      galleryChanged = true;
      dirty = true;
    });
  }

  function save(force) {
    var request = { file: form.dataset.file, version: form.dataset.version, fields: fields(), body: body.value };
    if (galleryChanged) {
      request.gallery = galleryPhotos();
      var missing = gallery.querySelector('[data-gallery="alt"]:invalid');
      if (missing) {
        say(words.galleryAlt, true);
        missing.focus();
        return Promise.resolve(false);
      }
    }
    say(words.saving);
    var sent = JSON.stringify([request.fields, request.body]);
    return post("api/save", JSON.stringify(request)).then(function (data) {
      if (data.ok) {
        // Edits made while the save was on its way (a picture uploaded, a few words typed) are
        // not in the file: they stay unsaved, kept by the autosave and guarded on leaving.
        dirty = sent !== JSON.stringify([fields(), body.value]);
        form.dataset.version = data.version;
        document.getElementById("conflict").hidden = true;
        say(force ? words.keepMine : data.message);
        showFindings(data.findings || []);
        var title = document.getElementById("f-title");
        if (title) document.getElementById("page-title").textContent = title.value;
        return true;
      } else if (data.conflict) {
        var box = document.getElementById("conflict");
        box.hidden = false;
        document.getElementById("disk").value = data.disk;
        box.dataset.version = data.version;
        say(data.message, true);
      } else {
        say(words.failed + data.message, true);
      }
      return false;
    }, function (err) {
      say(words.failed + err, true);
      return false;
    });
  }

  // Wraps the selection (or a placeholder word, left selected so typing replaces it).
  function insert(before, middle, after) {
    var start = body.selectionStart, end = body.selectionEnd;
    var chosen = body.value.slice(start, end) || middle;
    body.setRangeText(before + chosen + after, start, end, "end");
    body.focus();
    body.setSelectionRange(start + before.length, start + before.length + chosen.length);
  }

  // The next number of a heading level in the 一、/（一） convention, counting the headings
  // of that level before the cursor (a sub-heading count restarts after each main heading).
  var numerals = "一二三四五六七八九十";
  function numeral(n) {
    if (n <= 10) return numerals[n - 1];
    if (n < 20) return "十" + numerals[n - 11];
    return String(n);
  }
  function nextHeading(level) {
    var lines = body.value.slice(0, body.selectionStart).split("\n");
    var count = 0;
    lines.forEach(function (l) {
      if (level === 2 && /^## /.test(l)) count++;
      if (level === 3 && /^### /.test(l)) count++;
      if (level === 3 && /^## /.test(l)) count = 0;
    });
    return level === 2 ? "## " + numeral(count + 1) + "、" : "### （" + numeral(count + 1) + "）";
  }

  // Puts `text` in place of the selection and leaves the cursor after it: what a pasted text or
  // an uploaded picture does (unlike `insert`, the selection is not kept inside it).
  function put(text) {
    var start = body.selectionStart;
    body.setRangeText(text, start, body.selectionEnd, "end");
    body.focus();
    body.setSelectionRange(start + text.length, start + text.length);
    dirty = true;
  }

  // What to put before a block so that it starts on a line of its own after a blank line.
  function lineStart() {
    var before = body.value.slice(0, body.selectionStart);
    if (before === "" || /\n\n$/.test(before)) return "";
    return /\n$/.test(before) ? "\n" : "\n\n";
  }

  function uploadImage(dropped) {
    var alt = document.getElementById("image-alt");
    var file = dropped || document.getElementById("image-file").files[0];
    if (!alt.value.trim()) {
      say(words.needAlt, true, "upload");
      alt.focus();
      return;
    }
    if (!file) {
      document.getElementById("image-file").focus();
      return;
    }
    var route = "api/upload?file=" + encodeURIComponent(form.dataset.file) + "&name=" + encodeURIComponent(file.name);
    post(route, file, "application/octet-stream").then(function (data) {
      if (!data.ok) return say(data.message, true, "upload");
      // After the selection, not over it: a picture never replaces text.
      body.setSelectionRange(body.selectionEnd, body.selectionEnd);
      put(lineStart() + "![" + alt.value.trim().replace(/[\[\]]/g, "") + "](" + data.name + ")\n");
      alt.value = "";
      var told = data.warning || data.note;
      say(told ? words.uploaded + " " + told : words.uploaded, !!data.warning, "upload");
    });
  }

  // Review steps and publishing: unsaved edits are saved first, then the step is recorded and
  // the editor opened again, showing the new record, status and findings.
  var reviewer = document.getElementById("reviewer");
  function review(step) {
    var name = reviewer.value.trim();
    if (!name) {
      say(words.needName, true);
      return reviewer.focus();
    }
    localStorage.setItem("jianbao-desk-name", name);
    var reason = document.getElementById("reason");
    save(false).then(function (saved) {
      if (!saved) return;
      var request = { file: form.dataset.file, version: form.dataset.version, step: step, name: name, reason: reason ? reason.value : "" };
      post("api/review", JSON.stringify(request)).then(function (data) {
        if (data.ok) location.reload();
        else say(words.failed + data.message, true);
      });
    });
  }

  // Unsaved edits are kept on the server every few seconds (in .jianbao/desk-autosave/), so a
  // crash or a closed tab loses nothing; the editor offers them back when the page is opened.
  var dirty = false;
  function keepEdits() {
    if (!dirty) return;
    dirty = false;
    var edits = { file: form.dataset.file, version: form.dataset.version, fields: fields(), body: body.value };
    post("api/autosave", JSON.stringify(edits)).then(function (data) {
      if (!data.ok) dirty = true;
    }, function () {
      dirty = true;
    });
  }

  if (form) {
    form.addEventListener("input", function () {
      dirty = true;
    });
    setInterval(keepEdits, 3000);
    window.addEventListener("beforeunload", function (event) {
      if (dirty) event.preventDefault();
    });
    var restore = document.getElementById("restore");
    if (restore) {
      var kept = JSON.parse(document.getElementById("autosave-data").textContent);
      restore.addEventListener("click", function () {
        form.querySelectorAll("[data-field]").forEach(function (input) {
          var value = kept.fields[input.dataset.field];
          if (value === undefined) return;
          if (input.type === "checkbox") input.checked = value === "true";
          else input.value = value;
        });
        body.value = kept.body;
        form.dataset.version = kept.version;
        document.getElementById("autosave").hidden = true;
        body.focus();
      });
      document.getElementById("discard").addEventListener("click", function () {
        post("api/autosave", JSON.stringify({ file: form.dataset.file, version: "", body: "", drop: true }));
        document.getElementById("autosave").hidden = true;
      });
    }
    // Photos dropped onto the body are uploaded like the picture button's, description first.
    body.addEventListener("dragover", function (event) {
      if (event.dataTransfer && Array.prototype.some.call(event.dataTransfer.types, function (t) { return t === "Files"; })) event.preventDefault();
    });
    body.addEventListener("drop", function (event) {
      var files = event.dataTransfer ? event.dataTransfer.files : [];
      var photo = Array.prototype.find.call(files, function (f) { return /^image\//.test(f.type) || /\.(jpe?g|png|gif|webp)$/i.test(f.name); });
      if (!photo) return;
      event.preventDefault();
      body.focus();
      uploadImage(photo);
    });
    // 发文字号: checked as it is typed; a suggested correction is one click away.
    document.querySelectorAll('[data-check="docnumber"]').forEach(function (input) {
      var note = document.getElementById(input.id + "-check");
      var timer = null;
      function check() {
        if (!input.value.trim()) return (note.textContent = "");
        var url = "api/docnumber?value=" + encodeURIComponent(input.value) + (english ? "&lang=en" : "");
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
          note.textContent = data.ok ? words.docOk : data.message;
          note.className = data.ok ? "hint" : "hint bad";
          if (data.suggestion) {
            var fix = document.createElement("button");
            fix.type = "button";
            fix.textContent = words.useSuggestion.replace("{s}", data.suggestion);
            fix.addEventListener("click", function () {
              input.value = data.suggestion;
              dirty = true;
              check();
              input.focus();
            });
            note.appendChild(document.createTextNode(" "));
            note.appendChild(fix);
          }
        });
      }
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(check, 300);
      });
      check();
    });
    if (reviewer) reviewer.value = localStorage.getItem("jianbao-desk-name") || "";
    var fixButton = document.getElementById("fix");
    if (fixButton) {
      fixButton.addEventListener("click", function () {
        save(false).then(function (saved) {
          if (!saved) return;
          var request = { file: form.dataset.file, version: form.dataset.version };
          post("api/fix", JSON.stringify(request)).then(function (data) {
            if (data.ok) location.reload();
            else say(words.failed + data.message, true);
          });
        });
      });
    }
    document.querySelectorAll("[data-review]").forEach(function (button) {
      button.addEventListener("click", function () {
        review(button.dataset.review);
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save(false);
    });
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "s") {
        event.preventDefault();
        save(false);
      }
    });
    document.getElementById("keep-mine").addEventListener("click", function () {
      form.dataset.version = document.getElementById("conflict").dataset.version;
      save(true);
    });
    document.querySelectorAll("[data-insert]").forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.dataset.insert;
        if (kind === "h2" || kind === "h3") insert(lineStart() + nextHeading(kind === "h2" ? 2 : 3), words.heading, "\n\n");
        else if (kind === "bold") insert("**", words.bold, "**");
        else if (kind === "list") insert(lineStart() + "- ", words.item, "\n");
        else if (kind === "table") insert(lineStart() + "| " + words.column + " 1 | " + words.column + " 2 |\n| --- | --- |\n| ", words.cell, " |  |\n\n");
        else if (kind === "link") {
          var select = document.getElementById("link-target");
          if (!select.value) return select.focus();
          insert("[", select.options[select.selectedIndex].text, "](" + select.value + ")");
        } else if (kind === "image") uploadImage();
      });
    });
    document.querySelectorAll("#findings li[data-line]").forEach(function (li) {
      addGoto(li, Number(li.dataset.line));
      if (li.dataset.photo) addUnlocate(li, li.dataset.photo);
    });
  }

  // ----- paste from Word/WPS -----
  // The clipboard's HTML is read into plain blocks here; the desk turns them into Markdown with
  // jianbao import's own rules (headings by style or by 一、/（一） numbering, bold, tables).
  var BLOCKS = /^(P|H[1-6]|LI|DIV|TD|TH|TABLE|UL|OL|BLOCKQUOTE|PRE|BODY|CENTER)$/;
  function styleOf(el, name) {
    return (el.getAttribute && (el.getAttribute("style") || "")).toLowerCase().replace(/\s/g, "").indexOf(name) >= 0;
  }
  function runsOf(node, marks, out) {
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        var text = child.nodeValue.replace(/[\r\n]+/g, " ");
        if (text) out.push({ text: text, bold: marks.bold, italic: marks.italic });
      } else if (child.nodeType === 1) {
        var tag = child.tagName;
        if (tag === "BR") return out.push({ br: true });
        if (tag === "STYLE" || tag === "SCRIPT" || tag === "IMG" || styleOf(child, "display:none")) return;
        var bold = marks.bold || tag === "B" || tag === "STRONG" || styleOf(child, "font-weight:bold") || styleOf(child, "font-weight:700");
        var italic = marks.italic || tag === "I" || tag === "EM" || styleOf(child, "font-style:italic");
        runsOf(child, { bold: bold, italic: italic }, out);
      }
    });
    return out;
  }
  function hasBlockChild(el) {
    return Array.prototype.some.call(el.children, function (c) { return BLOCKS.test(c.tagName); });
  }
  function blocksOf(el, out) {
    Array.prototype.forEach.call(el.children, function (child) {
      var tag = child.tagName;
      if (tag === "TABLE") {
        var rows = Array.prototype.map.call(child.rows, function (row) {
          return {
            header: Array.prototype.every.call(row.cells, function (c) { return c.tagName === "TH"; }),
            cells: Array.prototype.map.call(row.cells, function (c) {
              return { text: c.innerText.replace(/\s+/g, " ").trim(), colspan: c.colSpan || 1, rowspan: c.rowSpan || 1 };
            }),
          };
        });
        out.push({ kind: "table", rows: rows });
      } else if (/^(STYLE|SCRIPT|META|TITLE|HEAD)$/.test(tag)) {
        return;
      } else if (BLOCKS.test(tag) && hasBlockChild(child)) {
        blocksOf(child, out);
      } else if (BLOCKS.test(tag) || /^(SPAN|FONT|A|B|STRONG|I|EM)$/.test(tag)) {
        var heading = /^H([1-6])$/.exec(tag);
        var word = /MsoHeading([1-6])|MsoTitle/.exec(child.className || "");
        var outline = heading ? Number(heading[1]) - 1 : word && word[1] ? Number(word[1]) - 1 : null;
        var align = (child.getAttribute("align") || "").toLowerCase();
        out.push({
          kind: "p",
          runs: runsOf(child, { bold: false, italic: false }, []),
          outline: outline,
          centred: align === "center" || styleOf(child, "text-align:center"),
          right: align === "right" || styleOf(child, "text-align:right"),
        });
      }
    });
    return out;
  }
  if (form) {
    body.addEventListener("paste", function (event) {
      var html = event.clipboardData && event.clipboardData.getData("text/html");
      if (!html) return;
      event.preventDefault();
      var doc = new DOMParser().parseFromString(html, "text/html");
      var blocks = blocksOf(doc.body, []);
      post("api/paste", JSON.stringify({ blocks: blocks })).then(function (data) {
        if (!data.ok) return say(words.failed + data.message, true);
        put(lineStart() + data.markdown.replace(/\n+$/, "") + "\n");
        say(words.pasted);
      });
    });
  }

  // ----- new page and import -----
  var newPage = document.getElementById("new-page");
  if (newPage) {
    newPage.addEventListener("submit", function (event) {
      event.preventDefault();
      say(words.creating);
      var request = {
        section: document.getElementById("n-section").value,
        type: document.getElementById("n-type").value,
        title: document.getElementById("n-title").value,
      };
      post("api/new", JSON.stringify(request)).then(function (data) {
        if (data.ok) location.href = editAddress(data.file);
        else say(words.failed + data.message, true);
      });
    });
  }
  var importForm = document.getElementById("import");
  function importDocument(file) {
    say(words.importing);
    var route = "api/import?section=" + encodeURIComponent(document.getElementById("i-section").value) + "&name=" + encodeURIComponent(file.name);
    post(route, file, "application/octet-stream").then(function (data) {
      if (data.ok) location.href = editAddress(data.file);
      else say(data.message, true);
    });
  }
  if (importForm) {
    importForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var file = document.getElementById("i-file").files[0];
      if (file) importDocument(file);
    });
    // A Word document dropped anywhere on this page is imported into the chosen section.
    document.addEventListener("dragover", function (event) {
      event.preventDefault();
    });
    document.addEventListener("drop", function (event) {
      event.preventDefault();
      var file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) importDocument(file);
    });
  }
})();
