//! A progress bar for long builds, shown only on a terminal: short builds and CI logs stay a
//! single summary line.

use std::io::IsTerminal as _;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressStyle};
use jianbao::i18n::Lang;
use jianbao::render::Progress;

/// Below this many outputs a build takes well under a second and needs no bar.
const LONG_BUILD_OUTPUTS: usize = 2_000;

/// More documents than this get a bar during `import`: each takes a noticeable moment.
const LONG_IMPORT_FILES: usize = 5;

pub struct TerminalProgress {
    lang: Lang,
    bar: OnceLock<ProgressBar>,
    threshold: usize,
    label: (&'static str, &'static str),
}

impl TerminalProgress {
    pub fn new(lang: Lang) -> TerminalProgress {
        TerminalProgress {
            lang,
            bar: OnceLock::new(),
            threshold: LONG_BUILD_OUTPUTS,
            label: ("生成页面", "rendering"),
        }
    }

    /// The bar `import` shows for more than a handful of documents.
    pub fn for_import(lang: Lang) -> TerminalProgress {
        TerminalProgress {
            threshold: LONG_IMPORT_FILES + 1,
            label: ("导入文档", "importing"),
            ..TerminalProgress::new(lang)
        }
    }
}

impl Progress for TerminalProgress {
    fn start(&self, total: usize) {
        let bar = if total >= self.threshold && std::io::stderr().is_terminal() {
            let label = if self.lang == Lang::Zh {
                self.label.0
            } else {
                self.label.1
            };
            let style =
                ProgressStyle::with_template(&format!("{label} {{bar:40}} {{pos}}/{{len}}"))
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
            ProgressBar::new(total as u64).with_style(style)
        } else {
            ProgressBar::hidden()
        };
        let _ = self.bar.set(bar);
    }

    fn advance(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }

    fn waiting_for(&self, lock: &std::path::Path) {
        let lock = lock.display();
        let line = if self.lang == Lang::Zh {
            format!("另一次生成正在写入同一个输出目录（锁文件 {lock}），等它结束……")
        } else {
            format!(
                "another build is writing the same output folder (lock file {lock}); waiting for it to finish…"
            )
        };
        eprintln!("{line}");
    }
}
