//! `jianbao serve` and `jianbao build --watch`: live preview and rebuilding on save.
//!
//! This module orchestrates; the parts live beside it:
//! - `watch.rs` — the `notify` watcher and the debouncing into one batch per burst of saves,
//!   each path classified by [`crate::preview::classify`];
//! - [`crate::preview::rebuild`] — the `Rebuild` interface (a [`crate::preview::Session`] that
//!   renders only what a save changed when it can) and the comparison of outputs;
//! - `live.rs` — the snapshot being served and how a build is published to it;
//! - `http.rs`, `request.rs` — the HTTP server and its strict request parsing;
//! - `reload.rs`, `reload.js`, `overlay.rs` — what open browser tabs are sent and shown.
//!
//! Network and watcher I/O stay in here. Nothing here prints or exits: progress goes to the
//! caller as [`Event`]s over a channel, failures to start as a returned [`Text`]; `main` prints.

pub mod http;
pub mod live;
pub mod overlay;
pub mod reload;
pub mod request;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::build::{BuildError, BuildOptions, BuildReport};
use crate::config::CONFIG_FILE;
use crate::desk::Desk;
use crate::diagnostics::Severity;
use crate::i18n::{Lang, Text};
use crate::preview::classify::ChangeSet;
use crate::preview::rebuild::CachedRebuild;
use live::{LiveSite, Outcome, Preview};
use watch::{SourceWatcher, Wake, WatchMode};

/// What `jianbao serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site (`root`, `drafts`…); `base_url` and `output` are replaced by the preview's.
    pub build: BuildOptions,
    /// The address to listen on (127.0.0.1 unless the user chose otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Open the preview in the default browser.
    pub open: bool,
    /// How file changes are noticed.
    pub watch: WatchMode,
    /// The language of the error overlay.
    pub lang: Lang,
    /// Serve the editing desk too (`--edit`): loopback only, drafts and scheduled pages shown.
    pub edit: bool,
}

/// Set from another thread (the Ctrl-C handler) to end [`serve`] or [`watch_build`].
#[derive(Debug, Clone, Default)]
pub struct StopSignal(Arc<AtomicBool>);

impl StopSignal {
    /// A signal not yet given.
    pub fn new() -> StopSignal {
        StopSignal::default()
    }

    /// Asks the loop to end; it does within [`STOP_CHECK`].
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`StopSignal::stop`] was called.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// How often the loops look at the [`StopSignal`] while nothing changes.
pub const STOP_CHECK: Duration = Duration::from_millis(100);

/// What happened, for `main` to print.
#[derive(Debug)]
pub enum Event {
    /// The preview server is listening at `url`; `exposed` when others on the network can reach
    /// it; `desk` is the editing desk's address (with its token) under `--edit`.
    Listening {
        url: String,
        exposed: bool,
        desk: Option<String>,
    },
    /// Watching has started.
    Watching(WatchMode),
    /// Sources changed; a build follows.
    Changed(ChangeSet),
    /// A build succeeded. `changed` counts the outputs that differ from the last good build in
    /// memory (`None` for the first one); `on_disk` when it was written to the output folder.
    Built {
        report: BuildReport,
        changed: Option<usize>,
        on_disk: bool,
    },
    /// A build failed; `serving` when the last good site is still being served under an overlay.
    Failed { error: BuildError, serving: bool },
    /// Something worth knowing that does not stop anything.
    Warning(Text),
    /// The loop ended after a stop signal.
    Stopped,
}

/// Builds the site into memory, serves it with live reload and rebuilds on every change until
/// `stop`. Returns an error only when the preview cannot start; bad content never ends it.
pub fn serve(
    options: &ServeOptions,
    stop: &StopSignal,
    events: &Sender<Event>,
) -> Result<(), Text> {
    if options.edit && !options.bind.is_loopback() {
        let bind = options.bind;
        return Err(text!(
            "编辑台（--edit）只能在本机地址上使用，不能与 --bind {bind} 一起用：编辑台可以改写网站文件，不能让网络上的其他人打开。请去掉 --bind，或用 --bind 127.0.0.1。",
            "the editing desk (--edit) runs on this computer's loopback address only and cannot be used with --bind {bind}: the desk writes the site's files, so others on the network must not reach it. Leave out --bind, or use --bind 127.0.0.1."
        ));
    }
    let root = site_root(&options.build.root)?;
    let server = bind(options.bind, options.port)?;
    let url = preview_url(server.local_addr().map_err(|err| start_error(&err))?);
    let desk = if options.edit {
        let desk = Desk::new(root.clone(), None)?;
        desk.follow_preview();
        Some(Arc::new(desk))
    } else {
        None
    };
    let desk_url = desk.as_ref().map(|desk| desk.address(&url));
    let desk_for_builds = desk.clone();
    let (wake_tx, wake_rx) = mpsc::channel();
    // Watch before the first build, so a save during it is not lost.
    let (mut watcher, warnings) = watch::start(&root, options.watch, wake_tx)?;
    let live = Arc::new(LiveSite::new());
    let build = BuildOptions {
        root,
        output: None,
        base_url: Some(url.clone()),
        // The desk previews the pages being written, not only the published ones.
        drafts: options.build.drafts || options.edit,
        future: options.build.future || options.edit,
        ..options.build.clone()
    };
    let mut preview = Preview::new(
        Box::new(CachedRebuild::new(build)),
        live.clone(),
        options.lang,
    );
    let first = Instant::now();
    tell(events, outcome_event(preview.start(), true));
    let running = server
        .start(live.clone(), desk)
        .map_err(|err| start_error(&err))?;
    let exposed = !options.bind.is_loopback();
    tell(
        events,
        Event::Listening {
            url: url.clone(),
            exposed,
            desk: desk_url.clone(),
        },
    );
    announce_watching(events, &watcher, warnings);
    if options.open {
        open_browser(desk_url.as_deref().unwrap_or(&url), events);
    }
    // The pages are served; the search index follows (requests for its files wait for it).
    if let Some(failed @ Outcome::Failed(_)) = preview.complete() {
        tell(events, outcome_event(failed, false));
    }
    feed_desk(desk_for_builds.as_ref(), &preview, first);
    watch_loop(&wake_rx, &mut watcher, stop, events, |changes| {
        let started = Instant::now();
        let event = outcome_event(preview.update(changes), false);
        feed_desk(desk_for_builds.as_ref(), &preview, started);
        event
    });
    live.close_streams();
    drop(running);
    tell(events, Event::Stopped);
    Ok(())
}

/// Hands the desk the site the preview built (it started reading sources at `started`), so that
/// its overview is made from it rather than from loading the site again. After a failed build
/// the desk loads and checks the site itself, in the background.
fn feed_desk(desk: Option<&Arc<Desk>>, preview: &Preview, started: Instant) {
    let Some(desk) = desk else {
        return;
    };
    match preview.site() {
        Some((site, warnings)) => desk.refresh(site, warnings, started),
        None => {
            desk.preview_failed();
            let desk = desk.clone();
            let _ = std::thread::Builder::new()
                .name("jianbao-desk-warm".into())
                .spawn(move || desk.warm());
        }
    }
}

/// Builds the site to its output folder (atomically, as `jianbao build` does) and again on every
/// change until `stop`. Failed builds leave the previous output in place and the loop running.
pub fn watch_build(
    options: &BuildOptions,
    mode: WatchMode,
    stop: &StopSignal,
    events: &Sender<Event>,
) -> Result<(), Text> {
    let root = site_root(&options.root)?;
    let options = BuildOptions {
        root: root.clone(),
        ..options.clone()
    };
    let (wake_tx, wake_rx) = mpsc::channel();
    let (mut watcher, warnings) = watch::start(&root, mode, wake_tx)?;
    tell(events, disk_build(&options));
    announce_watching(events, &watcher, warnings);
    watch_loop(&wake_rx, &mut watcher, stop, events, |_| {
        disk_build(&options)
    });
    tell(events, Event::Stopped);
    Ok(())
}

/// Waits for batches of changes and rebuilds once per batch until `stop`. Batches that queued up
/// during a slow build are merged, so a build never runs for changes already built.
fn watch_loop(
    wake: &Receiver<Wake>,
    watcher: &mut SourceWatcher,
    stop: &StopSignal,
    events: &Sender<Event>,
    mut rebuild: impl FnMut(&ChangeSet) -> Event,
) {
    while !stop.is_stopped() {
        let mut changes = match wake.recv_timeout(STOP_CHECK) {
            Ok(Wake::Changes(changes)) => changes,
            Ok(Wake::Problem(text)) => {
                tell(events, Event::Warning(text));
                continue;
            }
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        while let Ok(wake) = wake.try_recv() {
            match wake {
                Wake::Changes(more) => changes.extend(more),
                Wake::Problem(text) => tell(events, Event::Warning(text)),
            }
        }
        for problem in watcher.renew(&changes) {
            tell(events, Event::Warning(problem));
        }
        tell(events, Event::Changed(changes.clone()));
        tell(events, rebuild(&changes));
    }
}

fn outcome_event(outcome: Outcome, first: bool) -> Event {
    match outcome {
        Outcome::Built { report, changed } => Event::Built {
            report,
            changed: (!first).then_some(changed.len()),
            on_disk: false,
        },
        Outcome::Failed(error) => Event::Failed {
            error,
            serving: true,
        },
    }
}

fn disk_build(options: &BuildOptions) -> Event {
    match crate::build::build(options) {
        Ok(report) => Event::Built {
            report,
            changed: None,
            on_disk: true,
        },
        Err(error) => Event::Failed {
            error,
            serving: false,
        },
    }
}

fn announce_watching(events: &Sender<Event>, watcher: &SourceWatcher, warnings: Vec<Text>) {
    for warning in warnings {
        tell(events, Event::Warning(warning));
    }
    tell(events, Event::Watching(watcher.mode));
}

/// Sends an event; when `main` has stopped listening there is nobody left to tell.
fn tell(events: &Sender<Event>, event: Event) {
    let _ = events.send(event);
}

/// The site folder, made absolute, after checking it holds `site.yaml`: a preview of the wrong
/// folder should fail at once rather than wait for a site to appear.
fn site_root(root: &Path) -> Result<PathBuf, Text> {
    let config = root.join(CONFIG_FILE);
    if !config.is_file() {
        let shown = config.display();
        return Err(text!(
            "找不到网站配置文件 {shown}。请在网站文件夹里运行，或用 --root 指定；新建网站用 `jianbao init 文件夹`。",
            "cannot find the site configuration {shown}. Run inside the site folder or pass --root; start a new site with `jianbao init DIR`."
        ));
    }
    std::fs::canonicalize(root).map_err(|err| {
        let shown = root.display();
        text!(
            "无法打开网站文件夹 {shown}：{err}",
            "cannot open the site folder {shown}: {err}"
        )
    })
}

fn bind(ip: IpAddr, port: u16) -> Result<http::Server, Text> {
    let addr = SocketAddr::new(ip, port);
    let next = port.wrapping_add(1);
    http::Server::bind(addr).map_err(|err| match err.kind() {
        std::io::ErrorKind::AddrInUse => text!(
            "端口 {port} 已被占用（也许另一个 jianbao serve 正在运行）。换一个端口，例如 --port {next}，或用 --port 0 自动选择空闲端口。",
            "port {port} is already in use (perhaps by another jianbao serve). Choose another one, such as --port {next}, or --port 0 for any free port."
        ),
        std::io::ErrorKind::PermissionDenied => text!(
            "没有权限使用端口 {port}（1024 以下的端口需要管理员权限）。请换一个端口，例如 --port 1111。",
            "not allowed to use port {port} (ports below 1024 need administrator rights). Choose another one, such as --port 1111."
        ),
        _ => text!("无法在 {addr} 上启动预览：{err}", "cannot start the preview on {addr}: {err}"),
    })
}

fn start_error(err: &std::io::Error) -> Text {
    text!(
        "无法启动预览服务：{err}",
        "cannot start the preview server: {err}"
    )
}

/// The URL to print and to build links with. An unspecified address (0.0.0.0) is reachable on
/// this machine as the loopback one; links are root-relative, so other machines work too.
fn preview_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Opens `url` in the default browser; a failure is only a warning (a server without a desktop
/// has no browser to open).
fn open_browser(url: &str, events: &Sender<Event>) {
    let mut command = if cfg!(target_os = "windows") {
        let mut command = Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let url = url.to_string();
    let warning = move |reason: String| {
        Event::Warning(text!(
            "无法自动打开浏览器（{reason}），请手动打开 {url}",
            "could not open a browser ({reason}); open {url} yourself"
        ))
    };
    match command.spawn() {
        Ok(mut child) => {
            let events = events.clone();
            // `xdg-open` may take a moment; waiting must not hold up the first requests.
            let _ = std::thread::Builder::new().spawn(move || match child.wait() {
                Ok(status) if !status.success() => tell(&events, warning(status.to_string())),
                Err(err) => tell(&events, warning(err.to_string())),
                Ok(_) => {}
            });
        }
        Err(err) => tell(events, warning(err.to_string())),
    }
}

impl Event {
    /// The event as lines for a terminal, in `lang`.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let say = |text: Text| vec![text.get(lang).to_string()];
        match self {
            Event::Listening { url, exposed, desk } => {
                listening_lines(url, *exposed, desk.as_deref(), lang)
            }
            Event::Watching(mode) => say(watching_text(*mode)),
            Event::Changed(changes) => say(changed_text(changes)),
            Event::Built {
                report,
                changed,
                on_disk,
            } => built_lines(report, *changed, *on_disk, lang),
            Event::Failed { error, serving } => failed_lines(error, *serving, lang),
            Event::Warning(text) => say(warning(text, lang)),
            Event::Stopped => say(text!("已停止。", "stopped.")),
        }
    }
}

fn warning(text: &Text, lang: Lang) -> Text {
    let message = text.get(lang);
    text!("警告：{message}", "warning: {message}")
}

fn listening_lines(url: &str, exposed: bool, desk: Option<&str>, lang: Lang) -> Vec<String> {
    let mut lines = vec![
        text!(
            "预览地址：{url}　（按 Ctrl-C 停止）",
            "Preview at {url} (press Ctrl-C to stop)"
        )
        .get(lang)
        .to_string(),
    ];
    if let Some(desk) = desk {
        let line = text!(
            "编辑台：{desk}　（地址含本次运行的口令，只在本机打开，不要发给别人）",
            "Desk at {desk} (the address holds this run's token: open it on this computer only, do not share it)"
        );
        lines.push(line.get(lang).to_string());
    }
    if exposed {
        let text = text!(
            "预览对同一网络中的其他人也可见（包括草稿）。只在可信的网络中使用 --bind 0.0.0.0。",
            "the preview is visible to others on the network, drafts included. Use --bind 0.0.0.0 on trusted networks only."
        );
        lines.push(warning(&text, lang).get(lang).to_string());
    }
    lines
}

fn watching_text(mode: WatchMode) -> Text {
    match mode {
        WatchMode::Native => text!(
            "正在监视 content/、data/、templates/、static/ 和 site.yaml，保存后自动重新生成。",
            "watching content/, data/, templates/, static/ and site.yaml; saving rebuilds."
        ),
        WatchMode::Poll => text!(
            "正在以轮询方式监视 content/、data/、templates/、static/ 和 site.yaml，保存后自动重新生成。",
            "polling content/, data/, templates/, static/ and site.yaml for changes; saving rebuilds."
        ),
    }
}

fn changed_text(changes: &ChangeSet) -> Text {
    let first = changes
        .first_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "?".into());
    match changes.len() {
        0 | 1 => text!("有变化：{first}", "changed: {first}"),
        n => {
            let more = n - 1;
            text!(
                "有变化：{first} 等 {n} 处",
                "changed: {first} and {more} more"
            )
        }
    }
}

fn built_lines(
    report: &BuildReport,
    changed: Option<usize>,
    on_disk: bool,
    lang: Lang,
) -> Vec<String> {
    let mut lines: Vec<String> = report.warnings.iter().map(|d| d.render(lang)).collect();
    let pages = report.stats.pages;
    let pages_en = crate::i18n::counted(pages, "page", "pages");
    let ms = report.elapsed.as_millis();
    let out = report.output.display();
    let text = match (on_disk, changed) {
        (true, _) => text!(
            "已生成：{pages} 个页面，用时 {ms} 毫秒 → {out}",
            "built {pages_en} in {ms} ms → {out}"
        ),
        (false, Some(changed)) => {
            let changed_en = crate::i18n::counted(changed, "output", "outputs");
            text!(
                "已重新生成：{pages} 个页面，用时 {ms} 毫秒，{changed} 个文件有变化",
                "rebuilt {pages_en} in {ms} ms; {changed_en} changed"
            )
        }
        (false, None) => text!(
            "已生成：{pages} 个页面，用时 {ms} 毫秒（只在内存中，不写入输出文件夹）",
            "built {pages_en} in {ms} ms (in memory only; the output folder is not touched)"
        ),
    };
    lines.push(text.get(lang).to_string());
    lines
}

fn failed_lines(error: &BuildError, serving: bool, lang: Lang) -> Vec<String> {
    let (mut lines, errors) = match error {
        BuildError::Content(diagnostics) => {
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            (diagnostics.iter().map(|d| d.render(lang)).collect(), errors)
        }
        BuildError::Io(err) => (vec![format!("{err:#}")], 1),
    };
    let text = if serving {
        text!(
            "发现 {errors} 个错误。浏览器中显示错误提示，保存修正后自动恢复。",
            "{errors} error(s). Browsers show them over the last good page and recover once a fix is saved."
        )
    } else {
        text!(
            "发现 {errors} 个错误，原有的输出保持不变；保存修正后自动重新生成。",
            "{errors} error(s); the previous output is unchanged and saving a fix rebuilds it."
        )
    };
    lines.push(text.get(lang).to_string());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_are_shown_as_loopback() {
        assert_eq!(
            preview_url("0.0.0.0:1111".parse().unwrap()),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(preview_url("[::]:80".parse().unwrap()), "http://[::1]:80/");
        assert_eq!(
            preview_url("127.0.0.1:8".parse().unwrap()),
            "http://127.0.0.1:8/"
        );
    }

    #[test]
    fn a_port_in_use_says_what_to_do() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port();
        let message = bind("127.0.0.1".parse().unwrap(), port).err().unwrap();
        assert!(message.en.contains("already in use"), "{}", message.en);
        assert!(message.zh.contains("已被占用") && message.zh.contains("--port 0"));
    }
}
