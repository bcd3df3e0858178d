"""Peak memory of ``extract`` on huge inputs (issue 7): bounded or not.

    python -m tests.bench.memory                    # 5 and 50 MB articles, 2,000 and 20,000 files
    python -m tests.bench.memory --article-mb 5 --files 2000 --files 100000
    python -m tests.bench.memory --folder-mb 1000   # a 1 GB folder of ~5 KB articles
    python -m tests.bench.memory --article-mb 0 --files 0 --tiny 100000   # 100,000 one-line files

Each case runs the real command (``extract PATH --quiet -o /dev/null``) in a
fresh process and samples the resident memory of its whole process tree
(parent, forkserver, workers) every 50 ms; the peak is reported with the wall
time, the exit code and the input size. Memory is bounded when the peak stays
flat as the input grows: compare the rows of one kind.

Inputs are generated under a temporary folder from the project's corpus/
articles (read at run time) and are deleted afterwards.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]


def extract_command() -> list[str]:
    script = Path(sys.executable).with_name("extract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nlp_extract"]


def seed_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def measure(args: list[str], timeout: float) -> dict:
    started = time.perf_counter()
    popen = subprocess.Popen([*extract_command(), "--quiet", "-o", "/dev/null", *args],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc = psutil.Process(popen.pid)
    peak = 0
    while popen.poll() is None:
        try:
            peak = max(peak, tree_rss(proc))
        except psutil.NoSuchProcess:
            break
        if time.perf_counter() - started > timeout:
            popen.kill()
            break
        time.sleep(0.05)
    popen.wait()
    err = popen.stderr.read().decode(errors="replace").strip().splitlines()
    return {"peak_mb": peak / 2**20, "seconds": time.perf_counter() - started,
            "exit": popen.returncode, "stderr": err[-1] if err else ""}


def make_article(folder: Path, megabytes: float) -> Path:
    unit = seed_text().encode("utf-8") + b"\n\n"
    path = folder / f"article-{megabytes:g}mb.txt"
    with open(path, "wb") as f:
        for _ in range(max(1, int(megabytes * 2**20 / len(unit)))):
            f.write(unit)
    return path


def make_folder(folder: Path, n_files: int) -> Path:
    texts = [p.read_bytes() for p in sorted((ROOT / "corpus").glob("*.txt"))]
    root = folder / f"folder-{n_files}"
    for i in range(n_files):
        sub = root / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:06d}.txt").write_bytes(texts[i % len(texts)])
    return root


def make_tiny(folder: Path, n_files: int) -> Path:
    root = folder / f"tiny-{n_files}"
    for i in range(n_files):
        sub = root / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:06d}.txt").write_text(f"قال الرئيس جو بايدن في {1 + i % 28} يوليو 2024", encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--article-mb", type=float, action="append",
                        help="size of one generated article (repeatable; default 5 and 50)")
    parser.add_argument("--files", type=int, action="append",
                        help="number of ~4 KB articles in a generated folder (repeatable; default 2000 and 20000)")
    parser.add_argument("--tiny", type=int, action="append", default=[],
                        help="number of one-line articles in a generated folder (repeatable)")
    parser.add_argument("--folder-mb", type=float, help="also a folder of about this many MB")
    parser.add_argument("--jobs", default=None, help="passed as --jobs to the folder runs")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args(argv)
    # 0 skips a kind: --article-mb 0 --files 0 --tiny 100000
    article_sizes = [mb for mb in (args.article_mb or [5, 50]) if mb > 0]
    folder_sizes = [n for n in (args.files or [2000, 20000]) if n > 0]
    if args.folder_mb:
        avg = sum(p.stat().st_size for p in (ROOT / "corpus").glob("*.txt")) / len(list((ROOT / "corpus").glob("*.txt")))
        folder_sizes.append(int(args.folder_mb * 2**20 / avg))

    work = Path(tempfile.mkdtemp(prefix="nlp-extract-memory-"))
    rows = []
    try:
        for mb in article_sizes:
            path = make_article(work, mb)
            result = measure([str(path)], args.timeout)
            rows.append((f"one article, {path.stat().st_size / 2**20:.0f} MB", result))
            path.unlink()
            print(_row(*rows[-1]), flush=True)
        for n in folder_sizes:
            root = make_folder(work, n)
            size = sum(p.stat().st_size for p in root.rglob("*.txt"))
            jobs = ["--jobs", args.jobs] if args.jobs else []
            result = measure([*jobs, str(root)], args.timeout)
            rows.append((f"folder, {n} files, {size / 2**20:.0f} MB", result))
            shutil.rmtree(root)
            print(_row(*rows[-1]), flush=True)
        for n in args.tiny:
            root = make_tiny(work, n)
            jobs = ["--jobs", args.jobs] if args.jobs else []
            result = measure([*jobs, str(root)], args.timeout)
            rows.append((f"folder, {n} one-line files", result))
            shutil.rmtree(root)
            print(_row(*rows[-1]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _row(label: str, r: dict) -> str:
    status = "ok" if r["exit"] == 0 else f"exit {r['exit']}: {r['stderr']}"
    return f"{label:<34} peak RSS {r['peak_mb']:8.0f} MB  {r['seconds']:8.1f} s  {status}"


if __name__ == "__main__":
    main()
