//! Source images an editor should look at before publishing: photos whose originals carry a
//! GPS position (the build strips it from what it publishes, but the originals are in the
//! repository and its copies), and originals too large to keep (over 5 MB or 6,000 px).
//! Reads only what loading probed (`Site::images`); opens nothing.

use crate::content::Site;
use crate::diagnostics::Diagnostic;
use crate::images::Plan;

/// Originals above this size are reported: a phone photo is 3–8 MB, and a repository of them
/// grows fast; 5 MB is the upper end of an ordinary 12-megapixel JPEG.
pub const HEAVY_BYTES: u64 = 5 * 1024 * 1024;
/// Originals wider or taller than this are reported: more than any screen shows, and above
/// what a 24-megapixel camera takes.
pub const HEAVY_PIXELS: u32 = 6000;

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
        "发布的图片已去掉位置，但原图在仓库里，谁拿到都能看到：用 exiftool -gps:all= 文件名 删除后再提交",
        "the published images carry no position, but the original in the repository does: remove it with exiftool -gps:all= FILE before committing"
    ))
}

fn at_use(plan: &Plan, diagnostic: Diagnostic) -> Diagnostic {
    let diagnostic = diagnostic.with_excerpt(plan.target.clone());
    match plan.used_at {
        (_, 0, _) => diagnostic,
        (_, line, col) => diagnostic.at(line, col),
    }
}
