#!/usr/bin/env python3
"""Regenerates data/typo/ (the data of the `typo-near` rule) from pycorrector's data files.

    python3 scripts/gen-typo-data.py            # downloads pycorrector 1.1.4 from PyPI with pip
    python3 scripts/gen-typo-data.py WHEEL.whl  # or reads a wheel already downloaded

pycorrector (Apache-2.0) ships a confusion set of Chinese characters — same_pinyin.txt
(characters with the same pinyin and tone) and same_stroke.txt (characters of similar shape) —
and word_freq.txt, the word list with frequencies and parts of speech of the jieba segmenter
(MIT). From them this script derives:

- idioms.txt      four-character idioms and set phrases (jieba part of speech i or l) seen at
                  least 20 times: the words a one-character slip is checked against;
- confusable.txt  for each of the 3,500 common characters, the common characters with the same
                  pinyin and tone or a similar shape (`char<TAB>chars`);
- near4.txt       four-character words (seen more than 5 times) one confusable character away
                  from an idiom: real words, never reported (齐心合力 beside 齐心协力).

Two-character slips (关健 for 关键) were tried the same way and left out: without segmenting
the sentence they matched across word boundaries on clean official text (低保户 holds 保户,
客服 is a word), and the bar is no false positive on clean prose.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import zipfile

VERSION = "1.1.4"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "typo")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def wheel_path(argv):
    if len(argv) > 1:
        return argv[1]
    tmp = tempfile.mkdtemp()
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"pycorrector=={VERSION}", "--no-deps", "-d", tmp],
        check=True,
    )
    return glob.glob(os.path.join(tmp, "*.whl"))[0]


def main(argv):
    wheel = zipfile.ZipFile(wheel_path(argv))
    read = lambda name: wheel.read(f"pycorrector/data/{name}").decode("utf-8")
    words, pos = {}, {}
    for line in read("word_freq.txt").splitlines():
        p = line.split()
        if len(p) >= 2:
            words[p[0]] = int(p[1])
            pos[p[0]] = p[2] if len(p) > 2 else ""
    common = set("".join(read("common_char_set.txt").split()))
    stop = {l.strip() for l in read("stopwords.txt").splitlines() if len(l.strip()) == 1}
    conf = {}
    for line in read("same_pinyin.txt").splitlines():
        if line.startswith("#"):
            continue
        p = line.split("\t")
        if len(p) >= 2 and p[0] in common:
            conf.setdefault(p[0], set()).update(c for c in p[1] if c in common)
    for line in read("same_stroke.txt").splitlines():
        group = [c for c in line.split() if c in common]
        for c in group:
            conf.setdefault(c, set()).update(x for x in group if x != c)
    conf = {c: s - {c} for c, s in conf.items() if s - {c}}

    idioms = sorted(
        w for w, f in words.items()
        if len(w) == 4 and HAN.match(w) and f >= 20 and pos.get(w) in ("i", "l")
    )
    idiom_set = set(idioms)
    near4 = set()
    for w in idioms:
        for i, c in enumerate(w):
            for x in conf.get(c, ()):
                v = w[:i] + x + w[i + 1:]
                if v in words and words[v] > 5 and v not in idiom_set:
                    near4.add(v)
    os.makedirs(OUT, exist_ok=True)
    def write(name, lines):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    write("idioms.txt", idioms)
    write("confusable.txt", [f"{c}\t{''.join(sorted(s))}" for c, s in sorted(conf.items())])
    write("near4.txt", sorted(near4))
    with open(os.path.join(OUT, "LICENSE-pycorrector"), "wb") as f:
        f.write(wheel.read(f"pycorrector-{VERSION}.dist-info/licenses/LICENSE"))
    print(f"{len(idioms)} idioms, {len(conf)} characters, {len(near4)} near words")


if __name__ == "__main__":
    main(sys.argv)
