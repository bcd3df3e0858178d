"""The ``extract`` command under bad input and bad luck (issue 7).

Exit codes: 0 all went well (binary files skipped with a warning count as
well), 1 some file could not be read or the output could not be written, 2 a
usage error, 130 interrupted. stdout carries nothing but records; every
problem is one ``Error: FILE: reason`` line on stderr, never a traceback.
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml
from click.testing import CliRunner

from nlp_extract import cli as cli_module

from .fuzz.checks import validator

ROOT = Path(__file__).resolve().parent.parent
NEWS = (
    "القاهرة في 12 يوليو 2024 - قال الرئيس الأمريكي جو بايدن، يوم الجمعة، إن "
    '"الاتفاق سيعزز الأمن في المنطقة". وأضاف وزير الخارجية أنتوني بلينكن أن '
    "الولايات المتحدة ستواصل دعم جهود الأمم المتحدة."
)


def extract_command() -> list[str]:
    script = Path(sys.executable).with_name("extract")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nlp_extract"]


def extract(*args: str, stdin: bytes | None = None, cwd: Path = ROOT, timeout: float = 120):
    return subprocess.run([*extract_command(), *map(str, args)], input=stdin, capture_output=True,
                          cwd=cwd, timeout=timeout)


def articles(stdout: bytes) -> list[dict]:
    docs = [d for d in yaml.safe_load_all(stdout.decode("utf-8")) if d is not None]
    for doc in docs:
        errors = list(validator().iter_errors(doc))
        assert not errors, errors[0].message
    return docs


@pytest.fixture
def mixed(tmp_path) -> Path:
    """A folder of good articles and every kind of file that cannot be read."""
    folder = tmp_path / "مجلد الأخبار"
    folder.mkdir()
    (folder / "a good.txt").write_text(NEWS, encoding="utf-8")
    (folder / "b latin1.txt").write_bytes("café crème".encode("latin-1"))
    (folder / "c binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "d empty.txt").write_bytes(b"")
    os.symlink(tmp_path / "gone", folder / "e dangling.txt")
    os.mkfifo(folder / "f fifo.txt")
    (folder / "g cp1256.txt").write_bytes(NEWS.encode("cp1256"))
    (folder / "notes.md").write_text("ليس مقالا", encoding="utf-8")
    return folder


# -- exit codes, stderr lines, stdout -------------------------------------------------


def test_a_clean_run_exits_0_with_only_records_on_stdout(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(NEWS, encoding="utf-8")
    result = extract(tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    docs = articles(result.stdout)
    assert [d["source"] for d in docs] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert docs[0]["records"] and docs[0]["records"] == docs[1]["records"]
    assert "جو بايدن".encode() in result.stdout and b"\\u" not in result.stdout


def test_bad_files_get_one_error_line_each_and_the_others_are_written(mixed):
    result = extract(mixed, timeout=60)
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"Error: {mixed}/b latin1.txt: cannot decode byte 0xe9 at offset 3 as UTF-8, "
        "and the file is not Windows-1256 or ISO-8859-6 Arabic",
        f"Warning: {mixed}/c binary.txt: not a text file (binary content), skipped",
        f"Error: {mixed}/e dangling.txt: no such file",
    ]
    docs = articles(result.stdout)
    assert [Path(d["source"]).name for d in docs] == ["a good.txt", "d empty.txt", "g cp1256.txt"]
    assert docs[1]["records"] == [] and docs[0]["records"] == docs[2]["records"] != []


def test_binary_files_alone_are_a_warning_and_quiet_silences_it(mixed):
    for name in ("b latin1.txt", "e dangling.txt"):
        (mixed / name).unlink()
    loud = extract(mixed)
    quiet = extract("--quiet", mixed)
    assert loud.returncode == quiet.returncode == 0
    assert loud.stderr.decode().startswith("Warning: ") and quiet.stderr == b""
    assert loud.stdout == quiet.stdout


def test_a_missing_path_named_on_the_command_line_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    result = extract(tmp_path / "nothing.txt", tmp_path / "a.txt")
    assert result.returncode == 1
    assert result.stderr.decode() == f"Error: {tmp_path}/nothing.txt: no such file\n"
    assert [d["source"] for d in articles(result.stdout)] == [str(tmp_path / "a.txt")]


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "Missing argument"),
        (["--types", "person,animal", "x.txt"], "unknown type animal"),
        (["--published", "yesterday", "x.txt"], "is not a date"),
        (["--format", "xml", "x.txt"], "'xml' is not one of"),
        (["--jobs", "0", "x.txt"], "0 is not in the range"),
        (["--morphology-db", "/no/such.db", "x.txt"], "does not exist"),
        (["--no-such-option", "x.txt"], "No such option"),
        (["-o", "/", "x.txt"], "is a directory"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_no_output(args, message):
    result = CliRunner().invoke(cli_module.cli, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stdout == ""


# -- output -----------------------------------------------------------------------------


def test_dash_o_writes_the_file_atomically_even_when_a_file_fails(mixed, tmp_path):
    out = tmp_path / "out" / "نتائج.yaml"
    out.parent.mkdir()
    out.write_text("previous", encoding="utf-8")
    result = extract(mixed, "-o", out, "--quiet")
    assert result.returncode == 1 and result.stdout == b""
    assert len(articles(out.read_bytes())) == 3
    assert os.listdir(out.parent) == [out.name]  # no temporary file left
    assert oct(out.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("target", ["/nonexistent-dir/out.yaml", "/dev/full"])
def test_an_output_that_cannot_be_written_is_one_error_line(tmp_path, target):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    result = extract(tmp_path, "-o", target)
    assert result.returncode == 1
    assert result.stderr.decode().startswith(f"Error: {target}: ")
    assert len(result.stderr.decode().splitlines()) == 1
    if target == "/dev/full":
        assert Path(target).is_char_device()  # written to, never renamed over


def test_a_device_as_output_stays_a_device(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    result = extract(tmp_path, "-o", "/dev/stdout")
    assert result.returncode == 0 and articles(result.stdout)
    assert Path("/dev/null").is_char_device()


def test_json_and_json_lines_parse_and_validate(mixed):
    as_json = extract(mixed, "--format", "json", "--quiet")
    as_jsonl = extract(mixed, "--format", "jsonl", "--quiet")
    assert as_json.returncode == as_jsonl.returncode == 1
    docs = json.loads(as_json.stdout)
    for doc in docs:
        assert not list(validator().iter_errors(doc))
    lines = [json.loads(line) for line in as_jsonl.stdout.decode().split("\n") if line]
    assert len(lines) == sum(len(d["records"]) for d in docs) > 0
    assert {Path(line["source"]).name for line in lines} == {"a good.txt", "g cp1256.txt"}


def test_no_files_at_all_is_valid_empty_output(tmp_path):
    result = extract(tmp_path, "--format", "json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


@pytest.mark.parametrize("encoding", ["utf-8", "cp1256", "utf-16"])
def test_stdin_is_read_with_dash(encoding):
    result = extract("-", stdin=NEWS.encode(encoding))
    assert result.returncode == 0, result.stderr
    (doc,) = articles(result.stdout)
    assert doc["source"] == "-" and doc["records"]


def test_undecodable_stdin_is_an_error_line():
    data = NEWS.encode("utf-8")
    result = extract("-", stdin=data[:40] + b"\xff" + data[40:])
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode().startswith("Error: -: cannot decode byte 0xff at offset 40 as UTF-8")


# -- interruption -----------------------------------------------------------------------

N_FILES = 300


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    seed = next((ROOT / "corpus").glob("*.txt")).read_bytes()
    for i in range(N_FILES):
        (folder / f"{i:04d}.txt").write_bytes(seed)
    return folder


def _wait_for_output(proc: subprocess.Popen, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if select.select([proc.stdout], [], [], 0.1)[0]:
            return os.read(proc.stdout.fileno(), 65536)
        if proc.poll() is not None:
            break
    raise AssertionError("extract wrote nothing before the deadline")


def _wait_for_file(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.name.startswith(f".{path.name}.") for p in path.parent.iterdir()):
            return
        time.sleep(0.05)
    raise AssertionError("no temporary output file appeared")


def _finish(proc: subprocess.Popen, timeout: float = 30) -> tuple[bytes, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("extract hung after the signal") from None
    return out, err.decode()


def _complete_articles(data: bytes, many: Path) -> list[dict]:
    """Every article in ``data``: whole, in order, the same records as the first."""
    docs = articles(data)
    assert 1 <= len(docs) < N_FILES
    assert [d["source"] for d in docs] == [str(many / f"{i:04d}.txt") for i in range(len(docs))]
    assert all(d["records"] == docs[0]["records"] for d in docs)
    return docs


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_dash_o_run_leaves_the_previous_file_and_no_temporary(many, tmp_path, sig):
    out = tmp_path / "out.yaml"
    out.write_text("previous run\n", encoding="utf-8")
    proc = subprocess.Popen([*extract_command(), "--quiet", "-j", "1", many, "-o", out],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    _wait_for_file(out)
    time.sleep(0.3)
    proc.send_signal(sig)
    stdout, err = _finish(proc)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert stdout == b""
    assert out.read_text(encoding="utf-8") == "previous run\n"
    assert os.listdir(tmp_path) == ["out.yaml"]


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs Linux /proc/PID/wchan")
def test_a_reader_that_stops_reading_still_gets_whole_articles(many):
    # The pipe fills (64 KiB) mid-article and the write blocks; Ctrl-C then
    # must not cut the article being written.
    proc = subprocess.Popen([*extract_command(), "--quiet", "-j", "1", many],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    wchan = Path(f"/proc/{proc.pid}/wchan")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "pipe_write" not in wchan.read_text():
        time.sleep(0.05)
    assert "pipe_write" in wchan.read_text(), "extract never blocked on the full pipe"
    os.killpg(proc.pid, signal.SIGINT)
    stdout, err = _finish(proc)
    assert proc.returncode == 130 and "Traceback" not in err, err
    _complete_articles(stdout, many)


def test_sigterm_to_the_whole_process_group_stops_a_parallel_run(many):
    # `timeout`, systemd and CI runners signal every process: the workers die
    # with the parent, and the parent must not wait for them forever.
    proc = subprocess.Popen([*extract_command(), "--quiet", "-j", "2", many],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    head = _wait_for_output(proc)
    family = [proc.pid] + [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
    os.killpg(proc.pid, signal.SIGTERM)
    rest, err = _finish(proc)
    assert proc.returncode == 130 and "Traceback" not in err, err
    _complete_articles(head + rest, many)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in family):
        time.sleep(0.1)
    assert not [p for p in family if _alive(p)]


def test_a_worker_killed_mid_run_is_an_error_not_a_hang(many):
    proc = subprocess.Popen([*extract_command(), "--quiet", "-j", "2", many],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    head = _wait_for_output(proc)
    # Workers are forked by the forkserver: grandchildren of extract.
    workers = [c for c in psutil.Process(proc.pid).children(recursive=True) if c.ppid() != proc.pid]
    assert workers
    workers[0].kill()  # what the OOM killer does
    rest, err = _finish(proc, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert err.startswith("Error: a worker process died")
    _complete_articles(head + rest, many)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# -- data and caches --------------------------------------------------------------------------


def test_a_malformed_user_gazetteer_is_one_error_line_with_file_and_line(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    user = tmp_path / "user"
    user.mkdir()
    (user / "gazetteer.yaml").write_text("entries:\n- {id: a, name: جو بايدن}\n- {id: b, name: [x\n",
                                         encoding="utf-8")
    result = subprocess.run([*extract_command(), tmp_path / "a.txt"], capture_output=True,
                            env={**os.environ, "NLP_EXTRACT_GAZETTEER_DIR": str(user)}, timeout=60)
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode().startswith(f"Error: {user}/gazetteer.yaml:4: malformed YAML")
    assert len(result.stderr.decode().splitlines()) == 1


@pytest.mark.parametrize("garbage", [b"", b"\x80\x04\x95", b"\x80\x63junk", bytes(range(256))],
                         ids=["empty", "truncated", "future-protocol", "random"])
def test_a_corrupt_cache_is_rebuilt_not_fatal(tmp_path, garbage):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {**os.environ, "NLP_EXTRACT_CACHE": str(cache)}
    first = subprocess.run([*extract_command(), tmp_path / "a.txt"], capture_output=True, env=env, timeout=60)
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert first.returncode == 0 and files
    for path in files:
        path.write_bytes(garbage)
    again = subprocess.run([*extract_command(), tmp_path / "a.txt"], capture_output=True, env=env, timeout=60)
    assert (again.returncode, again.stderr) == (0, b"")
    assert again.stdout == first.stdout
