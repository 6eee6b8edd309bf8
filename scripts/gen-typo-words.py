#!/usr/bin/env python3
"""Regenerates data/typo/words2.txt (the word list of the `typo-word` rule) from the dictionary
of the jieba-rs crate that Cargo.lock pins.

    python3 scripts/gen-typo-words.py

jieba-rs (MIT) ships jieba's dictionary (`src/data/dict.txt`: word, frequency, part of speech),
the same one its segmenter uses at run time. This script keeps the two-character words of
Chinese characters seen at least MIN_FREQ times, one `word<TAB>frequency` per line, sorted by
word. `typo-word` substitutes a same-sounding character into them to find slips (关健 for 关键);
rarer words are left out because a slip is reported only towards a word far more frequent than
what was written.
"""
import json
import os
import re
import subprocess
import sys

MIN_FREQ = 300
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "data", "typo", "words2.txt")
HAN2 = re.compile(r"^[\u4e00-\u9fff]{2}$")


def jieba_dict():
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1"],
            cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
    )
    for package in meta["packages"]:
        if package["name"] == "jieba-rs":
            return os.path.join(os.path.dirname(package["manifest_path"]), "src", "data", "dict.txt")
    sys.exit("jieba-rs is not a dependency")


def main():
    words = {}
    with open(jieba_dict(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and HAN2.match(parts[0]) and int(parts[1]) >= MIN_FREQ:
                words[parts[0]] = int(parts[1])
    with open(OUT, "w", encoding="utf-8") as f:
        for word in sorted(words):
            f.write(f"{word}\t{words[word]}\n")
    print(f"{len(words)} words written to {OUT}")


if __name__ == "__main__":
    main()
