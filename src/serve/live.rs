//! The site as the preview currently serves it, and how it moves from one build to the next.
//!
//! Owns [`LiveSite`] (the snapshot HTTP threads read and the event streams they hold, behind one
//! lock) and [`Preview`] (rebuild, compare with the last good build, publish). Must not do I/O
//! itself: building is the [`Rebuild`]'s job, sockets are `http.rs`'s.

use std::collections::{BTreeSet, VecDeque};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::build::{BuildError, BuildReport};
use crate::i18n::Lang;
use crate::preview::classify::ChangeSet;
use crate::preview::rebuild::{Outputs, Rebuild, changed_targets};
use crate::serve::overlay;
use crate::serve::reload::Message;

/// What is served right now.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts published builds; pages carry it so a tab can tell it missed one.
    pub build: u64,
    /// The last good build (empty until one succeeds).
    pub files: Arc<Outputs>,
    /// The overlay to put on every page while the latest build failed.
    pub overlay: Option<Arc<str>>,
    /// The build left some outputs (its search index) to a second step that is under way: a
    /// file not found may yet appear, so a request for one waits ([`LiveSite::complete_snapshot`]).
    pub incomplete: bool,
}

/// The current snapshot and the open event streams, shared by the rebuild loop and every
/// connection thread.
#[derive(Debug, Default)]
pub struct LiveSite {
    state: Mutex<State>,
    /// Signalled at every publish.
    published: Condvar,
}

#[derive(Debug, Default)]
struct State {
    snapshot: Arc<Snapshot>,
    streams: Vec<Sender<Arc<str>>>,
    /// The pages served last, newest at the back, each once (at most [`VIEWED`]).
    viewed: VecDeque<String>,
}

/// How many recently served pages a template edit renders first.
const VIEWED: usize = 8;

impl LiveSite {
    /// A site with nothing built yet.
    pub fn new() -> LiveSite {
        LiveSite::default()
    }

    /// What to serve now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.lock().snapshot.clone()
    }

    /// The first snapshot that is not [`Snapshot::incomplete`], waiting for it at most
    /// `timeout`; after that, what is served then.
    pub fn complete_snapshot(&self, timeout: Duration) -> Arc<Snapshot> {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        while state.snapshot.incomplete {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state = match self.published.wait_timeout(state, left) {
                Ok((state, _)) => state,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        state.snapshot.clone()
    }

    /// Opens an event stream: the events to send, and the build it starts from. Taken under the
    /// same lock as [`LiveSite::publish`], so a new stream never misses a build.
    pub fn subscribe(&self) -> (Receiver<Arc<str>>, u64) {
        let (tx, rx) = mpsc::channel();
        let mut state = self.lock();
        state.streams.push(tx);
        (rx, state.snapshot.build)
    }

    /// Serves `snapshot` from now on and sends `message` to every open stream.
    pub fn publish(&self, snapshot: Snapshot, message: &Message) {
        let event: Arc<str> = message.to_event().into();
        let mut state = self.lock();
        state.snapshot = Arc::new(snapshot);
        // A stream whose connection ended has dropped its receiver: forget it.
        state
            .streams
            .retain(|stream| stream.send(event.clone()).is_ok());
        self.published.notify_all();
    }

    /// Notes that the page at `target` (`news/tea/index.html`) was served: a tab shows it.
    pub fn note_viewed(&self, target: &str) {
        let mut state = self.lock();
        let viewed = &mut state.viewed;
        if viewed.back().is_some_and(|last| last == target) {
            return;
        }
        viewed.retain(|t| t != target);
        if viewed.len() == VIEWED {
            viewed.pop_front();
        }
        viewed.push_back(target.to_owned());
    }

    /// The pages served last (see [`LiveSite::note_viewed`]).
    pub fn viewed(&self) -> BTreeSet<String> {
        self.lock().viewed.iter().cloned().collect()
    }

    /// Serves `snapshot`, the same build completed, from now on, without telling open streams.
    pub fn complete(&self, snapshot: Snapshot) {
        self.lock().snapshot = Arc::new(snapshot);
        self.published.notify_all();
    }

    /// Ends every open stream (the server is stopping).
    pub fn close_streams(&self) {
        self.lock().streams.clear();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking connection thread cannot leave the state half-written: every update
        // replaces whole values.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What one update did.
#[derive(Debug)]
pub enum Outcome {
    /// The site built; `changed` lists the outputs whose bytes differ from the last good build.
    Built {
        report: BuildReport,
        changed: Vec<String>,
    },
    /// The site did not build; the last good one is still served, under the overlay.
    Failed(BuildError),
}

/// Drives a [`LiveSite`] from build to build.
pub struct Preview {
    rebuild: Box<dyn Rebuild>,
    live: Arc<LiveSite>,
    lang: Lang,
}

impl Preview {
    /// A preview publishing into `live`, with overlays written in `lang`.
    pub fn new(rebuild: Box<dyn Rebuild>, live: Arc<LiveSite>, lang: Lang) -> Preview {
        Preview {
            rebuild,
            live,
            lang,
        }
    }

    /// The site of the last successful build and its warnings, while the rebuild keeps it.
    pub fn site(&self) -> Option<(&crate::content::Site, &[crate::diagnostics::Diagnostic])> {
        self.rebuild.site()
    }

    /// The first build, published possibly without what takes longest and is needed least at
    /// first (the search index, see [`Rebuild::rebuild_first`]), so that pages are served
    /// sooner; [`Preview::complete`] must follow.
    pub fn start(&mut self) -> Outcome {
        let result = self.rebuild.rebuild_first(&ChangeSet::new());
        let incomplete = result.is_ok() && self.rebuild.incomplete();
        self.publish(result, incomplete)
    }

    /// Rebuilds after `changes`, publishes the result and tells open tabs what changed. Only
    /// the first build is published in two steps: later, tabs are open and a step that removed
    /// the search index's files and one that put them back would each tell them to reload.
    ///
    /// After a template edit the pages tabs showed last are published first (see
    /// [`Rebuild::templates_first`]); the outcome then counts what both steps changed.
    pub fn update(&mut self, changes: &ChangeSet) -> Outcome {
        let first = (self.rebuild)
            .templates_first(changes, &self.live.viewed())
            .map(|built| self.publish(Ok(built), false));
        let result = self.rebuild.rebuild(changes);
        match (first, self.publish(result, false)) {
            (Some(Outcome::Built { changed: early, .. }), Outcome::Built { report, changed }) => {
                let changed: BTreeSet<String> = early.into_iter().chain(changed).collect();
                Outcome::Built {
                    report,
                    changed: changed.into_iter().collect(),
                }
            }
            (_, outcome) => outcome,
        }
    }

    /// Makes and serves what [`Preview::start`] left out; `None` when it left nothing. The
    /// completed build keeps its number and tells no tab anything (no page it serves changed);
    /// only requests waiting for a file it adds see it. Its failure is published as any other.
    pub fn complete(&mut self) -> Option<Outcome> {
        match self.rebuild.complete()? {
            Ok((files, report)) => {
                let previous = self.live.snapshot();
                let changed = changed_targets(&previous.files, &files);
                self.live.complete(Snapshot {
                    build: previous.build,
                    files,
                    overlay: None,
                    incomplete: false,
                });
                Some(Outcome::Built { report, changed })
            }
            failed => Some(self.publish(failed, false)),
        }
    }

    fn publish(
        &mut self,
        result: Result<(Arc<Outputs>, BuildReport), BuildError>,
        incomplete: bool,
    ) -> Outcome {
        let previous = self.live.snapshot();
        let build = previous.build + 1;
        match result {
            Ok((files, report)) => {
                let changed = changed_targets(&previous.files, &files);
                // A fix that changes no output still has to take the overlay away.
                if !changed.is_empty() || previous.overlay.is_some() || previous.incomplete {
                    let message = Message::after_success(build, changed.clone());
                    let snapshot = Snapshot {
                        build,
                        files,
                        overlay: None,
                        incomplete,
                    };
                    self.live.publish(snapshot, &message);
                }
                Outcome::Built { report, changed }
            }
            Err(error) => {
                let overlay = overlay::render(&error, self.lang);
                let message = Message::after_failure(build, overlay.clone());
                let snapshot = Snapshot {
                    build,
                    files: previous.files.clone(),
                    overlay: Some(overlay.into()),
                    incomplete: false,
                };
                self.live.publish(snapshot, &message);
                Outcome::Failed(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(build: u64, incomplete: bool) -> Snapshot {
        Snapshot {
            build,
            incomplete,
            ..Snapshot::default()
        }
    }

    #[test]
    fn a_request_waits_for_the_rest_of_an_incomplete_build() {
        let live = Arc::new(LiveSite::new());
        live.publish(snapshot(1, true), &Message::after_success(1, Vec::new()));
        let later = Arc::clone(&live);
        let (events, _) = live.subscribe();
        let completer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            later.complete(snapshot(1, false));
        });
        let got = live.complete_snapshot(Duration::from_secs(30));
        assert_eq!((got.build, got.incomplete), (1, false));
        completer.join().unwrap();
        // Completing the build told no open stream anything.
        assert!(events.try_recv().is_err());
        // A complete snapshot is had at once.
        let started = Instant::now();
        assert_eq!(live.complete_snapshot(Duration::from_secs(30)).build, 1);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn the_wait_ends_at_its_limit_with_what_is_served() {
        let live = LiveSite::new();
        live.publish(snapshot(1, true), &Message::after_success(1, Vec::new()));
        let got = live.complete_snapshot(Duration::from_millis(50));
        assert_eq!((got.build, got.incomplete), (1, true));
    }

    #[test]
    fn the_pages_viewed_last_are_kept_each_once() {
        let live = LiveSite::new();
        for i in 0..10 {
            live.note_viewed(&format!("p{i}/index.html"));
        }
        live.note_viewed("p5/index.html");
        live.note_viewed("p5/index.html");
        let viewed = live.viewed();
        assert_eq!(viewed.len(), VIEWED);
        assert!(!viewed.contains("p0/index.html") && !viewed.contains("p1/index.html"));
        assert!(viewed.contains("p5/index.html") && viewed.contains("p9/index.html"));
        // p5, seen again, is the newest: the next two new pages push out p2 and p3.
        live.note_viewed("q/index.html");
        live.note_viewed("r/index.html");
        let viewed = live.viewed();
        assert!(viewed.contains("p5/index.html") && !viewed.contains("p3/index.html"));
    }
}
