"""`briefing backup` / `briefing restore`: one archive that restores to an equal library, taken
consistently while another process writes, and archives that are corrupt, foreign or malicious
refused without leaving anything behind."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import textwrap
import time
from pathlib import Path

import pytest

from briefing.store import ArticleStore, BackupError, restore
from briefing.store.archive import CHECKSUMS, MANIFEST
from tests.support.sample_app import build_sample_library

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample(tmp_path):
    store = build_sample_library(tmp_path / "lib" / "library.json")
    store.add_feed("https://example.com/feed.xml", title="Example feed", tags=["wire"])
    store.set_setting("theme", "briefing-paper")
    yield store
    store.close()


def cli_json(db: Path, *args: str):
    from click.testing import CliRunner

    from briefing.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_backup_then_restore_gives_an_equal_library(sample, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    report = sample.backup(archive)
    assert report.articles == 5 and archive.is_file()
    assert not [p for p in sample.path.parent.iterdir() if ".backup-" in p.name]  # the snapshot is gone
    target = tmp_path / "new" / "home" / "library.json"
    restored_report = restore(archive, target)
    assert restored_report.files == report.files and restored_report.bytes == report.bytes
    assert cli_json(target, "list", "--json") == cli_json(sample.path, "list", "--json")
    for row in sample.rows():
        assert cli_json(target, "show", row.id, "--json") == cli_json(sample.path, "show", row.id, "--json")
    restored = ArticleStore(target)
    assert restored.feeds() == sample.feeds() and restored.setting("theme") == "briefing-paper"
    assert restored.partition_stats() == sample.partition_stats()
    # The restored library works: it can be written to.
    restored.tag(sample.rows()[0].id, ["after-restore"])


def test_an_uncompressed_tar_when_the_name_says_so(sample, tmp_path):
    archive = tmp_path / "backup.tar"
    sample.backup(archive)
    with tarfile.open(archive, "r:") as tar:  # fails if it were compressed
        names = tar.getnames()
    assert names[0] == MANIFEST and names[-1] == CHECKSUMS and "library.json" in names
    restore(archive, tmp_path / "r" / "library.json")


def test_a_restored_library_keeps_its_own_name(sample, tmp_path):
    archive = tmp_path / "b.tar.gz"
    sample.backup(archive)
    target = tmp_path / "r" / "news.json"
    restore(archive, target)
    assert (tmp_path / "r" / "news.parts").is_dir() and len(ArticleStore(target)) == 5


def test_backup_refuses_to_overwrite_or_to_write_into_the_library(sample, tmp_path):
    archive = tmp_path / "b.tar.gz"
    archive.write_bytes(b"precious")
    with pytest.raises(BackupError, match="already exists"):
        sample.backup(archive)
    assert archive.read_bytes() == b"precious"
    sample.backup(archive, force=True)
    assert tarfile.is_tarfile(archive)
    for bad in (sample.path, sample.paths.parts / "x.tar.gz", tmp_path):
        with pytest.raises(BackupError):
            sample.backup(bad, force=True)
    assert len(ArticleStore(sample.path)) == 5


def test_restore_refuses_a_library_with_articles_but_fills_an_empty_one(sample, tmp_path):
    archive = tmp_path / "b.tar.gz"
    sample.backup(archive)
    with pytest.raises(BackupError, match="already holds a library"):
        restore(archive, sample.path)
    # A library opened once on a new machine (no articles, feeds or settings) is empty.
    target = tmp_path / "fresh" / "library.json"
    ArticleStore(target).close()
    assert target.exists()
    restore(archive, target)
    assert len(ArticleStore(target)) == 5


# ---------------------------------------------------------------------- hostile archives


def rewrite(source: Path, dest: Path, change) -> Path:
    """A copy of the archive `source` with its members passed through `change(name, data) ->
    [(TarInfo, data)]` (drop, alter, add members)."""
    out = []
    with tarfile.open(source, "r:*") as tar:
        for member in tar:
            data = tar.extractfile(member).read() if member.isreg() else b""
            out.extend(change(member, data))
    with tarfile.open(dest, "w:gz") as tar:
        for info, data in out:
            info.size = len(data) if info.isreg() else 0
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return dest


def member(name: str, data: bytes = b"{}", kind=tarfile.REGTYPE, link: str = "") -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info, data


def header_with(**changes):
    def change(info, data):
        if info.name == MANIFEST:
            return [(info, json.dumps({**json.loads(data), **changes}).encode())]
        return [(info, data)]

    return change


def insert_before_checksums(*extra):
    def change(info, data):
        return [*extra, (info, data)] if info.name == CHECKSUMS else [(info, data)]

    return change


HOSTILE = {
    "absolute path": insert_before_checksums(member("/tmp/evil.json")),
    "dot-dot": insert_before_checksums(member("library.parts/../../evil.json")),
    "dot-dot in a partition": insert_before_checksums(member("library.parts/2026-W01/../../../x.json")),
    "foreign name": insert_before_checksums(member("library.parts/2026-W01/evil.sh")),
    "symlink": insert_before_checksums(member("library.keys/0.json", kind=tarfile.SYMTYPE, link="/etc/passwd")),
    "hard link": insert_before_checksums(member("library.keys/1.json", kind=tarfile.LNKTYPE, link="library.json")),
    "device": insert_before_checksums(member("library.keys/2.json", kind=tarfile.CHRTYPE)),
    "fifo": insert_before_checksums(member("library.keys/3.json", kind=tarfile.FIFOTYPE)),
    "tampered content": lambda info, data: [(info, data.replace(b"Riverton", b"Rivertom"))],
    "missing checksums": lambda info, data: [] if info.name == CHECKSUMS else [(info, data)],
    "missing manifest": lambda info, data: [] if info.name == MANIFEST else [(info, data)],
    "missing file": lambda info, data: [] if info.name == "library.user.json" else [(info, data)],
    "member after checksums": lambda info, data: (
        [(info, data)] + ([member("library.keys/f.json")] if info.name == CHECKSUMS else [])
    ),
    "duplicate member": lambda info, data: [(info, data)] * (2 if info.name == "library.user.json" else 1),
    "foreign format": header_with(format="something-else"),
    "newer backup format": header_with(version=2),
    "newer schema": header_with(schema=99),
    "size larger than declared": header_with(bytes=10),
    "absurd declared size": header_with(bytes=10**15),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archives_are_refused_and_leave_nothing(sample, tmp_path, case):
    good = tmp_path / "good.tar.gz"
    sample.backup(good)
    bad = rewrite(good, tmp_path / "bad.tar.gz", HOSTILE[case])
    target = tmp_path / "target" / "library.json"
    with pytest.raises(BackupError) as caught:
        restore(bad, target)
    message = str(caught.value)
    assert "\n" not in message and str(bad) in message
    assert not (tmp_path / "target").exists()
    assert not (tmp_path / "evil.json").exists() and not Path("/tmp/evil.json").exists()


@pytest.mark.parametrize("content", [b"", b"not an archive at all", b"\x1f\x8b\x08\x00garbage", b"{}"])
def test_files_that_are_not_archives_are_refused(tmp_path, content):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(content)
    with pytest.raises(BackupError, match="not a usable briefing backup"):
        restore(bad, tmp_path / "t" / "library.json")
    assert not (tmp_path / "t").exists()


def test_a_truncated_archive_is_refused(sample, tmp_path):
    good = tmp_path / "good.tar.gz"
    sample.backup(good)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(BackupError, match=r"truncated|damaged"):
        restore(cut, tmp_path / "t" / "library.json")
    assert not (tmp_path / "t").exists()


def test_a_tar_of_other_files_is_refused(tmp_path):
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        info, data = member("notes.txt", b"hello")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="does not start with"):
        restore(foreign, tmp_path / "t" / "library.json")


def test_missing_archive_is_one_line(tmp_path):
    with pytest.raises(BackupError, match="no such file"):
        restore(tmp_path / "nope.tar.gz", tmp_path / "t" / "library.json")


# ---------------------------------------------------------------------- consistency under writes

WRITER = textwrap.dedent(
    """
    import sys, time
    from briefing.core.model import Article
    from briefing.store import ArticleStore
    store = ArticleStore(sys.argv[1])
    ids = sorted(store.ids())
    log = open(sys.argv[2], "a", buffering=1)
    n = 0
    while True:
        if n % 4 == 3:  # an import: index, bodies, directory and manifest change together
            article = Article(title=f"Added {n}", paragraphs=(f"Body of article {n}.",), published="2026-11-2%d" % (n % 8 + 1))
            (added,) = store.add([(article, None)]).added
            log.write(f"{added} added\\n")
        else:
            tag = f"t{n}"
            store.tag(ids[n % len(ids)], [tag])
            log.write(f"{ids[n % len(ids)]} {tag}\\n")  # written only once the change is saved
        n += 1
        time.sleep(0.01)  # a busy writer, that still lets other writers take the lock
    """
)


@pytest.mark.slow
def test_a_backup_while_another_process_keeps_writing_is_consistent(sample, tmp_path, monkeypatch):
    # Linking each file takes a while here, so that a copy not taken under the lock would
    # catch imports half-way (it does: without the lock this test fails).
    import briefing.store.archive as archive_module

    real_link = os.link

    def slow_link(*args, **kwargs):
        time.sleep(0.01)
        return real_link(*args, **kwargs)

    monkeypatch.setattr(archive_module.os, "link", slow_link)
    log = tmp_path / "acknowledged.log"
    log.touch()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(sample.path), str(log)], env=env)
    try:
        deadline = time.monotonic() + 30
        while log.read_text().count("\n") < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        results = []
        for round_ in range(4):
            acknowledged = [line.split() for line in log.read_text().splitlines()]
            archive = tmp_path / f"backup-{round_}.tar.gz"
            sample.backup(archive)
            results.append((acknowledged, archive))
            time.sleep(0.2)
        assert writer.poll() is None, "the writer should still be running (a backup holds the lock only briefly)"
    finally:
        writer.terminate()
        writer.wait(10)
    for round_, (acknowledged, archive) in enumerate(results):
        assert len(acknowledged) >= 30
        target = tmp_path / f"restored-{round_}" / "library.json"
        restore(archive, target)
        restored = ArticleStore(target)
        rows = {row.id: row for row in restored.rows()}
        # Everything acknowledged before the backup started is in it.
        assert [i for i, what in acknowledged if i not in rows] == []
        assert [(i, t) for i, t in acknowledged if t != "added" and t not in rows[i].tags] == []
        # And it is one consistent state: the manifest, the directory, the index and the bodies agree.
        assert len(restored) == len(rows) == len(restored.ids())
        assert all(record.paragraphs for record in restored.get_many(list(rows)))
        for key, stats in restored.partition_stats().items():
            part = restored.partition_rows(key)
            assert stats["count"] == len(part) and stats["unread"] == sum(not r.read for r in part)
