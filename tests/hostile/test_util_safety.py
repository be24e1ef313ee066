"""The shared guards every hostile-input path relies on: text cleaning, confined reads, atomic writes."""

from __future__ import annotations

import os
import stat

import pytest

from scanner.util.atomic import write_text_atomic
from scanner.util.confined import ConfinementError, read_confined, read_text_confined
from scanner.util.safetext import clean, clean_block, has_unsafe


def test_clean_makes_one_printable_line():
    hostile = "ok\n::error file=x::pwned\x1b]0;title\x07\u202eevil"
    out = clean(hostile, None)
    assert "\n" not in out and "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert out == "ok ::error file=x::pwned\\x1b]0;title\\x07\\u202eevil"
    assert not has_unsafe(out)


def test_clean_shortens_with_ellipsis():
    assert clean("a" * 500, 10) == "a" * 9 + "…"
    assert clean("short", 10) == "short"


def test_clean_block_keeps_newlines_but_not_escapes():
    assert clean_block("line1\nline2\x1b[2J") == "line1\nline2\\x1b[2J"


def test_read_confined_refuses_outside_paths_and_symlinks(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN=abc123")
    (repo / "link.tfvars").symlink_to(secret)
    (repo / "ok.txt").write_text("fine")
    assert read_text_confined(repo / "ok.txt", [repo]) == "fine"
    for path in (secret, repo / "link.tfvars", repo / ".." / "secret.txt"):
        with pytest.raises(ConfinementError) as err:
            read_confined(path, [repo])
        assert "abc123" not in str(err.value)
        assert "outside the scanned repository" in str(err.value)


def test_read_confined_refuses_devices_fifos_and_large_files(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ConfinementError, match="not a regular file"):
        read_confined(fifo, [tmp_path])  # must not hang
    with pytest.raises(ConfinementError):
        read_confined("/dev/zero", [tmp_path])
    with pytest.raises(ConfinementError, match="outside"):
        read_confined("/proc/self/environ", [tmp_path])
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(ConfinementError, match="over the limit of 1024 bytes"):
        read_confined(big, [tmp_path], max_bytes=1024)


def test_atomic_write_replaces_whole_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "baseline.json"
    target.write_text("old content")

    def boom(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_text_atomic(target, "new content")
    assert target.read_text() == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json"]
