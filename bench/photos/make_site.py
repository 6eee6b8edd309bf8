#!/usr/bin/env python3
"""Makes the photo benchmark: ARTICLES articles with PER photos each, every photo a distinct
4000x3000 (12 MP) JPEG at quality 92, as a jianbao site and as the equivalent Hugo site.

Usage: make_site.py OUT_DIR [ARTICLES] [PER]

Deterministic: the photos are crops of one seeded noise field with a smooth gradient laid over
it (noise alone would be a worst case no camera makes; a gradient alone compresses to nothing),
each crop at another offset, so every file is different (jianbao's cache is keyed by content)
and each is several MB, as a phone photo is. Needs Pillow.

OUT_DIR/jianbao is a jianbao site (page bundles under content/news/), OUT_DIR/hugo the same
pages for Hugo with a template that makes what jianbao makes: 480, 960 and 1600 px wide, WebP
and JPEG at quality 80 (bench/photos/hugo/layouts).
"""
import os
import random
import shutil
import sys

from PIL import Image, ImageFilter

W, H = 4000, 3000
MARGIN = 400


def base_field(seed=21):
    random.seed(seed)
    noise = Image.effect_noise((W + MARGIN, H + MARGIN), 64).convert("L")
    noise = noise.filter(ImageFilter.GaussianBlur(0.7))
    grad = Image.linear_gradient("L").resize((W + MARGIN, H + MARGIN))
    r = Image.blend(noise, grad, 0.45)
    g = Image.blend(noise, grad.rotate(90), 0.45)
    b = Image.blend(noise, grad.transpose(Image.Transpose.FLIP_LEFT_RIGHT), 0.45)
    return Image.merge("RGB", (r, g, b))


def main():
    out = sys.argv[1]
    articles = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    per = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    here = os.path.dirname(os.path.abspath(__file__))
    field = base_field()
    jb = os.path.join(out, "jianbao")
    hg = os.path.join(out, "hugo")
    for root in (jb, hg):
        shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(jb, "content/news"))
    with open(os.path.join(jb, "site.yaml"), "w") as f:
        f.write("title: 图片基准\nbase_url: https://bench.example.gov.cn/\nsearch: false\n")
    with open(os.path.join(jb, "content/_index.md"), "w") as f:
        f.write("---\ntitle: 首页\n---\n")
    with open(os.path.join(jb, "content/news/_index.md"), "w") as f:
        f.write("---\ntitle: 工作动态\n---\n")
    shutil.copytree(os.path.join(here, "hugo"), hg)
    n = 0
    for a in range(articles):
        name = f"a{a:03d}"
        jdir = os.path.join(jb, "content/news", name)
        hdir = os.path.join(hg, "content/news", name)
        os.makedirs(jdir)
        os.makedirs(hdir)
        body = []
        for p in range(per):
            x, y = (n * 37) % MARGIN, (n * 53) % MARGIN
            photo = field.crop((x, y, x + W, y + H))
            file = f"p{p:02d}.jpg"
            photo.save(os.path.join(jdir, file), quality=92)
            os.link(os.path.join(jdir, file), os.path.join(hdir, file))
            body.append(f"![第 {a + 1} 篇的第 {p + 1} 张照片]({file})\n")
            n += 1
        title = f"title: 第 {a + 1} 次入户走访\ndate: 2026-11-{(a % 28) + 1:02d}\n"
        with open(os.path.join(jdir, "index.md"), "w") as f:
            f.write(f"---\n{title}---\n工作队走访了重点户。\n\n" + "\n".join(body))
        # Hugo: the template makes the pictures; the originals are not published (jianbao
        # publishes an original only when a page links to it).
        with open(os.path.join(hdir, "index.md"), "w") as f:
            f.write(f"---\n{title}_build:\n  publishResources: false\n---\n工作队走访了重点户。\n")
    print(f"{n} photos of {W}x{H} in {articles} articles")


if __name__ == "__main__":
    main()
