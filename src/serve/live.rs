//! The site as the preview currently serves it, and how it moves from one build to the next.
//!
//! Owns [`LiveSite`] (the snapshot HTTP threads read and the event streams they hold, behind one
//! lock) and [`Preview`] (rebuild, compare with the last good build, publish). Must not do I/O
//! itself: building is the [`Rebuild`]'s job, sockets are `http.rs`'s.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, MutexGuard};

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
}

/// The current snapshot and the open event streams, shared by the rebuild loop and every
/// connection thread.
#[derive(Debug, Default)]
pub struct LiveSite {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    snapshot: Arc<Snapshot>,
    streams: Vec<Sender<Arc<str>>>,
}

impl LiveSite {
    /// A site with nothing built yet.
    pub fn new() -> LiveSite {
        LiveSite::default()
    }

    /// What to serve now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.lock().snapshot.clone()
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

    /// Rebuilds after `changes`, publishes the result and tells open tabs what changed.
    pub fn update(&mut self, changes: &ChangeSet) -> Outcome {
        let previous = self.live.snapshot();
        let build = previous.build + 1;
        match self.rebuild.rebuild(changes) {
            Ok((files, report)) => {
                let changed = changed_targets(&previous.files, &files);
                // A fix that changes no output still has to take the overlay away.
                if !changed.is_empty() || previous.overlay.is_some() {
                    let message = Message::after_success(build, changed.clone());
                    let snapshot = Snapshot {
                        build,
                        files,
                        overlay: None,
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
                };
                self.live.publish(snapshot, &message);
                Outcome::Failed(error)
            }
        }
    }
}
