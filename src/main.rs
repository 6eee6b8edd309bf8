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
        cli::Command::Import(args) => import(&args, lang),
    }
}

/// Prints each page written (or, with --dry-run, to be written), every problem, and check's
/// findings on the new pages; exit 1 when a file could not be imported.
fn import(args: &cli::ImportArgs, lang: Lang) -> ExitCode {
    let options = jianbao::import::ImportOptions {
        root: args.root.clone(),
        inputs: args.inputs.clone(),
        section: args.section.clone(),
        slug: args.slug.clone(),
        content_type: args.content_type.into(),
        dry_run: args.dry_run,
        force: args.force,
        today: args.today,
    };
    let progress = progress::TerminalProgress::for_import(lang);
    let report = match jianbao::import::import(&options, &progress) {
        Ok(report) => report,
        Err(problems) => {
            for d in &problems {
                eprintln!("{}", d.render(lang));
            }
            return ExitCode::FAILURE;
        }
    };
    for page in &report.pages {
        println!("{}", imported_line(page, args.dry_run, lang));
    }
    if let Some(dir) = &report.created_section {
        let dir = dir.display();
        println!(
            "{}",
            match (lang, args.dry_run) {
                (Lang::Zh, false) =>
                    format!("新建了栏目 {dir}（栏目名称和说明在 {dir}/_index.md 里，可以修改）"),
                (Lang::Zh, true) => format!("将新建栏目 {dir}"),
                (Lang::En, false) => format!(
                    "Created the section {dir} (its title and description are in {dir}/_index.md)"
                ),
                (Lang::En, true) => format!("Would create the section {dir}"),
            }
        );
    }
    for d in &report.problems {
        eprintln!("{}\n", d.render(lang));
    }
    if let Some(check) = &report.check {
        for d in &check.diagnostics {
            println!("{}\n", d.render(lang));
        }
        println!("{}", check.summary(lang));
    }
    let failed = report.failed();
    let line = match (lang, args.dry_run) {
        (Lang::Zh, false) => format!(
            "导入完成：{} 个页面，{failed} 个文件未导入。",
            report.pages.len()
        ),
        (Lang::Zh, true) => format!(
            "试运行：将导入 {} 个页面，{failed} 个文件无法导入；没有写入任何文件。",
            report.pages.len()
        ),
        (Lang::En, false) => format!(
            "Imported {}; {failed} file(s) not imported.",
            counted(report.pages.len(), "page", "pages")
        ),
        (Lang::En, true) => format!(
            "Dry run: would import {}; {failed} file(s) cannot be imported; nothing was written.",
            counted(report.pages.len(), "page", "pages")
        ),
    };
    eprintln!("{line}");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn imported_line(page: &jianbao::import::ImportedPage, dry_run: bool, lang: Lang) -> String {
    let source = page.source.display();
    let dir = page.dir.display();
    let files: Vec<String> = page.files.iter().map(|f| f.display().to_string()).collect();
    let files = files.join(", ");
    let backup = match &page.written {
        Some(jianbao::import::bundle::Written::Replaced(b)) => match lang {
            Lang::Zh => format!("（原页面已备份到 {}）", b.display()),
            Lang::En => format!(" (the old page was backed up to {})", b.display()),
        },
        _ => String::new(),
    };
    match (lang, dry_run) {
        (Lang::Zh, false) => format!("{source} → {dir}/：{files}{backup}"),
        (Lang::Zh, true) => format!("将写入 {source} → {dir}/：{files}"),
        (Lang::En, false) => format!("{source} → {dir}/: {files}{backup}"),
        (Lang::En, true) => format!("would write {source} → {dir}/: {files}"),
    }
}

/// Prints every finding (stdout) and the summary; exit 0 when the site may be published, 1 when
/// not, 2 when it cannot be read at all.
fn check(args: &cli::CheckArgs, lang: Lang) -> ExitCode {
    let options = jianbao::check::CheckOptions {
        root: args.root.clone(),
        today: args.today,
        drafts: false,
    };
    let json = args.format == cli::Format::Json;
    if args.fix {
        match jianbao::check::fix_site(&options) {
            Ok(jianbao::check::Fixed {
                files: fixed,
                photos,
            }) => {
                for file in &fixed {
                    // The diff goes to stderr in JSON mode, so stdout stays one object per line.
                    if json {
                        eprint!("{}", file.diff());
                    } else {
                        print!("{}", file.diff());
                    }
                }
                let changed: usize = fixed.iter().map(|f| f.lines.len()).sum();
                let line = match lang {
                    Lang::Zh => format!("已自动修正 {} 个文件中的 {changed} 行。\n", fixed.len()),
                    Lang::En => format!("fixed {changed} lines in {} files.\n", fixed.len()),
                };
                if json {
                    eprintln!("{line}");
                } else {
                    println!("{line}");
                }
                for photo in &photos {
                    let shown = photo.path.display();
                    let line = if photo.removed {
                        jianbao::text!(
                            "已去掉照片 {shown} 里的拍摄地点（GPS 坐标），照片本身和其他信息不变。",
                            "removed the place it was taken (GPS) from the photo {shown}; the picture and its other details are unchanged."
                        )
                    } else {
                        jianbao::text!(
                            "照片 {shown} 带有拍摄地点（GPS 坐标），但它不是 JPEG 照片，jianbao 去不掉：请换一张不带位置的照片（手机相机里关闭“位置”后重拍）。",
                            "the picture {shown} carries the place it was taken (GPS), but it is not a JPEG photo and jianbao cannot remove it: replace it with a picture without a position (turn off location in the phone's camera and take it again)."
                        )
                    };
                    if json {
                        eprintln!("{}", line.get(lang));
                    } else {
                        println!("{}", line.get(lang));
                    }
                }
            }
            Err(err) => {
                for d in err.into_diagnostics() {
                    eprintln!("{}", d.render(lang));
                }
                return ExitCode::from(2);
            }
        }
    }
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
        gate: Some(jianbao::check::build_gate),
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
        edit: args.edit,
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
            // Once the swap has begun, only the error itself knows what the folder holds.
            if let Some(publish) = err.downcast_ref::<jianbao::output::PublishError>() {
                let prefix = if lang == Lang::Zh {
                    "生成失败"
                } else {
                    "build failed"
                };
                let colon = if lang == Lang::Zh { "：" } else { ": " };
                eprintln!("{prefix}{colon}{}", publish.state.get(lang));
                return ExitCode::FAILURE;
            }
            let prefix = if lang == Lang::Zh {
                "生成失败，原有的输出保持不变"
            } else {
                "build failed; the previous output is unchanged"
            };
            // The system's part of the error in the reader's language (not found, permission
            // denied, disk full, …), after what jianbao was doing.
            let system = err
                .chain()
                .find_map(|cause| cause.downcast_ref::<std::io::Error>())
                .map(|io| jianbao::i18n::os_error(io).get(lang).to_string());
            let doing = err
                .downcast_ref::<jianbao::build::Doing>()
                .map_or_else(|| err.to_string(), |d| d.0.get(lang).to_string());
            let colon = if lang == Lang::Zh { "：" } else { ": " };
            match system {
                Some(system) => eprintln!("{prefix}{colon}{doing}{colon}{system}"),
                None => eprintln!("{prefix}{colon}{err:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn init(args: &cli::InitArgs, lang: Lang) -> ExitCode {
    // The new site's zone is Asia/Shanghai (its site.yaml says so): date its first article there.
    let now = jiff::Zoned::now();
    let today = jiff::tz::TimeZone::get("Asia/Shanghai")
        .map(|zone| now.with_time_zone(zone).date())
        .unwrap_or_else(|_| now.date());
    match jianbao::init::init(&args.dir, today) {
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
        Err(message) => {
            let prefix = if lang == Lang::Zh {
                "无法创建网站："
            } else {
                "cannot create the site: "
            };
            eprintln!("{prefix}{}", message.get(lang));
            ExitCode::FAILURE
        }
    }
}
