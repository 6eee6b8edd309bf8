//! Making the published files of every image a build uses, through a cache.
//!
//! The cache lives in the site's `.jianbao/cache/images/` (git-ignored; the publication ledger
//! beside it in `.jianbao/` stays committed). An entry is a folder named by the source's BLAKE3
//! digest and the settings' fingerprint, holding one file per variant (`480.webp`, `480.jpg`,
//! `full.jpg`): a source whose bytes and settings are unchanged is never decoded again. Files
//! are written to a temporary name in their entry and renamed into place, so a concurrent build
//! sees a whole file or none; a file that cannot be read from the cache is made again. Entries
//! no build step used this time are removed at the end.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::encode::{self, Upright};
use super::{Plan, ProbeError, Variant};
use crate::config::ImageSettings;
use crate::diagnostics::Diagnostic;
use crate::output::OutputSink;

/// Images decoded and resized at once, whatever the number of cores: each holds its decoded
/// pixels (a 12-megapixel photo is 36 MB as RGB) and one resized copy while it works.
pub const IMAGE_WORKERS: usize = 2;

/// What publishing the images did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageStats {
    /// Source images published (resized, or stripped originals).
    pub sources: usize,
    /// Of those, the ones decoded and encoded in this build (the others came from the cache).
    pub encoded: usize,
    /// Files written into the site.
    pub files: usize,
    /// Their total size.
    pub bytes: u64,
}

/// The cache a publish reads from, and whether it may write to it (`check` writes nothing: it
/// reads what the last build cached and makes the rest in memory).
#[derive(Debug, Clone, Copy)]
pub struct CacheDir<'a> {
    pub dir: &'a Path,
    pub writable: bool,
}

/// An output sink that keeps only the size of each file written: what `check` needs to know the
/// weight of a page's images after processing, without writing anything.
#[derive(Debug, Default)]
pub struct Weighing {
    sizes: Mutex<BTreeMap<String, u64>>,
}

impl Weighing {
    /// The size of each target written.
    pub fn into_sizes(self) -> BTreeMap<String, u64> {
        self.sizes.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl OutputSink for Weighing {
    fn write(&self, target: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut sizes = self.sizes.lock().unwrap_or_else(|e| e.into_inner());
        sizes.insert(target.to_string(), bytes.len() as u64);
        Ok(())
    }

    fn copy(&self, source: &Path, target: &str) -> std::io::Result<()> {
        let len = std::fs::metadata(source)?.len();
        let mut sizes = self.sizes.lock().unwrap_or_else(|e| e.into_inner());
        sizes.insert(target.to_string(), len);
        Ok(())
    }
}

/// The cache folder of the site at `root`.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".jianbao").join("cache").join("images")
}

/// Writes every plan's files into `sink`, from `cache` when it holds them. Problems (a source
/// that cannot be decoded after all, or changed during the build) are errors located where the
/// image is used; the cache failing only means the work is done again.
pub fn publish(
    plans: &[Plan],
    settings: &ImageSettings,
    cache: Option<CacheDir<'_>>,
    sink: &dyn OutputSink,
) -> (ImageStats, Vec<Diagnostic>) {
    // A site without images gets no cache folder; one whose images are all gone gets its
    // cache emptied below.
    let cache = cache.filter(|c| {
        c.dir.is_dir()
            || (c.writable && !plans.is_empty() && std::fs::create_dir_all(c.dir).is_ok())
    });
    let outcomes: Vec<Result<(bool, usize, u64), Diagnostic>> =
        match rayon::ThreadPoolBuilder::new()
            .num_threads(IMAGE_WORKERS)
            .build()
        {
            Ok(pool) => pool.install(|| {
                plans
                    .par_iter()
                    .map(|plan| publish_one(plan, plan.settings(settings), cache, sink))
                    .collect()
            }),
            Err(_) => plans
                .iter()
                .map(|plan| publish_one(plan, plan.settings(settings), cache, sink))
                .collect(),
        };
    let mut stats = ImageStats::default();
    let mut problems = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok((encoded, files, bytes)) => {
                stats.sources += 1;
                stats.encoded += usize::from(encoded);
                stats.files += files;
                stats.bytes += bytes;
            }
            Err(problem) => problems.push(problem),
        }
    }
    if let Some(CacheDir {
        dir,
        writable: true,
    }) = cache
    {
        let used: BTreeSet<String> = plans
            .iter()
            .map(|p| entry_name(p, p.settings(settings)))
            .collect();
        prune(dir, &used);
    }
    (stats, problems)
}

/// One file of an entry: its name in the cache and its target in the site.
struct Output {
    name: String,
    target: String,
    make: Make,
}

#[derive(Clone, Copy)]
enum Make {
    Webp(u32),
    Fallback(u32),
    Original,
}

fn outputs(plan: &Plan, settings: &ImageSettings) -> Vec<Output> {
    let fallback = plan.probe.fallback.extension();
    let mut outputs = Vec::new();
    for variant in &plan.variants {
        if settings.webp {
            outputs.push(Output {
                name: format!("{}.webp", variant.width),
                target: plan.variant_target(variant.width, "webp"),
                make: Make::Webp(variant.width),
            });
        }
        outputs.push(Output {
            name: format!("{}.{fallback}", variant.width),
            target: plan.variant_target(variant.width, fallback),
            make: Make::Fallback(variant.width),
        });
    }
    if plan.original {
        outputs.push(Output {
            name: format!("full.{}", original_extension(plan)),
            target: plan.target.clone(),
            make: Make::Original,
        });
    }
    outputs
}

/// The original keeps its own format (a `.webp` stays WebP, a `.png` PNG, a `.jpg` JPEG).
fn original_extension(plan: &Plan) -> &'static str {
    if plan.target.to_ascii_lowercase().ends_with(".webp") {
        "webp"
    } else {
        plan.probe.fallback.extension()
    }
}

fn entry_name(plan: &Plan, settings: &ImageSettings) -> String {
    let fingerprint = blake3::hash(settings.fingerprint().as_bytes()).to_hex();
    format!("{}-{}", &plan.probe.digest[..32], &fingerprint[..8])
}

/// Publishes one plan: whether it was encoded now, files and bytes written.
fn publish_one(
    plan: &Plan,
    settings: &ImageSettings,
    cache: Option<CacheDir<'_>>,
    sink: &dyn OutputSink,
) -> Result<(bool, usize, u64), Diagnostic> {
    let outputs = outputs(plan, settings);
    let entry = cache.map(|c| c.dir.join(entry_name(plan, settings)));
    let writable = cache.is_some_and(|c| c.writable);
    let mut made: Vec<Option<Vec<u8>>> = outputs
        .iter()
        .map(|out| {
            entry
                .as_ref()
                .and_then(|e| std::fs::read(e.join(&out.name)).ok())
        })
        .collect();
    let encoded = made.iter().any(Option::is_none);
    if encoded {
        let source = read_source(plan)?;
        let upright = encode::decode(
            &source,
            plan.probe.orientation,
            plan.probe.has_alpha,
            settings.max_pixels,
        )
        .map_err(|err| located(plan, err))?;
        for (out, slot) in outputs.iter().zip(made.iter_mut()) {
            if slot.is_none() {
                let bytes = match out.make {
                    Make::Original if settings.keep_metadata => source.clone(),
                    what => make(&upright, plan, what, settings).map_err(|e| located(plan, e))?,
                };
                if let Some(entry) = entry.as_ref().filter(|_| writable) {
                    store(entry, &out.name, &bytes);
                }
                *slot = Some(bytes);
            }
        }
    }
    let mut bytes_written = 0;
    for (out, bytes) in outputs.iter().zip(made) {
        let bytes = bytes.unwrap_or_default();
        sink.write(&out.target, &bytes).map_err(|err| {
            let target = &out.target;
            Diagnostic::error(
                &plan.used_at.0,
                "write-failed",
                crate::text!("写不了 {target}：{err}", "cannot write {target}: {err}"),
            )
        })?;
        bytes_written += bytes.len() as u64;
    }
    Ok((encoded, outputs.len(), bytes_written))
}

fn make(
    upright: &Upright,
    plan: &Plan,
    what: Make,
    settings: &ImageSettings,
) -> Result<Vec<u8>, ProbeError> {
    let variant = |width: u32| {
        plan.variants
            .iter()
            .find(|v| v.width == width)
            .cloned()
            .unwrap_or(Variant { width, height: 1 })
    };
    match what {
        Make::Webp(width) => Ok(upright.resized(&variant(width))?.webp(settings)),
        Make::Fallback(width) => upright
            .resized(&variant(width))?
            .fallback(plan.probe.fallback, settings),
        Make::Original => {
            let full = upright.resized(&Variant {
                width: plan.probe.width,
                height: plan.probe.height,
            })?;
            if original_extension(plan) == "webp" {
                Ok(full.webp(settings))
            } else {
                full.fallback(plan.probe.fallback, settings)
            }
        }
    }
}

/// The source's bytes, provided they are still the ones probed when the site was loaded.
fn read_source(plan: &Plan) -> Result<Vec<u8>, Diagnostic> {
    let bytes = std::fs::read(&plan.source).ok();
    match bytes {
        Some(bytes) if blake3::hash(&bytes).to_hex().as_str() == plan.probe.digest => Ok(bytes),
        _ => Err(Diagnostic::error(&plan.used_at.0, "changed-during-build", {
            let target = &plan.target;
            crate::text!(
                "生成网站期间图片 {target} 被修改、移走或删除了",
                "the image {target} was changed, moved or deleted while the site was being built"
            )
        })
        .at(plan.used_at.1, plan.used_at.2)
        .with_hint(crate::text!(
            "保存完成后再生成一次；原来的输出没有改动",
            "build again once it is saved; the previous output is untouched"
        ))),
    }
}

fn located(plan: &Plan, err: ProbeError) -> Diagnostic {
    Diagnostic::error(&plan.used_at.0, err.code, err.message)
        .at(plan.used_at.1, plan.used_at.2)
        .with_hint(err.hint)
        .with_excerpt(plan.target.clone())
}

/// Writes a cache file whole or not at all (temporary name, then rename). A failure only
/// costs the next build the same work again.
fn store(entry: &Path, name: &str, bytes: &[u8]) {
    if std::fs::create_dir_all(entry).is_err() {
        return;
    }
    let Ok(mut temp) = tempfile::NamedTempFile::new_in(entry) else {
        return;
    };
    if temp.write_all(bytes).is_ok() {
        let _ = temp.persist(entry.join(name));
    }
}

/// Removes the entries of `dir` this build did not use. Another build's entries can go too;
/// it then makes them again, since a missing cache file only means the work is redone.
fn prune(dir: &Path, used: &BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !used.contains(&name) && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::images::probe;
    use crate::output::MemoryOutput;

    fn plan_for(dir: &Path, name: &str, bytes: &[u8], settings: &ImageSettings) -> Plan {
        let source = dir.join(name);
        std::fs::write(&source, bytes).unwrap();
        let probe = probe(&source, settings.max_pixels).unwrap();
        Plan {
            shown_by: Vec::new(),
            own_settings: None,
            variants: Plan::variants_for(probe.width, probe.height, settings),
            source,
            target: format!("news/{name}"),
            probe,
            original: true,
            used_at: (PathBuf::from("content/news/a.md"), 7, 3),
        }
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
        })
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
        out
    }

    #[test]
    fn the_cache_serves_the_same_bytes_and_is_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let settings = ImageSettings::default();
        let plan = plan_for(dir.path(), "a.jpg", &jpeg(1000, 500), &settings);
        let first = MemoryOutput::default();
        let (stats, problems) = publish(
            std::slice::from_ref(&plan),
            &settings,
            Some(CacheDir {
                dir: &cache,
                writable: true,
            }),
            &first,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((stats.sources, stats.encoded, stats.files), (1, 1, 7));
        let second = MemoryOutput::default();
        let (stats, _) = publish(
            std::slice::from_ref(&plan),
            &settings,
            Some(CacheDir {
                dir: &cache,
                writable: true,
            }),
            &second,
        );
        assert_eq!(stats.encoded, 0);
        assert!(first.into_files() == second.into_files());
        // Other settings make another entry; the unused one goes.
        let other = ImageSettings {
            quality: 60,
            ..ImageSettings::default()
        };
        publish(
            std::slice::from_ref(&plan),
            &other,
            Some(CacheDir {
                dir: &cache,
                writable: true,
            }),
            &MemoryOutput::default(),
        );
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
    }

    #[test]
    fn pixels_that_do_not_decode_are_an_error_where_the_image_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let settings = ImageSettings::default();
        // A whole PNG, then its pixel data overwritten: the header still reads.
        let mut png = Vec::new();
        image::RgbImage::from_pixel(300, 200, image::Rgb([1, 2, 3]))
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let plan = plan_for(dir.path(), "b.png", &png, &settings);
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        for byte in &mut png[idat + 4..idat + 20] {
            *byte = 0xAB;
        }
        std::fs::write(&plan.source, &png).unwrap();
        let mut plan = plan;
        plan.probe.digest = blake3::hash(&png).to_hex().to_string();
        let (stats, problems) = publish(&[plan], &settings, None, &MemoryOutput::default());
        assert_eq!(stats.sources, 0);
        assert_eq!(problems.len(), 1);
        let problem = &problems[0];
        assert_eq!(
            (problem.code, problem.line, problem.col),
            ("image-corrupt", Some(7), Some(3))
        );
    }
}
