//! `jianbao serve --edit`: the editing desk, pages in the browser where a person lists the
//! site's pages, edits one through a form and a Markdown editor, saves, sees `check`'s findings
//! and the page in the preview, starts a page or imports a Word document.
//!
//! Parts:
//! - `guard.rs` — the per-run secrets and the checks every request passes (token in the path,
//!   `Origin`, CSRF header, content type, size), before a body is read;
//! - `paths.rs` — paths confined to `content/` and `static/`, upload names made safe;
//! - `front.rs` — the form's fields per content type, written back into the front matter line
//!   by line;
//! - `store.rs` — the overview (pages, status, findings), opening and saving a page (refusing
//!   when the file changed on disk), new pages, uploads, import;
//! - `html.rs`, `desk.js`, `desk.css` — the pages; plain script served as it is, no build step.
//!
//! The HTTP server (`serve/http.rs`) hands requests under [`PREFIX`] to [`Desk`]; the desk
//! answers with a [`Reply`]. It never prints; it writes only through `output` and `import`.

pub mod front;
pub mod guard;
mod html;
pub mod paste;
pub mod paths;
pub mod store;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::i18n::{Lang, Text};
use guard::{Caller, Refusal, Secrets};

/// The desk's addresses: `PREFIX` + token + `/` + route. Inside the preview's reserved
/// `/__jianbao/`, so no page of the site can take them.
pub const PREFIX: &str = "/__jianbao/desk/";

/// The desk of one `serve --edit` run.
#[derive(Debug)]
pub struct Desk {
    root: PathBuf,
    secrets: Secrets,
    today: Option<Date>,
    /// The overview (the whole site loaded and checked), kept until the sources change.
    kept: Mutex<Kept>,
    /// Told when a new overview is kept.
    renewed: Condvar,
    /// The text rules' findings per file, kept between the preview's builds.
    memo: Mutex<crate::check::TextMemo>,
}

#[derive(Debug, Default)]
struct Kept {
    /// Counts changes of the sources; an overview computed across one is not kept.
    generation: u64,
    overview: Option<Arc<store::Overview>>,
    /// `warm` is computing an overview now: a page asking for one is told to wait rather
    /// than computing a second one beside it.
    warming: bool,
    /// The preview hands the desk the site of each build it makes ([`Desk::refresh`]): the
    /// desk never loads the site itself then.
    followed: bool,
    /// When the sources the kept overview shows were read (the start of the preview's build).
    read_at: Option<Instant>,
    /// When the desk last wrote a source: an overview read before that is out of date.
    wrote_at: Option<Instant>,
}

impl Kept {
    /// Whether the kept overview shows the desk's own last write.
    fn is_current(&self) -> bool {
        // Without the preview's builds a write drops the overview, so a kept one is current.
        self.overview.is_some()
            && (!self.followed
                || match (self.wrote_at, self.read_at) {
                    (Some(wrote), Some(read)) => read > wrote,
                    (Some(_), None) => false,
                    (None, _) => true,
                })
    }
}

/// A request as the desk sees it.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The target as sent (`/__jianbao/desk/TOKEN/edit?file=…`).
    pub target: &'a str,
    /// The checks' view of it.
    pub caller: Caller<'a>,
}

/// The desk's answer.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    fn html(status: u16, body: String) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
        }
    }

    fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: value.to_string().into_bytes(),
        }
    }

    fn problem(status: u16, message: &Text, lang: Lang) -> Reply {
        Reply::json(
            status,
            &serde_json::json!({ "ok": false, "message": message.get(lang) }),
        )
    }

    /// A refusal as plain text in both languages (the person may not have the desk open).
    pub fn refused(refusal: &Refusal) -> Reply {
        let body = format!(
            "{} {}\n{}\n",
            refusal.status, refusal.reason.zh, refusal.reason.en
        );
        Reply {
            status: refusal.status,
            content_type: "text/plain; charset=utf-8",
            body: body.into_bytes(),
        }
    }
}

/// A request that passed the checks: the route after the token and its query.
#[derive(Debug, Clone)]
pub struct Admitted {
    route: String,
    query: BTreeMap<String, String>,
    writes: bool,
}

impl Desk {
    /// A desk for the site at `root` (absolute), with fresh secrets. `today` fixes the day
    /// statuses and findings are judged on (tests); `None` is today.
    pub fn new(root: PathBuf, today: Option<Date>) -> Result<Desk, Text> {
        Ok(Desk {
            root,
            secrets: Secrets::generate()?,
            today,
            kept: Mutex::new(Kept::default()),
            renewed: Condvar::new(),
            memo: Mutex::new(crate::check::TextMemo::default()),
        })
    }

    /// The sources changed and the desk must look at them itself (the preview's build failed,
    /// or no preview hands it builds): the kept overview is dropped.
    pub fn sources_changed(&self) {
        let mut kept = self.lock();
        kept.generation += 1;
        kept.overview = None;
        kept.read_at = None;
    }

    /// From now on the preview hands the desk each build's site ([`Desk::refresh`]); until
    /// the first one arrives, pages say "preparing".
    pub fn follow_preview(&self) {
        self.lock().followed = true;
    }

    /// The preview built the site (reading its sources from `read_at` on, with `warnings`):
    /// the overview is made from that site, with `check`'s findings, of which only those of
    /// files changed since the last build are computed again.
    pub fn refresh(&self, site: &Site, warnings: &[Diagnostic], read_at: Instant) {
        // The first check of a large site takes seconds: the list is shown meanwhile.
        let first = {
            let kept = self.lock();
            kept.overview.is_none()
        };
        if first {
            let listing = store::listing_of(site, self.today);
            let mut kept = self.lock();
            kept.overview = Some(Arc::new(listing));
            kept.read_at = Some(read_at);
            kept.followed = true;
            drop(kept);
            self.renewed.notify_all();
        }
        let overview = {
            let mut memo = self
                .memo
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            store::overview_of(site, warnings.to_vec(), self.today, &mut memo)
        };
        let mut kept = self.lock();
        kept.generation += 1;
        kept.followed = true;
        match overview {
            Ok(overview) => {
                kept.overview = Some(Arc::new(overview));
                kept.read_at = Some(read_at);
            }
            // `site.yaml`'s `check:` is wrong: the desk's own computation reports it.
            Err(_) => {
                kept.followed = false;
                kept.overview = None;
            }
        }
        drop(kept);
        self.renewed.notify_all();
    }

    /// The preview's build failed: the desk loads and checks the site itself until the next
    /// build succeeds (the findings then include the build's errors).
    pub fn preview_failed(&self) {
        {
            let mut kept = self.lock();
            kept.followed = false;
        }
        self.sources_changed();
        self.renewed.notify_all();
    }

    /// The desk wrote a source: pages wait a moment for the overview that shows it.
    fn wrote(&self) {
        let followed = {
            let mut kept = self.lock();
            kept.wrote_at = Some(Instant::now());
            kept.followed
        };
        if !followed {
            self.sources_changed();
        }
    }

    /// Computes the overview now when none is kept, so that the next request finds it ready
    /// (`serve` calls it in a thread after a failed build).
    pub fn warm(&self) {
        {
            let mut kept = self.lock();
            if kept.overview.is_some() || kept.warming || kept.followed {
                return;
            }
            kept.warming = true;
        }
        let _ = self.overview();
        self.lock().warming = false;
        self.renewed.notify_all();
    }

    /// The overview to show, waiting at most `patience` for one that shows the desk's last
    /// write; `None` when there is none yet (the first build is still being checked). When
    /// the preview does not hand the desk its builds, the desk computes it (waiting as long as
    /// that takes). The flag says whether it shows the last write.
    fn current(&self, patience: Duration) -> Result<Option<(Arc<store::Overview>, bool)>, Text> {
        let deadline = Instant::now() + patience;
        let mut kept = self.lock();
        loop {
            if !kept.followed && !kept.warming {
                drop(kept);
                return self.overview().map(|o| Some((o, true)));
            }
            if kept.is_current() {
                return Ok(kept.overview.clone().map(|o| (o, true)));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(kept.overview.clone().map(|o| (o, false)));
            }
            kept = self
                .renewed
                .wait_timeout(kept, left)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
    }

    /// The kept overview, or a fresh one (kept unless the sources changed meanwhile).
    fn overview(&self) -> Result<Arc<store::Overview>, Text> {
        let generation = {
            let kept = self.lock();
            if let Some(overview) = &kept.overview {
                return Ok(overview.clone());
            }
            kept.generation
        };
        let fresh = Arc::new(store::overview(&self.root, self.today)?);
        let mut kept = self.lock();
        if kept.generation == generation {
            kept.overview = Some(fresh.clone());
        }
        Ok(fresh)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // Every update replaces whole values, so a panicked holder left nothing half-written.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The desk's address under the preview's `base` (`http://127.0.0.1:1111/`).
    pub fn address(&self, base: &str) -> String {
        format!(
            "{}{}{}/",
            base.trim_end_matches('/'),
            PREFIX,
            self.secrets.token
        )
    }

    /// Whether `target` is one of the desk's addresses (whatever its token).
    pub fn is_desk_target(target: &str) -> bool {
        target.starts_with(PREFIX) || target.split('?').next() == Some(PREFIX.trim_end_matches('/'))
    }

    /// The checks made before a body is read: the token, where the request comes from and,
    /// for a write, its CSRF header, type and size.
    pub fn admit(&self, call: &Call<'_>) -> Result<Admitted, Refusal> {
        let rest = call.target.strip_prefix(PREFIX).unwrap_or_default();
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (token, route) = path.split_once('/').unwrap_or((path, ""));
        guard::check_token(&self.secrets, token)?;
        let upload = matches!(route, "api/upload" | "api/import");
        guard::check_caller(&self.secrets, &call.caller, upload)?;
        Ok(Admitted {
            route: route.to_string(),
            query: parse_query(query),
            writes: call.caller.writes,
        })
    }

    /// Answers an admitted request; `body` is what it sent (empty for a read).
    pub fn answer(&self, request: &Admitted, body: &[u8]) -> Reply {
        let lang = match request.query.get("lang").map(String::as_str) {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        };
        let page = html::Page {
            lang,
            csrf: &self.secrets.csrf,
        };
        let q = |key: &str| request.query.get(key).map_or("", String::as_str);
        match (request.writes, request.route.as_str()) {
            (false, "") => self.with_overview(lang, |o| {
                let number = q("page").parse().unwrap_or(1);
                Reply::html(
                    200,
                    html::overview(&page, o, q("section"), q("status"), number),
                )
            }),
            (false, "edit") => {
                self.with_overview(lang, |o| match store::open(&self.root, q("file")) {
                    Ok(opened) => {
                        let kept = store::autosave_of(&self.root, q("file"));
                        Reply::html(
                            200,
                            html::editor(&page, o, q("file"), &opened, kept.as_ref()),
                        )
                    }
                    Err(message) => Reply::html(404, html::message(&page, &message)),
                })
            }
            (false, "new") => {
                self.with_overview(lang, |o| Reply::html(200, html::new_page(&page, o)))
            }
            (false, "api/docnumber") => {
                let (ok, message, suggestion) = match crate::content::check_doc_number(q("value")) {
                    Ok(()) => (true, String::new(), None),
                    Err(problem) => {
                        let message = match lang {
                            Lang::Zh => problem.message_zh,
                            Lang::En => problem.message_en,
                        };
                        (false, message, problem.suggestion)
                    }
                };
                Reply::json(
                    200,
                    &serde_json::json!({ "ok": ok, "message": message, "suggestion": suggestion }),
                )
            }
            (false, "desk.js") => Reply {
                status: 200,
                content_type: "text/javascript; charset=utf-8",
                body: include_str!("desk.js").as_bytes().to_vec(),
            },
            (false, "desk.css") => Reply {
                status: 200,
                content_type: "text/css; charset=utf-8",
                body: include_str!("desk.css").as_bytes().to_vec(),
            },
            (true, "api/save") => self.save(body, lang),
            (true, "api/new") => self.create(body, lang),
            (true, "api/review") => self.review(body, lang),
            (true, "api/autosave") => self.autosave(body, lang),
            (true, "api/fix") => self.fix(body, lang),
            (true, "api/unlocate") => self.unlocate(body, lang),
            (true, "api/paste") => match serde_json::from_slice::<paste::Pasted>(body) {
                Ok(pasted) => Reply::json(
                    200,
                    &serde_json::json!({ "ok": true, "markdown": paste::to_markdown(pasted) }),
                ),
                Err(_) => bad_json(lang),
            },
            (true, "api/upload") => self.upload(q("file"), q("name"), body, lang),
            (true, "api/import") => self.import(q("section"), q("name"), body, lang),
            (true, _) => Reply::problem(404, &Text::new("没有这个操作", "no such action"), lang),
            (false, _) => Reply::html(
                404,
                html::message(
                    &page,
                    &Text::new("编辑台没有这个页面。", "the desk has no such page."),
                ),
            ),
        }
    }

    fn with_overview(&self, lang: Lang, show: impl FnOnce(&store::Overview) -> Reply) -> Reply {
        let page = html::Page {
            lang,
            csrf: &self.secrets.csrf,
        };
        // Three quarters of a second (a small site's whole check) for an overview that shows
        // the desk's last write; then the one there is, or "preparing" when there is none.
        match self.current(Duration::from_millis(750)) {
            Ok(Some((overview, _))) => show(&overview),
            Ok(None) => Reply::html(200, html::preparing(&page)),
            Err(message) => Reply::html(500, html::message(&page, &message)),
        }
    }

    fn today(&self, overview: Option<&store::Overview>) -> Date {
        self.today
            .or(overview.map(|o| o.today))
            .unwrap_or_else(|| jiff::Zoned::now().date())
    }

    fn save(&self, body: &[u8], lang: Lang) -> Reply {
        let request: store::SaveRequest = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(_) => return bad_json(lang),
        };
        let content_type = request
            .fields
            .get("type")
            .cloned()
            .unwrap_or_else(|| "article".into());
        let fields = front::fields_for(&content_type);
        match store::save(&self.root, &request, &fields) {
            Ok(saved) => self.saved_reply(saved, &request.file, lang, true),
            Err(message) => Reply::problem(422, &message, lang),
        }
    }

    /// The answer to a write of `file`: its new version and findings, or the conflict.
    /// `wrote`: whether the file was written (a repair may find nothing to change).
    fn saved_reply(&self, saved: store::Saved, file: &str, lang: Lang, wrote: bool) -> Reply {
        match saved {
            store::Saved::Written(version) => {
                if wrote {
                    self.wrote();
                }
                // The preview rebuilds within a second of a save; its findings are waited for.
                let (findings, checked) = match self.current(Duration::from_secs(3)) {
                    Ok(Some((o, current))) => (findings_json(&o, file, lang), current && o.checked),
                    _ => (serde_json::Value::Array(Vec::new()), false),
                };
                let message = if checked {
                    Text::new("已保存。", "saved.")
                } else {
                    Text::new(
                        "已保存。检查结果还没有更新，稍后重新打开本页可以看到。",
                        "saved. The check's findings are not updated yet; open this page again in a moment to see them.",
                    )
                };
                Reply::json(
                    200,
                    &serde_json::json!({
                        "ok": true,
                        "version": version,
                        "message": message.get(lang),
                        "findings": findings,
                        "checked": checked,
                    }),
                )
            }
            store::Saved::Conflict(disk) => Reply::json(
                409,
                &serde_json::json!({
                    "ok": false,
                    "conflict": true,
                    "version": disk.version,
                    "disk": format!("---\n{}---\n{}", disk.yaml, disk.body),
                    "message": Text::new(
                        "文件在您打开之后被别人或别的程序改过了，没有保存。请比较两个版本后再决定。",
                        "the file was changed by someone or something else since you opened it; nothing was saved. Compare both versions, then choose.",
                    ).get(lang),
                }),
            ),
        }
    }

    /// Keeps unsaved edits, or drops them when the request says `"drop": true`.
    fn autosave(&self, body: &[u8], lang: Lang) -> Reply {
        #[derive(serde::Deserialize)]
        struct Request {
            #[serde(flatten)]
            edits: store::Autosave,
            #[serde(default)]
            drop: bool,
        }
        let request: Request = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(_) => return bad_json(lang),
        };
        if request.drop {
            store::drop_autosave(&self.root, &request.edits.file);
            return Reply::json(200, &serde_json::json!({ "ok": true }));
        }
        let zone = self
            .config()
            .map_or(jiff::tz::TimeZone::UTC, |config| config.timezone);
        match store::keep_autosave(&self.root, &request.edits, &zone) {
            Ok(()) => Reply::json(200, &serde_json::json!({ "ok": true })),
            Err(message) => Reply::problem(422, &message, lang),
        }
    }

    fn fix(&self, body: &[u8], lang: Lang) -> Reply {
        let request: store::FixRequest = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(_) => return bad_json(lang),
        };
        match store::fix(&self.root, &request) {
            Ok((saved, changed)) => self.saved_reply(saved, &request.file, lang, changed > 0),
            Err(message) => Reply::problem(422, &message, lang),
        }
    }

    /// Removes the GPS position from a photo an `image-gps` finding of the page names.
    fn unlocate(&self, body: &[u8], lang: Lang) -> Reply {
        #[derive(serde::Deserialize)]
        struct Request {
            file: String,
            photo: String,
        }
        let request: Request = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(_) => return bad_json(lang),
        };
        let Ok(Some((overview, _))) = self.current(Duration::from_millis(750)) else {
            return Reply::problem(503, &still_checking(), lang);
        };
        if !overview.checked {
            return Reply::problem(503, &still_checking(), lang);
        }
        let named = overview.findings.iter().any(|d| {
            d.code == "image-gps"
                && d.path == std::path::Path::new(&request.file)
                && d.excerpt.as_deref() == Some(request.photo.as_str())
        });
        let Some(source) = overview.located.get(&request.photo).filter(|_| named) else {
            let gone = Text::new(
                "这张照片已经没有拍摄地点了。",
                "this photo no longer carries a position.",
            );
            return Reply::problem(422, &gone, lang);
        };
        if let Err(message) = store::remove_position(&self.root, source, self.max_pixels()) {
            return Reply::problem(422, &message, lang);
        }
        self.wrote();
        let findings = match self.current(Duration::from_secs(3)) {
            Ok(Some((o, true))) => Some(findings_json(&o, &request.file, lang)),
            _ => None,
        };
        let photo = &request.photo;
        Reply::json(
            200,
            &serde_json::json!({
                "ok": true,
                "message": text!(
                    "已去掉 {photo} 的拍摄地点，照片本身没有改动。",
                    "removed the place {photo} was taken; the picture itself is unchanged."
                ).get(lang),
                "findings": findings,
            }),
        )
    }

    /// The site's pixel limit for photos (`images.max_pixels`).
    fn max_pixels(&self) -> u64 {
        self.config()
            .map_or(crate::config::ImageSettings::default().max_pixels, |c| {
                c.images.max_pixels
            })
    }

    fn review(&self, body: &[u8], lang: Lang) -> Reply {
        let request: store::ReviewRequest = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(_) => return bad_json(lang),
        };
        let overview = match self.current(Duration::from_secs(3)) {
            Ok(Some((overview, _))) if overview.checked => overview,
            Ok(_) => return Reply::problem(503, &still_checking(), lang),
            Err(message) => return Reply::problem(500, &message, lang),
        };
        match store::review(&self.root, &request, &overview) {
            Ok(saved) => self.saved_reply(saved, &request.file, lang, true),
            Err(message) => Reply::problem(422, &message, lang),
        }
    }

    fn create(&self, body: &[u8], lang: Lang) -> Reply {
        let request: store::NewPage = match serde_json::from_slice(body) {
            Ok(request) => request,
            Err(_) => return bad_json(lang),
        };
        let overview = self
            .current(Duration::from_millis(750))
            .ok()
            .flatten()
            .map(|(o, _)| o);
        let issue = overview
            .as_deref()
            .filter(|_| request.content_type == "bulletin")
            .map(|o| store::next_issue(&self.root, o, request.section.trim_matches('/')));
        let today = self.today(overview.as_deref());
        let created = store::create(&self.root, &request, today, issue);
        if created.is_ok() {
            self.wrote();
        }
        match created {
            Ok(file) => Reply::json(201, &serde_json::json!({ "ok": true, "file": file })),
            Err(message) => Reply::problem(422, &message, lang),
        }
    }

    fn upload(&self, file: &str, name: &str, body: &[u8], lang: Lang) -> Reply {
        let stored = store::upload(&self.root, file, name, body, self.max_pixels());
        if stored.is_ok() {
            self.wrote();
        }
        match stored {
            Ok(stored) => Reply::json(
                201,
                &serde_json::json!({
                    "ok": true,
                    "name": stored.name,
                    "note": match &stored.told {
                        Some(store::Told::Note(note)) => Some(note.get(lang)),
                        _ => None,
                    },
                    "warning": match &stored.told {
                        Some(store::Told::Warning(warning)) => Some(warning.get(lang)),
                        _ => None,
                    },
                }),
            ),
            Err(message) => Reply::problem(422, &message, lang),
        }
    }

    /// `site.yaml` as it is now (the desk's writes need a setting or two).
    fn config(&self) -> Option<crate::config::Config> {
        crate::build::read_config(&crate::build::BuildOptions {
            root: self.root.clone(),
            ..crate::build::BuildOptions::default()
        })
        .ok()
    }

    fn import(&self, section: &str, name: &str, body: &[u8], lang: Lang) -> Reply {
        let today = self.today(None);
        let imported = store::import_document(&self.root, section, name, body, today);
        if imported.is_ok() {
            self.wrote();
        }
        match imported {
            Ok(file) => Reply::json(201, &serde_json::json!({ "ok": true, "file": file })),
            Err(message) => Reply::problem(422, &message, lang),
        }
    }
}

fn still_checking() -> Text {
    Text::new(
        "网站还在检查中，请过几秒再试。",
        "the site is still being checked; try again in a few seconds.",
    )
}

fn bad_json(lang: Lang) -> Reply {
    Reply::problem(
        400,
        &Text::new("请求格式不对。", "the request is malformed."),
        lang,
    )
}

/// `check`'s findings in `file`, for the editor.
fn findings_json(overview: &store::Overview, file: &str, lang: Lang) -> serde_json::Value {
    overview
        .findings
        .iter()
        .filter(|d| d.path == std::path::Path::new(file))
        .map(|d| {
            serde_json::json!({
                "line": d.line,
                "severity": if d.severity == crate::diagnostics::Severity::Error { "error" } else { "warning" },
                "code": d.code,
                "message": d.message.get(lang),
                "hint": store::desk_hint(d).or_else(|| d.hint.clone()).map(|h| h.get(lang).to_string()),
                "photo": (d.code == "image-gps").then(|| d.excerpt.clone()).flatten(),
            })
        })
        .collect()
}

/// `a=1&b=%E4%B8%AD` as a map; `+` is a space, as forms send it.
fn parse_query(query: &str) -> BTreeMap<String, String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |text: &str| {
                percent_encoding::percent_decode_str(&text.replace('+', " "))
                    .decode_utf8()
                    .ok()
                    .map(|s| s.into_owned())
            };
            Some((decode(key)?, decode(value)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn while_the_overview_is_being_prepared_pages_say_so_at_once() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(
            site.path().join("site.yaml"),
            "title: 测试\nbase_url: https://x.gov.cn/\n",
        )
        .unwrap();
        std::fs::create_dir_all(site.path().join("content")).unwrap();
        let desk = Desk::new(site.path().to_path_buf(), None).unwrap();
        let request = |route: &str| Admitted {
            route: route.into(),
            query: BTreeMap::new(),
            writes: false,
        };
        desk.lock().warming = true;
        for route in ["", "new"] {
            let reply = desk.answer(&request(route), b"");
            let body = String::from_utf8(reply.body).unwrap();
            assert_eq!(reply.status, 200);
            assert!(body.contains("id=\"preparing\""), "{route}: {body}");
        }
        desk.lock().warming = false;
        desk.warm();
        let body = String::from_utf8(desk.answer(&request(""), b"").body).unwrap();
        assert!(
            !body.contains("preparing") && body.contains("全部页面"),
            "{body}"
        );
    }

    #[test]
    fn a_desk_following_the_preview_lists_its_site_and_checks_only_changed_files_again() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().to_path_buf();
        std::fs::write(
            root.join("site.yaml"),
            "title: 测试\nbase_url: https://x.gov.cn/\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        std::fs::write(
            root.join("content/news/_index.md"),
            "---\ntitle: 新闻\n---\n",
        )
        .unwrap();
        for (name, title) in [("a", "甲页"), ("b", "乙页")] {
            let text = format!("---\ntitle: {title}\ndate: 2026-01-05\n---\n正文XX。\n");
            std::fs::write(root.join(format!("content/news/{name}.md")), text).unwrap();
        }
        let load = || {
            let options = crate::build::BuildOptions {
                root: root.clone(),
                ..Default::default()
            };
            let config = crate::build::read_config(&options).unwrap();
            let load = crate::content::LoadOptions {
                drafts: true,
                future: true,
                now: jiff::Timestamp::now(),
                keep: crate::content::Keep::Outline,
            };
            crate::build::load_and_resolve(config, load).0
        };
        let today = Some(jiff::civil::date(2026, 1, 6));
        let desk = Desk::new(root.clone(), today).unwrap();
        desk.follow_preview();
        let list = || {
            let request = Admitted {
                route: String::new(),
                query: BTreeMap::new(),
                writes: false,
            };
            String::from_utf8(desk.answer(&request, b"").body).unwrap()
        };
        // No build handed over yet: the desk says so instead of loading the site itself.
        assert!(list().contains("id=\"preparing\""));
        desk.refresh(&load(), &[], Instant::now());
        let shown = list();
        assert!(shown.contains("甲页") && shown.contains("乙页"), "{shown}");
        let scanned = || desk.memo.lock().unwrap().scanned();
        assert_eq!(scanned(), 3, "two pages and the section");
        desk.refresh(&load(), &[], Instant::now());
        assert_eq!(scanned(), 0, "nothing changed, nothing read again");
        std::fs::write(
            root.join("content/news/a.md"),
            "---\ntitle: 甲页\ndate: 2026-01-05\n---\n正文改好了，这一段不再有占位符，而且比原来长。\n",
        )
        .unwrap();
        let before = desk.current(Duration::ZERO).unwrap().unwrap().0;
        assert_eq!(before.pages[0].findings, 1, "{:?}", before.findings);
        desk.wrote();
        let started = Instant::now();
        // A write waits for the build that read it; one read before it is not current.
        assert!(!desk.current(Duration::ZERO).unwrap().unwrap().1);
        desk.refresh(&load(), &[], started);
        assert_eq!(scanned(), 1, "only the saved page");
        let (after, current) = desk.current(Duration::ZERO).unwrap().unwrap();
        assert!(current);
        assert_eq!(after.pages[0].findings, 0, "{:?}", after.findings);
        assert_eq!(
            after.pages[1].findings, 1,
            "the other page's finding is kept"
        );
    }

    #[test]
    fn queries_decode_like_forms() {
        let q = parse_query("file=content%2Fnews%2F%E8%8C%B6.md&section=a+b&lang=en&x");
        assert_eq!(q["file"], "content/news/茶.md");
        assert_eq!(q["section"], "a b");
        assert_eq!(q["x"], "");
    }
}
