//! Images an editor should look at before publishing: photos whose originals carry a GPS
//! position (the build strips it from what it publishes, but the originals are in the
//! repository and its copies), originals too large to keep (over 5 MB or 6,000 px), and pages
//! whose images weigh too much for a reader on a phone once processed.
//!
//! The first two read only what loading probed (`Site::images`). The weight is of the files the
//! build would publish: taken from the image cache the last build left, and made in memory for
//! images it does not hold yet (slow the first time, like a build); nothing is written.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::images::{self, CacheDir, Plan, Weighing};

/// Originals above this size are reported: a phone photo is 3–8 MB, and a repository of them
/// grows fast; 5 MB is the upper end of an ordinary 12-megapixel JPEG.
pub const HEAVY_BYTES: u64 = 5 * 1024 * 1024;
/// Originals wider or taller than this are reported: more than any screen shows, and above
/// what a 24-megapixel camera takes.
pub const HEAVY_PIXELS: u32 = 6000;

/// A page whose images, processed, add up to more than this is reported: what a reader on a
/// wide screen downloads for it (the largest variant of each image, WebP where it is made).
/// 2 MB is about half a minute of a weak rural 4G connection, and 1/15 of what one article with
/// eight phone photos weighed before processing.
pub const PAGE_BUDGET_BYTES: u64 = 2 * 1024 * 1024;

/// `image-page-heavy` findings, and errors for images that cannot be processed after all (which
/// the build would refuse too).
pub(super) fn check_page_weights(site: &Site) -> Vec<Diagnostic> {
    if site.images.is_empty() {
        return Vec::new();
    }
    let dir = images::cache_dir(&site.config.root);
    let cache = CacheDir {
        dir: &dir,
        writable: false,
    };
    let weighing = Weighing::default();
    let (_, mut found) = images::publish(&site.images, &site.config.images, Some(cache), &weighing);
    let sizes = weighing.into_sizes();
    let mut pages: BTreeMap<&PathBuf, (u64, usize)> = BTreeMap::new();
    for plan in &site.images {
        let Some(bytes) = plan
            .largest_target(&site.config.images)
            .and_then(|target| sizes.get(&target))
        else {
            continue;
        };
        for file in &plan.shown_by {
            let page = pages.entry(file).or_default();
            page.0 += bytes;
            page.1 += 1;
        }
    }
    for (file, (bytes, count)) in pages {
        if bytes > PAGE_BUDGET_BYTES {
            let mb = format!("{:.1}", bytes as f64 / 1_048_576.0);
            found.push(
                Diagnostic::warning(
                    file,
                    "image-page-heavy",
                    text!(
                        "这一页的 {count} 张图片处理后共 {mb} MB，超过 2 MB：用手机流量的读者要等很久",
                        "this page's {count} images weigh {mb} MB once processed, over 2 MB: slow for a reader on mobile data"
                    ),
                )
                .with_hint(text!(
                    "少放几张，把其余的放进 photos:（活动照片，滚动到才加载），或在前置信息里写 images: {{widths: [480, 960], quality: 70}}",
                    "show fewer photos, move the rest into photos: (the gallery loads them as they are scrolled to), or set images: {{widths: [480, 960], quality: 70}} in the front matter"
                )),
            );
        }
    }
    found
}

/// `image-gps` and `image-heavy` findings, at the first place each image is used.
pub(super) fn check_images(site: &Site) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for plan in &site.images {
        if plan.probe.has_gps {
            found.push(at_use(plan, gps(plan)));
        }
        let (width, height, bytes) = (plan.probe.width, plan.probe.height, plan.probe.bytes);
        if bytes > HEAVY_BYTES || width.max(height) > HEAVY_PIXELS {
            let mb = format!("{:.1}", bytes as f64 / 1_048_576.0);
            let target = &plan.target;
            let message = text!(
                "原图 {target} 有 {mb} MB、{width}×{height} 像素，超过 5 MB 或 6000 像素",
                "the original {target} is {mb} MB and {width}×{height} px, over 5 MB or 6,000 px"
            );
            found.push(at_use(
                plan,
                Diagnostic::warning(&plan.used_at.0, "image-heavy", message).with_hint(text!(
                    "网站会自动缩小，但原图占仓库空间：可先缩到 3000 像素宽再放进来",
                    "the site gets resized copies anyway, but the original fills the repository: shrink it to 3,000 px wide first"
                )),
            ));
        }
    }
    // In reading order, so that when many are folded (`text::fold_repeats`) the first ones in
    // the file are those listed.
    found.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    found
}

fn gps(plan: &Plan) -> Diagnostic {
    let target = &plan.target;
    Diagnostic::warning(
        &plan.used_at.0,
        "image-gps",
        text!(
            "照片 {target} 的原图带有拍摄地点（GPS 坐标）",
            "the photo {target} carries the place it was taken (GPS coordinates)"
        ),
    )
    .with_hint(text!(
        "发布的图片已去掉位置，但原图在仓库里，谁拿到都能看到：运行 jianbao check --fix 去掉（JPEG 照片；PNG、WebP 图片请换一张不带位置的）",
        "the published images carry no position, but the original in the repository does: run jianbao check --fix to remove it (JPEG photos; replace a PNG or WebP picture with one without a position)"
    ))
}

fn at_use(plan: &Plan, diagnostic: Diagnostic) -> Diagnostic {
    let diagnostic = diagnostic.with_excerpt(plan.target.clone());
    match plan.used_at {
        (_, 0, _) => diagnostic,
        (_, line, col) => diagnostic.at(line, col),
    }
}
