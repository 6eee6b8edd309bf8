#!/usr/bin/env python3
"""The same new page made two ways, counted with one model of a person.

Usage: python3 bench/desk/compare.py JIANBAO DESK_SECONDS [--cps 1.5] [--action 1.0] [--read 5.0]

The page: a policy notice, 关于做好冬季防火工作的通知, in 政策文件 (policies), with the 发文字号
first typed with square brackets (青政发[2026]9号) as people do, which `check` refuses, and a
two-line body. Both ways end with the page saved and checked.

- Desk: the steps `tests/browser/desk.mjs` performs (and counts) between opening the new-page
  form and the saved, checked page; DESK_SECONDS is the machine time it measured for them (its
  `newPageSeconds`).
- Editor and command line: the folder and file made by hand, the front matter typed with the keys
  a person must know, `jianbao check`, the finding read and the number retyped, `jianbao check`
  again, `jianbao build` to see the page. The commands are run for real here, on a copy of the
  desk's test site, and their machine time is measured.

Model (the same for both ways): every typed character costs 1/cps seconds, every click, key
combination, menu choice or Enter `action` seconds, every finding the person has to read
`read` seconds. Machine time is added as measured.
"""
import argparse, os, shutil, subprocess, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TITLE = "关于做好冬季防火工作的通知"
WRONG = "青政发[2026]9号"
RIGHT = "青政发〔2026〕9号"
BODY = "各村：\n\n冬季防火工作安排如下。\n"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jianbao")
    ap.add_argument("desk_seconds", type=float)
    ap.add_argument("--cps", type=float, default=1.5)
    ap.add_argument("--action", type=float, default=1.0)
    ap.add_argument("--read", type=float, default=5.0)
    a = ap.parse_args()

    # The desk: desk.mjs's nine counted steps; what is typed in them.
    desk = {"actions": 6, "typed": len(TITLE) + len(WRONG) + len(BODY), "read": 1,
            "machine": a.desk_seconds}
    # (6 actions: the 新建页面 link, section, type, 建立, the suggested number, 保存; three
    # steps are typing: title, 发文字号, body; one finding read: the number's suggestion.)

    site = Path(tempfile.mkdtemp()) / "site"
    shutil.copytree(ROOT / "tests/fixtures/desk/site", site)
    folder = "content/policies/winter-fire"
    page = f"---\ntitle: {TITLE}\ndate: 2026-12-02\ntype: policy\npolicy:\n  发文字号: {WRONG}\n---\n{BODY}"
    typed = 0
    actions = 0
    read = 0
    machine = 0.0

    def command(words, *argv):
        nonlocal typed, actions, machine
        typed += len(words)
        actions += 1  # Enter
        started = time.monotonic()
        run = subprocess.run(argv, cwd=site, capture_output=True, text=True)
        machine += time.monotonic() - started
        return run.stdout + run.stderr

    actions += 1  # open a terminal in the site folder
    command(f"mkdir {folder}", "mkdir", "-p", folder)
    actions += 1  # open the new file in the text editor (the command is typed)
    typed += len(f"notepad {folder}/index.md")
    (site / folder / "index.md").write_text(page, encoding="utf-8")
    typed += len(page)
    actions += 2  # save, back to the terminal
    out = command("jianbao check", a.jianbao, "check", "--lang", "zh")
    findings = out.count("错误[") + out.count("警告[")
    read += findings
    assert "青政发〔2026〕9号" in out, out
    actions += 3  # back to the editor, select the wrong number, later save
    typed += len(RIGHT)
    (site / folder / "index.md").write_text(page.replace(WRONG, RIGHT), encoding="utf-8")
    actions += 1  # back to the terminal
    out = command("jianbao check", a.jianbao, "check", "--lang", "zh")
    assert "winter-fire" not in out, out
    read += out.count("错误[") + out.count("警告[")
    command("jianbao build", a.jianbao, "build")
    assert (site / "public/policies/winter-fire/index.html").is_file()
    cli = {"actions": actions, "typed": typed, "read": read, "machine": machine}

    def seconds(way):
        return way["typed"] / a.cps + way["actions"] * a.action + way["read"] * a.read + way["machine"]

    print(f"model: {a.cps} characters/s, {a.action} s per action, {a.read} s per finding read")
    print("| way | actions | characters typed | findings read | machine s | modelled s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, way in (("desk", desk), ("text editor + CLI", cli)):
        print(f"| {name} | {way['actions']} | {way['typed']} | {way['read']} | {way['machine']:.2f} | {seconds(way):.1f} |")
    shutil.rmtree(site.parent)

main()
