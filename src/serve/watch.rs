//! Watching the site's sources and turning bursts of file events into one [`ChangeSet`] each.
//!
//! Owns the `notify` watcher (inotify and friends, or polling with `--poll`), the debouncing
//! ([`Debouncer`], a pure state machine) and the advice shown when the system's watch limit is
//! reached. Must not build, serve or print: batches and problems go to the caller over a channel.
//!
//! Debouncing is our own rather than `notify-debouncer-full`'s: that one settles each path on its
//! own timer, so a `git checkout` touching hundreds of files over half a second comes out as
//! several batches, and it walks the whole tree at start to cache file ids. A rebuild needs the
//! opposite: one batch per burst, closed after a quiet period or a maximum wait.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode};

use crate::i18n::Text;
use crate::preview::classify::{Change, ChangeSet, classify};

/// How long the sources must stay still before a batch of one changed file is closed: long
/// enough for an editor's save dance (write temp, rename, delete backup — all within a few
/// milliseconds, and temporary names are ignored anyway), short enough that the preview follows a
/// save at once.
pub const QUIET: Duration = Duration::from_millis(30);
/// The quiet period once a batch holds two or more files: a `git checkout` or a copy is under way,
/// and one rebuild after it beats several during it.
pub const BURST_QUIET: Duration = Duration::from_millis(150);
/// A batch is closed this long after its first change even if events keep coming (a long copy).
pub const MAX_WAIT: Duration = Duration::from_secs(2);
/// How often `--poll` looks at every file: a network share cannot be asked much more often.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders watched recursively, relative to the site root; `site.yaml` is seen through a
/// non-recursive watch of the root itself, which also survives editors that replace the file.
const SOURCE_FOLDERS: [&str; 4] = ["content", "data", "templates", "static"];

/// What the watcher tells its owner.
#[derive(Debug)]
pub enum Wake {
    /// Sources changed.
    Changes(ChangeSet),
    /// The watcher hit a problem worth showing; it keeps running.
    Problem(Text),
}

/// How file changes are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// The operating system's notifications (inotify, FSEvents, ReadDirectoryChangesW).
    Native,
    /// Looking at every file's modification time every [`POLL_INTERVAL`].
    Poll,
}

/// A running watcher; dropping it stops the watching and its debounce thread.
pub struct SourceWatcher {
    root: PathBuf,
    watcher: BoxedWatcher,
    /// The mode actually in use (native falls back to polling at the watch limit).
    pub mode: WatchMode,
}

/// Starts watching the sources of the site at `root` (canonical) and sends a [`Wake`] for each
/// debounced batch. Returns the watcher and the warnings to show (such as a fallback to polling).
pub fn start(
    root: &Path,
    mode: WatchMode,
    wake: Sender<Wake>,
) -> Result<(SourceWatcher, Vec<Text>), Text> {
    let (raw_tx, raw_rx) = mpsc::channel();
    let mut warnings = Vec::new();
    let (watcher, mode) = match open_watcher(root, mode, raw_tx.clone()) {
        Ok(watcher) => (watcher, mode),
        Err(WatchFailure::Limit) if mode == WatchMode::Native => {
            warnings.push(limit_advice());
            warnings.push(text!(
                "已改用轮询方式监视文件（每 0.5 秒检查一次），效果相同但略慢。",
                "falling back to polling for changes (every 0.5 s): it works the same, only slower."
            ));
            let watcher =
                open_watcher(root, WatchMode::Poll, raw_tx).map_err(WatchFailure::message)?;
            (watcher, WatchMode::Poll)
        }
        Err(failure) => return Err(failure.message()),
    };
    let root_owned = root.to_path_buf();
    thread::Builder::new()
        .name("jianbao-debounce".into())
        .spawn(move || debounce_loop(&root_owned, &raw_rx, &wake))
        .map_err(|err| {
            text!(
                "无法启动监视线程：{err}",
                "cannot start the watch thread: {err}"
            )
        })?;
    let watcher = SourceWatcher {
        root: root.to_path_buf(),
        watcher,
        mode,
    };
    Ok((watcher, warnings))
}

impl SourceWatcher {
    /// Renews the watch of a source folder that was created, removed or renamed in `changes`
    /// (a `templates/` made after start, or a checkout that replaced `static/`).
    pub fn renew(&mut self, changes: &ChangeSet) -> Vec<Text> {
        let mut problems = Vec::new();
        for name in SOURCE_FOLDERS {
            if !changes.touches_folder(name) {
                continue;
            }
            let folder = self.root.join(name);
            let _ = self.watcher.unwatch(&folder);
            if folder.is_dir()
                && let Err(err) = self.watcher.watch(&folder, RecursiveMode::Recursive)
            {
                problems.push(describe(&err));
            }
        }
        problems
    }
}

type RawEvents = Sender<notify::Result<Event>>;

enum WatchFailure {
    /// The system's limit on watches or watcher instances.
    Limit,
    Other(Text),
}

impl WatchFailure {
    fn message(self) -> Text {
        match self {
            WatchFailure::Limit => limit_advice(),
            WatchFailure::Other(text) => text,
        }
    }
}

type BoxedWatcher = Box<dyn notify::Watcher + Send>;

fn open_watcher(
    root: &Path,
    mode: WatchMode,
    raw: RawEvents,
) -> Result<BoxedWatcher, WatchFailure> {
    let mut watcher: BoxedWatcher = match mode {
        WatchMode::Native => Box::new(notify::recommended_watcher(raw).map_err(failure)?),
        WatchMode::Poll => {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Box::new(notify::PollWatcher::new(raw, config).map_err(failure)?)
        }
    };
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(failure)?;
    for name in SOURCE_FOLDERS {
        let folder = root.join(name);
        if folder.is_dir() {
            watcher
                .watch(&folder, RecursiveMode::Recursive)
                .map_err(failure)?;
        }
    }
    Ok(watcher)
}

fn failure(err: notify::Error) -> WatchFailure {
    if is_limit(&err) {
        WatchFailure::Limit
    } else {
        WatchFailure::Other(describe(&err))
    }
}

/// Whether `err` is the system's watch limit: ENOSPC from `inotify_add_watch` (notify reports it
/// as `MaxFilesWatch`) or EMFILE from `inotify_init`, the per-user instance limit.
fn is_limit(err: &notify::Error) -> bool {
    match &err.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => io.raw_os_error() == Some(24), // EMFILE
        _ => false,
    }
}

fn describe(err: &notify::Error) -> Text {
    if is_limit(err) {
        return limit_advice();
    }
    let paths = err
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    text!(
        "监视文件变化时出错（{paths}）：{err}",
        "watching for changes failed ({paths}): {err}"
    )
}

/// What to do when the system allows no more watches: the temporary and the permanent fix.
pub fn limit_advice() -> Text {
    text!(
        "已达到系统允许监视的文件夹数量上限（inotify）。\n    临时提高：sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512\n    永久生效：echo 'fs.inotify.max_user_watches=524288' | sudo tee /etc/sysctl.d/60-jianbao-inotify.conf && sudo sysctl --system\n    或者加 --poll 改用轮询。",
        "the system's limit on watched folders (inotify) is reached.\n    Raise it now: sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512\n    Make it permanent: echo 'fs.inotify.max_user_watches=524288' | sudo tee /etc/sysctl.d/60-jianbao-inotify.conf && sudo sysctl --system\n    Or pass --poll to poll for changes instead."
    )
}

/// Reads raw events, classifies their paths and sends one batch per burst, until the watcher is
/// dropped (the raw channel closes) or nobody listens any more.
fn debounce_loop(root: &Path, raw: &Receiver<notify::Result<Event>>, wake: &Sender<Wake>) {
    let mut debouncer = Debouncer::new(QUIET, BURST_QUIET, MAX_WAIT);
    let mut limit_reported = false;
    loop {
        let received = match debouncer.deadline() {
            Some(deadline) => raw.recv_timeout(deadline.saturating_duration_since(Instant::now())),
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let now = Instant::now();
        match received {
            Ok(Ok(event)) => {
                for change in changes_of(root, &event) {
                    debouncer.add(change, now);
                }
            }
            Ok(Err(err)) => {
                // A limit hit while adding a new folder repeats for every folder: say it once.
                let limit = is_limit(&err);
                if !(limit && limit_reported) && wake.send(Wake::Problem(describe(&err))).is_err() {
                    return;
                }
                limit_reported |= limit;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if let Some(batch) = debouncer.take_due(Instant::now())
            && wake.send(Wake::Changes(batch)).is_err()
        {
            return;
        }
    }
}

/// The changes one raw event stands for. Reads are not changes: the build itself opens every
/// source, and counting those would rebuild forever.
fn changes_of(root: &Path, event: &Event) -> Vec<Change> {
    if event.need_rescan() {
        return vec![Change::Rescan];
    }
    let is_change = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    };
    if !is_change {
        return Vec::new();
    }
    let paths: BTreeSet<&PathBuf> = event.paths.iter().collect();
    paths
        .into_iter()
        .map(|path| match path.strip_prefix(root) {
            Ok(rel) => classify(rel),
            Err(_) => Change::Ignored,
        })
        .collect()
}

/// Collects changes until the sources have been quiet for `quiet` (`burst_quiet` once two or more
/// files changed), or `max_wait` has passed since the first change, whichever comes first. Time
/// is passed in, so tests need no sleeping.
#[derive(Debug)]
pub struct Debouncer {
    quiet: Duration,
    burst_quiet: Duration,
    max_wait: Duration,
    pending: ChangeSet,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Debouncer {
    /// A debouncer with the given quiet periods and maximum wait.
    pub fn new(quiet: Duration, burst_quiet: Duration, max_wait: Duration) -> Debouncer {
        Debouncer {
            quiet,
            burst_quiet,
            max_wait,
            pending: ChangeSet::new(),
            first: None,
            last: None,
        }
    }

    /// Records a change seen at `now`. Ignored paths neither open a batch nor keep it open, so
    /// a swap file written every few seconds does not delay anything.
    pub fn add(&mut self, change: Change, now: Instant) {
        if change == Change::Ignored {
            return;
        }
        self.pending.insert(change);
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When the open batch is due, if one is open.
    pub fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        let quiet = if self.pending.len() > 1 {
            self.burst_quiet
        } else {
            self.quiet
        };
        Some((last + quiet).min(first + self.max_wait))
    }

    /// The open batch, if it is due at `now`.
    pub fn take_due(&mut self, now: Instant) -> Option<ChangeSet> {
        if self.deadline()? > now {
            return None;
        }
        self.first = None;
        self.last = None;
        Some(std::mem::take(&mut self.pending))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(name: &str) -> Change {
        Change::Content(PathBuf::from("content").join(name))
    }

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn a_burst_of_saves_becomes_one_batch_after_the_quiet_period() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(150 * MS, 150 * MS, 2000 * MS);
        assert_eq!(debouncer.deadline(), None);
        // A checkout: 300 files, one every millisecond.
        for i in 0..300 {
            debouncer.add(content(&format!("{i}.md")), start + i * MS);
        }
        assert!(debouncer.take_due(start + 400 * MS).is_none(), "still busy");
        let batch = debouncer
            .take_due(start + 449 * MS)
            .expect("quiet for 150 ms");
        assert_eq!(batch.len(), 300);
        assert_eq!(debouncer.deadline(), None, "nothing left open");
    }

    #[test]
    fn a_single_save_closes_sooner_than_a_burst() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(30 * MS, 150 * MS, 2000 * MS);
        debouncer.add(content("a.md"), start);
        debouncer.add(content("a.md"), start + 2 * MS);
        assert_eq!(
            debouncer.deadline(),
            Some(start + 32 * MS),
            "one file: short quiet"
        );
        debouncer.add(content("b.md"), start + 10 * MS);
        assert_eq!(
            debouncer.deadline(),
            Some(start + 160 * MS),
            "two files: a burst"
        );
        assert!(debouncer.take_due(start + 100 * MS).is_none());
        let batch = debouncer
            .take_due(start + 160 * MS)
            .expect("due after the burst");
        assert_eq!(batch.len(), 2);
    }

    #[test]
    fn endless_events_are_cut_at_the_maximum_wait() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(150 * MS, 150 * MS, 2000 * MS);
        let mut batches = 0;
        for i in 0..5000u32 {
            let now = start + i * MS;
            debouncer.add(content("log.md"), now);
            if debouncer.take_due(now).is_some() {
                batches += 1;
            }
        }
        assert_eq!(batches, 2, "one batch every two seconds");
    }

    #[test]
    fn ignored_files_neither_open_nor_extend_a_batch() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(150 * MS, 150 * MS, 2000 * MS);
        debouncer.add(Change::Ignored, start);
        assert_eq!(debouncer.deadline(), None);
        debouncer.add(content("a.md"), start);
        debouncer.add(Change::Ignored, start + 100 * MS);
        assert_eq!(debouncer.deadline(), Some(start + 150 * MS));
    }

    #[test]
    fn reads_are_not_changes_but_finished_writes_are() {
        let root = Path::new("/site");
        let event = |kind| Event::new(kind).add_path(PathBuf::from("/site/content/a.md"));
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        assert!(changes_of(root, &event(open)).is_empty());
        let written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert_eq!(changes_of(root, &event(written)), [content("a.md")]);
        let removed = EventKind::Remove(notify::event::RemoveKind::File);
        assert_eq!(changes_of(root, &event(removed)), [content("a.md")]);
    }

    #[test]
    fn a_rename_changes_both_names() {
        let root = Path::new("/site");
        let event = Event::new(EventKind::Modify(notify::event::ModifyKind::Name(
            notify::event::RenameMode::Both,
        )))
        .add_path(PathBuf::from("/site/content/old.md"))
        .add_path(PathBuf::from("/site/content/new.md"));
        assert_eq!(
            changes_of(root, &event),
            [content("new.md"), content("old.md")]
        );
    }

    #[test]
    fn the_limit_advice_names_the_sysctl_and_the_permanent_fix() {
        let advice = limit_advice();
        for text in [&advice.zh, &advice.en] {
            assert!(text.contains("sysctl fs.inotify.max_user_watches=524288"));
            assert!(text.contains("/etc/sysctl.d/"));
            assert!(text.contains("--poll"));
        }
        let err = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        assert!(is_limit(&err));
        assert_eq!(describe(&err), advice);
    }
}
