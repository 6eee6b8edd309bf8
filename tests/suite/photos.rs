//! Photos: real JPEGs and PNGs made by Pillow with metadata written by exiftool
//! (`tests/fixtures/photos/make_photos.py`), built by the real binary, and read back with
//! exiftool and an image decoder.

use std::path::Path;
use std::process::Command;

use crate::support::{SiteTest, tree};
use crate::tools::{self, run_command};

const VISIT: &str = "content/news/visit";

/// The photo site with its photos generated; `bad` keeps the broken files too.
fn photo_site(bad: bool) -> SiteTest {
    let site = SiteTest::fixture("photos/site");
    let script = crate::support::fixtures().join("photos/make_photos.py");
    let out = run_command(
        Command::new(tools::venv_python())
            .arg(&script)
            .arg(site.root.join(VISIT))
            .env("PATH", path_with_exiftool()),
        std::time::Duration::from_secs(120),
    );
    assert!(
        out.status.success(),
        "make_photos.py failed: {}",
        out.stderr
    );
    if !bad {
        for name in ["truncated.jpg", "heic-renamed.jpg", "bomb.png"] {
            std::fs::remove_file(site.root.join(VISIT).join(name)).expect("remove bad fixture");
        }
        std::fs::remove_dir(site.root.join(VISIT).join("folder.jpg")).expect("remove folder");
    }
    site
}

/// PATH with the folder of the exiftool the tests found first.
fn path_with_exiftool() -> String {
    let exiftool = tools::exiftool();
    let dir = exiftool.parent().expect("exiftool has a folder");
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Every metadata tag exiftool finds in the images under `dir`, as `file: group:tag` lines.
fn metadata_tags(dir: &Path) -> Vec<String> {
    let out = run_command(
        Command::new(tools::exiftool())
            .args([
                "-j", "-a", "-G1", "-r", "-ext", "jpg", "-ext", "webp", "-ext", "png",
            ])
            .args([
                "-EXIF:all",
                "-GPS:all",
                "-XMP:all",
                "-IPTC:all",
                "-ICC_Profile:all",
            ])
            .args([
                "-MakerNotes:all",
                "-Photoshop:all",
                "-ThumbnailImage",
                "-PNG:all",
            ])
            .arg(dir),
        std::time::Duration::from_secs(120),
    );
    let files: Vec<serde_json::Value> = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("exiftool json: {e}\n{}", out.stderr));
    let mut found = Vec::new();
    for file in files {
        let name = file["SourceFile"].as_str().unwrap_or_default().to_string();
        for (tag, _) in file.as_object().into_iter().flatten() {
            // PNG's own header fields are not metadata.
            let structural = tag.starts_with("PNG:")
                && [
                    "ImageWidth",
                    "ImageHeight",
                    "BitDepth",
                    "ColorType",
                    "Compression",
                    "Filter",
                    "Interlace",
                ]
                .iter()
                .any(|field| tag.ends_with(field));
            if tag != "SourceFile" && !structural {
                found.push(format!("{name}: {tag}"));
            }
        }
    }
    found
}

#[test]
fn the_fixture_photos_carry_gps_and_more() {
    let site = photo_site(false);
    let tags = metadata_tags(&site.root.join(VISIT));
    for wanted in [
        "phone.jpg: GPS:GPSLatitude",
        "phone.jpg: XMP-dc:Creator",
        "phone.jpg: IPTC:City",
        "orientation-6.jpg: IFD0:Orientation",
    ] {
        assert!(
            tags.iter().any(|t| t.ends_with(wanted)),
            "fixture lacks {wanted}: {tags:#?}"
        );
    }
}

#[test]
fn published_images_carry_no_metadata_and_originals_only_when_linked() {
    let site = photo_site(false);
    site.build()
        .success()
        .stderr_has("Images: 13, 13 processed now");
    let out = site.root.join("public/news/visit");
    assert_eq!(metadata_tags(&out), Vec::<String>::new());
    // Linked: published, stripped, full size. Shown only: no original.
    assert!(out.join("phone.jpg").is_file());
    let full = image::open(out.join("phone.jpg")).expect("decode the stripped original");
    assert_eq!((full.width(), full.height()), (2000, 1500));
    assert!(!out.join("progressive.jpg").exists());
    assert!(out.join("progressive-960.webp").is_file());
}

#[test]
fn every_exif_orientation_comes_out_upright() {
    let site = photo_site(false);
    site.build().success();
    for orientation in 1..=8 {
        for ext in ["jpg", "webp"] {
            let path = site.root.join(format!(
                "public/news/visit/orientation-{orientation}-96.{ext}"
            ));
            let img = image::open(&path).expect("decode").into_rgb8();
            assert_eq!(img.dimensions(), (96, 64), "{}", path.display());
            let near = |x: u32, y: u32, want: [u8; 3]| {
                let got = img.get_pixel(x, y).0;
                got.iter()
                    .zip(want)
                    .all(|(g, w)| (i16::from(*g) - i16::from(w)).abs() < 40)
            };
            assert!(
                near(20, 14, [255, 0, 0])
                    && near(76, 14, [0, 255, 0])
                    && near(20, 50, [0, 0, 255])
                    && near(76, 50, [255, 255, 255]),
                "orientation {orientation} ({ext}) is not upright"
            );
        }
    }
}

#[test]
fn pictures_have_srcset_sizes_dimensions_and_lazy_loading_after_the_first() {
    let site = photo_site(false);
    site.build().success();
    let html = site.output("news/visit/index.html");
    let first = "<figure><picture><source type=\"image/webp\" srcset=\"/zcdt/news/visit/phone-480.webp 480w, \
        /zcdt/news/visit/phone-960.webp 960w, /zcdt/news/visit/phone-1600.webp 1600w\" \
        sizes=\"(max-width: 814px) 100vw, 782px\"><img src=\"/zcdt/news/visit/phone-960.jpg\" \
        srcset=\"/zcdt/news/visit/phone-480.jpg 480w, /zcdt/news/visit/phone-960.jpg 960w, \
        /zcdt/news/visit/phone-1600.jpg 1600w\" sizes=\"(max-width: 814px) 100vw, 782px\" \
        width=\"1600\" height=\"1200\" alt=\"工作队在村委会门前\" \
        title=\"2025 年 6 月 1 日，工作队走访青山村\" decoding=\"async\"></picture>\
        <figcaption>2025 年 6 月 1 日，工作队走访青山村</figcaption></figure>";
    assert!(
        html.contains(first),
        "{}",
        crate::support::main_region(&html)
    );
    // `sizes` is the theme's text column (782 px) or the image, if narrower.
    // The progressive JPEG is 1200 wide: never enlarged to 1600; lazy, being the second.
    assert!(html.contains("progressive-1200.jpg 1200w\" sizes=\"(max-width: 814px) 100vw, 782px\" width=\"1200\" height=\"800\" alt=\"横排照片\" loading=\"lazy\" decoding=\"async\">"));
    // Transparent and 16-bit PNGs keep a PNG fallback; the CMYK JPEG its caption line.
    assert!(html.contains("src=\"/zcdt/news/visit/logo-640.png\""));
    assert!(html.contains("orientation-1-96.jpg 96w\" sizes=\"(max-width: 128px) 100vw, 96px\""));
    assert!(html.contains("src=\"/zcdt/news/visit/scan16-600.png\""));
    assert!(html.contains("<figcaption>印刷厂送来的 CMYK 图片</figcaption>"));
    for variant in [
        "phone-480.jpg",
        "phone-1600.webp",
        "cmyk-800.jpg",
        "logo-480.png",
    ] {
        let path = site.root.join("public/news/visit").join(variant);
        image::open(&path).unwrap_or_else(|e| panic!("{variant}: {e}"));
    }
    let errors = tools::vnu_check(&site.root.join("public/news/visit/index.html"));
    assert!(errors.is_empty(), "vnu:\n{}", errors.join("\n"));
}

#[test]
fn a_second_build_decodes_nothing_writes_the_same_bytes_and_prunes_the_cache() {
    let site = photo_site(false);
    site.build().success();
    let first = site.output_tree();
    let cache = site.root.join(".jianbao/cache/images");
    let stamps = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("walk cache"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().display().to_string(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect()
    };
    let cached = stamps(&cache);
    assert_eq!(cached.len(), 41);
    site.build()
        .success()
        .stderr_has("Images: 13, 0 processed now and 13 from the cache");
    assert!(
        site.output_tree() == first,
        "the second build wrote other bytes"
    );
    assert_eq!(stamps(&cache), cached, "the cache was written again");
    // A fresh cache makes the same bytes too.
    std::fs::remove_dir_all(&cache).unwrap();
    site.build().success().stderr_has("13 processed now");
    assert!(
        site.output_tree() == first,
        "a build without cache wrote other bytes"
    );
    // An image no longer used leaves the cache.
    let page = std::fs::read_to_string(site.root.join(VISIT).join("index.md")).unwrap();
    site.write(
        &format!("{VISIT}/index.md"),
        page.replace("![扫描件](scan16.png)", ""),
    );
    site.build()
        .success()
        .stderr_has("Images: 12, 0 processed now");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 12);
    assert!(
        !tree(&site.root.join("public"))
            .keys()
            .any(|k| k.contains("scan16"))
    );
}

#[test]
fn broken_images_are_located_errors_and_the_previous_site_stays() {
    let site = photo_site(true);
    site.build().success();
    let before = site.output_tree();
    site.write(
        "content/news/bad.md",
        "---\ntitle: 坏图片\ndate: 2025-06-02\n---\n![截断](visit/truncated.jpg)\n\n![苹果照片](visit/heic-renamed.jpg)\n\n\
         ![炸弹](visit/bomb.png)\n\n![文件夹](visit/folder.jpg)\n",
    );
    // What the bytes before the pixels tell is found while loading, all at once.
    site.build()
        .failure()
        .stderr_has("content/news/bad.md:5:1: error[image-corrupt]")
        .stderr_has("content/news/bad.md:7:1: error[image-unsupported]")
        .stderr_has("HEIC")
        .stderr_has("content/news/bad.md:9:1: error[image-too-large]")
        .stderr_has("50000×50000")
        .stderr_has("content/news/bad.md:11:1: error[missing-image]");
    assert!(
        site.output_tree() == before,
        "a failed build changed the site"
    );
}

#[test]
fn check_warns_of_gps_in_originals_and_of_oversized_originals() {
    let site = photo_site(false);
    // A panorama wider than 6,000 px.
    image::RgbImage::from_pixel(6400, 40, image::Rgb([90, 120, 60]))
        .save(site.root.join(VISIT).join("panorama.jpg"))
        .expect("write panorama");
    let page = std::fs::read_to_string(site.root.join(VISIT).join("index.md")).unwrap();
    site.write(
        &format!("{VISIT}/index.md"),
        format!("{page}\n![全景](panorama.jpg)\n"),
    );
    let run = site.run(&["check", "--today", "2025-06-02"]);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned() + &run.stderr();
    // The phone photo is shown on line 7 of index.md; every orientation card has GPS too.
    assert!(
        stdout.contains("content/news/visit/index.md:7:1: warning[image-gps]: the photo news/visit/phone.jpg carries"),
        "{stdout}"
    );
    // Nine photos with GPS in one file: the first few listed, the rest counted.
    assert!(stdout.contains("(this file has 9 of these;"), "{stdout}");
    assert!(
        stdout.contains(
            "warning[image-heavy]: the original news/visit/panorama.jpg is 0.0 MB and 6400×40 px"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("progressive.jpg carries"), "{stdout}");
}

#[test]
fn check_fix_removes_the_position_from_jpeg_originals_and_keeps_everything_else() {
    let site = photo_site(false);
    let dir = site.root.join(VISIT);
    // A PNG with a position: named, not changed.
    let png = dir.join("screen.png");
    image::RgbImage::from_pixel(40, 30, image::Rgb([200, 120, 60]))
        .save(&png)
        .expect("write png");
    let out = run_command(
        Command::new(tools::exiftool())
            .args([
                "-q",
                "-overwrite_original",
                "-EXIF:GPSLatitude=27.1",
                "-EXIF:GPSLatitudeRef=N",
            ])
            .arg(&png),
        std::time::Duration::from_secs(60),
    );
    assert!(out.status.success(), "{}", out.stderr);
    let page = std::fs::read_to_string(dir.join("index.md")).unwrap();
    site.write(
        &format!("{VISIT}/index.md"),
        format!(
            "{page}
![截图](screen.png)
"
        ),
    );
    let phone_before = image::open(dir.join("phone.jpg"))
        .expect("decode")
        .to_rgb8();
    let png_before = std::fs::read(&png).unwrap();
    let run = site.run(&["check", "--fix", "--today", "2025-06-02"]);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned();
    assert!(
        stdout.contains(
            "removed the place it was taken (GPS) from the photo content/news/visit/phone.jpg"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/news/visit/screen.png carries the place it was taken (GPS), but it is not a JPEG"),
        "{stdout}"
    );
    // Read back by exiftool: no JPEG has a position left; the rest of phone.jpg is there.
    let tags = metadata_tags(&dir);
    let jpeg_gps: Vec<&String> = tags
        .iter()
        .filter(|t| t.contains(".jpg: ") && t.contains("GPS"))
        .collect();
    assert!(jpeg_gps.is_empty(), "{jpeg_gps:#?}");
    for kept in [
        "phone.jpg: XMP-dc:Creator",
        "phone.jpg: IPTC:City",
        "orientation-6.jpg: IFD0:Orientation",
    ] {
        assert!(
            tags.iter().any(|t| t.ends_with(kept)),
            "lost {kept}: {tags:#?}"
        );
    }
    let phone_after = image::open(dir.join("phone.jpg"))
        .expect("decode")
        .to_rgb8();
    assert!(phone_before == phone_after, "the picture itself changed");
    assert_eq!(std::fs::read(&png).unwrap(), png_before);
    // check now names only the PNG, and its hint says what to run.
    let run = site.run(&["check", "--today", "2025-06-02"]);
    let stdout = String::from_utf8_lossy(&run.output.stdout).into_owned();
    let gps: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("[image-gps]"))
        .collect();
    assert_eq!(gps.len(), 1, "{stdout}");
    assert!(gps[0].contains("screen.png"), "{stdout}");
    assert!(stdout.contains("jianbao check --fix"), "{stdout}");
}

/// The part of `html` from `start` to the first `end` after it.
fn region<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in {html}"));
    let to = html[from..].find(end).expect("region end") + from + end.len();
    &html[from..to]
}

/// The gallery site: a page with three activity photos (made here, 1200×900) and its own
/// `images:` settings.
fn gallery_site() -> SiteTest {
    let site = SiteTest::fixture("photos/gallery");
    for (i, name) in ["zoufang.jpg", "guangchang.jpg", "chayuan.jpg"]
        .iter()
        .enumerate()
    {
        let shade = u8::try_from(60 * i).expect("small");
        let photo = image::RgbImage::from_fn(1200, 900, |x, y| {
            image::Rgb([
                (x / 5) as u8,
                (y / 4) as u8,
                shade.wrapping_add(((x + y) % 97) as u8),
            ])
        });
        photo
            .save(site.root.join(VISIT).join(name))
            .expect("write gallery photo");
    }
    site
}

#[test]
fn a_gallery_lists_each_photo_with_its_description_made_with_the_pages_own_settings() {
    let site = gallery_site();
    site.build()
        .success()
        .stderr_has("Images: 3, 3 processed now");
    let html = site.output("news/visit/index.html");
    let gallery = region(&html, "<section class=\"gallery\"", "</section>");
    assert_eq!(
        gallery.matches("<li><figure><a href=").count(),
        3,
        "{gallery}"
    );
    assert!(
        gallery.contains("<h2 id=\"gallery-title\">活动照片</h2>"),
        "{gallery}"
    );
    assert!(
        gallery.contains("alt=\"工作队队员在脱贫户家中了解收入情况\" loading=\"lazy\""),
        "{gallery}"
    );
    assert!(
        gallery.contains("<figcaption>6 月 1 日，工作队走访脱贫户</figcaption>"),
        "{gallery}"
    );
    assert_eq!(gallery.matches("<figcaption>").count(), 2, "{gallery}");
    // A tile is a third of the column on a wide screen: the browser is told so, and picks the
    // 320 px variant there instead of the largest.
    assert_eq!(
        gallery
            .matches("sizes=\"(max-width: 520px) 100vw, (max-width: 814px) 50vw, 260px\"")
            .count(),
        6,
        "{gallery}"
    );
    // The page's own widths (320, 640), under names of their own: never the site's 480/960.
    let published: Vec<String> = tree(&site.root.join("public/news/visit"))
        .into_keys()
        .filter(|k| !k.ends_with(".html"))
        .collect();
    assert_eq!(published.len(), 12, "{published:#?}");
    assert!(
        published.iter().all(|k| k.ends_with("-320.webp")
            || k.ends_with("-640.webp")
            || k.ends_with("-320.jpg")
            || k.ends_with("-640.jpg")),
        "{published:#?}"
    );
    let large = published
        .iter()
        .find(|k| k.starts_with("zoufang-") && k.ends_with("-640.jpg"))
        .expect("the large fallback of the first photo");
    assert!(
        gallery.contains(&format!("<a href=\"/news/visit/{large}\">")),
        "{gallery}"
    );
    // The body's photo and the gallery's first are one image, made once.
    assert!(html.contains(&format!("src=\"/news/visit/{large}\"")));
    let errors = tools::vnu_check(&site.root.join("public/news/visit/index.html"));
    assert!(errors.is_empty(), "vnu:\n{}", errors.join("\n"));
}

#[test]
fn a_gallery_works_by_keyboard_without_javascript_and_passes_axe() {
    let site = gallery_site();
    site.build().success();
    let server = tools::StaticServer::start(&site.root.join("public"));
    let (ok, output) = tools::run_node("gallery.mjs", &[&server.url("/"), "/news/visit/"]);
    let lines: Vec<serde_json::Value> = output
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect();
    assert!(ok, "gallery.mjs failed:\n{output}");
    let passed: Vec<&str> = lines
        .iter()
        .filter(|l| l["ok"] == true)
        .filter_map(|l| l["check"].as_str())
        .collect();
    for wanted in [
        "Tab reaches every gallery photo in order, each with its description",
        "Enter on a photo opens its large image",
        "without JavaScript: every gallery photo loads with its description",
        "axe finds nothing on the gallery page",
    ] {
        assert!(
            passed.contains(&wanted),
            "{wanted:?} did not pass:\n{output}"
        );
    }
}

#[test]
fn gallery_and_page_settings_mistakes_are_located_errors() {
    let site = gallery_site();
    let page = std::fs::read_to_string(site.root.join(VISIT).join("index.md")).unwrap();
    site.write(
        &format!("{VISIT}/index.md"),
        page.replace("    alt: 茶园里采茶的村民\n", "")
            .replace("file: guangchang.jpg", "file: meiyou.jpg")
            .replace("  quality: 70\n", "  quality: 70\n  keep_metadata: true\n"),
    );
    site.build()
        .failure()
        .stderr_has("content/news/visit/index.md:4: error[image-alt]: the gallery photo chayuan.jpg has no alt")
        .stderr_has("content/news/visit/index.md:12: error[images]: keep_metadata and max_pixels are set in site.yaml only");
    // With those fixed, the missing photo is found once the files are known.
    site.write(
        &format!("{VISIT}/index.md"),
        page.replace("file: guangchang.jpg", "file: meiyou.jpg"),
    );
    site.build().failure().stderr_has(
        "content/news/visit/index.md:4: error[missing-image]: the gallery photo meiyou.jpg does not exist",
    );
}

#[test]
fn check_weighs_a_pages_processed_images_without_writing_anything() {
    let site = gallery_site();
    // Noise compresses badly: three 1600×1200 noise photos stay heavy even as WebP.
    let mut state: u32 = 12345;
    for name in ["zoufang.jpg", "guangchang.jpg", "chayuan.jpg"] {
        let photo = image::RgbImage::from_fn(1600, 1200, |_, _| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let [a, b, c, _] = state.to_le_bytes();
            image::Rgb([a, b, c])
        });
        photo
            .save(site.root.join(VISIT).join(name))
            .expect("write noise photo");
    }
    // With the page's own small widths it is light enough.
    let light = site.run(&["check", "--today", "2025-06-02"]);
    let light = String::from_utf8_lossy(&light.output.stdout).into_owned() + &light.stderr();
    assert!(!light.contains("image-page-heavy"), "{light}");
    assert!(
        !site.root.join(".jianbao/cache").exists(),
        "check wrote the image cache"
    );
    let page = std::fs::read_to_string(site.root.join(VISIT).join("index.md")).unwrap();
    site.write(
        &format!("{VISIT}/index.md"),
        page.replace("images:\n  widths: [320, 640]\n  quality: 70\n", ""),
    );
    let heavy = site.run(&["check", "--today", "2025-06-02"]);
    let heavy = String::from_utf8_lossy(&heavy.output.stdout).into_owned() + &heavy.stderr();
    assert!(
        heavy.contains(
            "content/news/visit/index.md: warning[image-page-heavy]: this page's 3 images weigh"
        ),
        "{heavy}"
    );
    // The build's cache gives check the same sizes, and check still writes nothing.
    site.build().success();
    let cached = std::fs::read_dir(site.root.join(".jianbao/cache/images"))
        .unwrap()
        .count();
    let again = site.run(&["check", "--today", "2025-06-02"]);
    let again = String::from_utf8_lossy(&again.output.stdout).into_owned() + &again.stderr();
    assert_eq!(
        again.matches("warning[image-page-heavy]").count(),
        1,
        "{again}"
    );
    assert_eq!(
        std::fs::read_dir(site.root.join(".jianbao/cache/images"))
            .unwrap()
            .count(),
        cached
    );
}
