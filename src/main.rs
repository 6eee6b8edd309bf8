//! The `jianbao` command: parse the command line, call the library, print what happened and
//! choose the exit code. Nothing else lives here.

mod cli;
mod progress;

use std::process::ExitCode;
use std::sync::mpsc;

use clap::Parser as _;
use jianbao::i18n::{Lang, Text, counted};
use jianbao::serve::watch::WatchMode;
use jianbao::serve::{Event, ServeOptions, StopSignal};
use jianbao::{BuildError, BuildOptions};

/// mimalloc instead of the C library's allocator: a build allocates millions of short strings
/// from two threads, and glibc's malloc took a fifth of the CPU samples of a 100,000-page build
/// (consolidating and splitting chunks) and made rendering grow faster than the page count.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let lang = cli.lang.map(Lang::from).unwrap_or_else(Lang::from_env);
    match cli.command {
        cli::Command::Build(args) if args.watch => build_watch(&args, lang),
        cli::Command::Build(args) => build(&args, lang),
        cli::Command::Init(args) => init(&args, lang),
        cli::Command::Serve(args) => serve(&args, lang),
        cli::Command::Check(args) => check(&args, lang),
    }
}

/// Prints every finding (stdout) and the summary; exit 0 when the site may be published, 1 when
/// not, 2 when it cannot be read at all.
fn check(args: &cli::CheckArgs, lang: Lang) -> ExitCode {
    let options = jianbao::check::CheckOptions {
        root: args.root.clone(),
        today: args.today,
    };
    let json = args.format == cli::Format::Json;
    match jianbao::check::check(&options) {
        Ok(report) => {
            for d in &report.diagnostics {
                if json {
                    println!("{}", d.to_json(lang));
                } else {
                    println!("{}\n", d.render(lang));
                }
            }
            // JSON output stays machine-readable: the summary goes to stderr there.
            if json {
                eprintln!("{}", report.summary(lang));
            } else {
                println!("{}", report.summary(lang));
            }
            if report.passes(args.strict) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(err) => {
            for d in err.into_diagnostics() {
                if json {
                    println!("{}", d.to_json(lang));
                } else {
                    eprintln!("{}", d.render(lang));
                }
            }
            let line = match lang {
                Lang::Zh => "无法读取网站，没有进行检查。",
                Lang::En => "the site cannot be read; nothing was checked.",
            };
            eprintln!("{line}");
            ExitCode::from(2)
        }
    }
}

fn build_options(args: &cli::BuildArgs) -> BuildOptions {
    BuildOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        future: args.future,
        relative: args.relative,
        no_search: args.no_search,
        ..BuildOptions::default()
    }
}

fn watch_mode(poll: bool) -> WatchMode {
    if poll {
        WatchMode::Poll
    } else {
        WatchMode::Native
    }
}

fn build_watch(args: &cli::BuildArgs, lang: Lang) -> ExitCode {
    let options = build_options(args);
    let mode = watch_mode(args.poll);
    run_until_stopped(lang, move |stop, events| {
        jianbao::serve::watch_build(&options, mode, &stop, &events)
    })
}

fn serve(args: &cli::ServeArgs, lang: Lang) -> ExitCode {
    let options = ServeOptions {
        build: BuildOptions {
            root: args.root.clone(),
            drafts: args.drafts,
            ..BuildOptions::default()
        },
        bind: args.bind,
        port: args.port,
        open: args.open,
        watch: watch_mode(args.poll),
        lang,
    };
    run_until_stopped(lang, move |stop, events| {
        jianbao::serve::serve(&options, &stop, &events)
    })
}

/// Runs a watching loop in a thread, prints its events, and stops it on Ctrl-C.
fn run_until_stopped(
    lang: Lang,
    run: impl FnOnce(StopSignal, mpsc::Sender<Event>) -> Result<(), Text> + Send + 'static,
) -> ExitCode {
    let stop = StopSignal::new();
    let on_signal = stop.clone();
    if let Err(err) = ctrlc::set_handler(move || on_signal.stop()) {
        let prefix = if lang == Lang::Zh {
            "警告：无法处理 Ctrl-C"
        } else {
            "warning: cannot handle Ctrl-C"
        };
        eprintln!("{prefix}: {err}");
    }
    let (events, received) = mpsc::channel();
    let worker = std::thread::spawn(move || run(stop, events));
    for event in received {
        for line in event.lines(lang) {
            eprintln!("{line}");
        }
    }
    match worker.join() {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(message)) => {
            eprintln!("{}", message.get(lang));
            ExitCode::FAILURE
        }
        Err(_) => ExitCode::FAILURE,
    }
}

fn build(args: &cli::BuildArgs, lang: Lang) -> ExitCode {
    let options = build_options(args);
    let progress = progress::TerminalProgress::new(lang);
    match jianbao::build_with_progress(&options, &progress) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{}", warning.render(lang));
            }
            let s = report.stats;
            let secs = report.elapsed.as_secs_f64();
            let out = report.output.display();
            let line = match lang {
                Lang::Zh => format!(
                    "生成完成：{} 个页面，{} 个栏目，{} 个列表页，{} 个文件，用时 {secs:.2} 秒 → {out}",
                    s.pages, report.sections, s.lists, s.files
                ),
                Lang::En => format!(
                    "Built {}, {}, {}, {} in {secs:.2} s → {out}",
                    counted(s.pages, "page", "pages"),
                    counted(report.sections, "section", "sections"),
                    counted(s.lists, "list page", "list pages"),
                    counted(s.files, "file", "files"),
                ),
            };
            eprintln!("{line}");
            let images = report.images;
            if images.sources > 0 {
                let cached = images.sources - images.encoded;
                let kb = images.bytes / 1024;
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "图片：{} 张，其中 {} 张本次处理、{cached} 张来自缓存；写出 {} 个文件，共 {kb} KB",
                            images.sources, images.encoded, images.files
                        ),
                        Lang::En => format!(
                            "Images: {}, {} processed now and {cached} from the cache; {} written, {kb} KB",
                            images.sources,
                            images.encoded,
                            counted(images.files, "file", "files")
                        ),
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diagnostics)) => {
            for d in &diagnostics {
                eprintln!("{}", d.render(lang));
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == jianbao::diagnostics::Severity::Error)
                .count();
            let line = match lang {
                Lang::Zh => format!("发现 {errors} 个错误，网站没有生成，原有的输出保持不变。"),
                Lang::En => format!(
                    "{errors} error(s) found; the site was not built and the previous output is unchanged."
                ),
            };
            eprintln!("{line}");
            ExitCode::FAILURE
        }
        Err(BuildError::Io(err)) => {
            let prefix = if lang == Lang::Zh {
                "生成失败，原有的输出保持不变"
            } else {
                "build failed; the previous output is unchanged"
            };
            eprintln!("{prefix}: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn init(args: &cli::InitArgs, lang: Lang) -> ExitCode {
    match jianbao::init::init(&args.dir) {
        Ok(()) => {
            let dir = args.dir.display();
            let line = match lang {
                Lang::Zh => {
                    format!("已在 {dir} 创建新网站。运行 `cd {dir} && jianbao build` 生成网站。")
                }
                Lang::En => format!(
                    "Created a new site in {dir}. Run `cd {dir} && jianbao build` to build it."
                ),
            };
            eprintln!("{line}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            let prefix = if lang == Lang::Zh {
                "无法创建网站"
            } else {
                "cannot create the site"
            };
            eprintln!("{prefix}: {err:#}");
            ExitCode::FAILURE
        }
    }
}
