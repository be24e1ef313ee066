"""A hostile repository's configuration cannot write or read outside the repository, nor make an
error print a secret (issue 13, items 2 and 4 of "Leaks and writes")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ci.helpers import FIXTURES, run_cli
from tests.hostile.limits import assert_clean_exit, run_limited

TOKEN = "ghp_" + "S3cr3tT0k3nV4lue" * 2


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/repo (a git repository holding the Terraform module app/), tmp/outside, and a HOME
    with a .bashrc and a .git-credentials, as on a CI runner."""
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "app", root / "app")
    (root / ".git").mkdir()
    (tmp_path / "outside").mkdir()
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("# the runner's shell\n")
    (home / ".git-credentials").write_text(f"https://ci:{TOKEN}@github.com\n")
    # the caches stay where they were (warm): only "~" in the configuration means the new HOME
    monkeypatch.setenv("XDG_CACHE_HOME", os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(root)
    return root


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ("also:\n  markdown: ~/.bashrc\n", "also.markdown"),
        ("also:\n  junit: ../outside/x.xml\n", "also.junit"),
        ("also:\n  junit: reports/../../outside/x.xml\n", "also.junit"),
        ("format: json\noutput: {outside}/report.json\n", "output"),
        ("format: json\noutput: linked/report.json\n", "output"),  # linked -> ../outside
    ],
)
def test_configuration_cannot_write_outside_the_repository(repo, monkeypatch, capsys, config, field) -> None:
    outside, home = repo.parent / "outside", repo.parent / "home"
    (repo / "linked").symlink_to(outside)
    (repo / ".privacy-scan.yaml").write_text(config.format(outside=outside))
    before = files_under(home), files_under(outside)
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    line = one_line(r.err)
    assert line.startswith(f"privacy-scan: error: configuration .privacy-scan.yaml: {field}: ")
    assert "lies outside the repository" in line
    assert (files_under(home), files_under(outside)) == before


def test_configuration_cannot_write_through_a_symlink_even_one_inside(repo, monkeypatch, capsys) -> None:
    (repo / "real.md").write_text("kept\n")
    (repo / "summary.md").symlink_to(repo / "real.md")
    (repo / ".privacy-scan.yaml").write_text("also:\n  markdown: summary.md\n")
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert one_line(r.err) == (
        "privacy-scan: error: configuration .privacy-scan.yaml: also.markdown: summary.md is a symbolic link; "
        "refusing to write through it"
    )
    assert (repo / "real.md").read_text() == "kept\n"


def test_inside_paths_from_the_configuration_and_any_path_on_the_command_line_are_written(
    repo, monkeypatch, capsys
) -> None:
    outside = repo.parent / "outside"
    (repo / ".privacy-scan.yaml").write_text("also:\n  junit: reports/junit.xml\n")
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 1, r.err  # the fixture breaks a retention promise on purpose
    assert (repo / "reports" / "junit.xml").read_text().startswith("<?xml")
    r = run_cli(["iac", "app", "--also", f"markdown={outside}/summary.md"], monkeypatch, capsys)
    assert r.code == 1, r.err
    assert (outside / "summary.md").read_text().startswith("#")


@pytest.mark.parametrize("key", ["promises", "suppressions", "baseline", "statement"])
@pytest.mark.parametrize(
    "where", ["~/.git-credentials", "{home}/.git-credentials", "../home/.git-credentials"]
)
def test_configuration_cannot_read_outside_the_repository(repo, monkeypatch, capsys, key, where) -> None:
    home = repo.parent / "home"
    (repo / ".privacy-scan.yaml").write_text(f"{key}: {where.format(home=home)}\n")
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    line = one_line(r.err)
    assert f"configuration .privacy-scan.yaml: {key}: " in line and "lies outside the repository" in line
    assert TOKEN not in r.err + r.out


@pytest.mark.parametrize("key", ["var_files", "checks_dirs"])
def test_configuration_lists_of_paths_are_confined_too(repo, monkeypatch, capsys, key) -> None:
    (repo / "creds.tfvars").symlink_to(repo.parent / "home" / ".git-credentials")
    (repo / ".privacy-scan.yaml").write_text(f"{key}: [app, creds.tfvars]\n")
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert f"{key}[1]: creds.tfvars lies outside the repository" in one_line(r.err)
    assert TOKEN not in r.err + r.out


def test_a_symlink_inside_the_repository_that_leads_out_is_refused(repo, monkeypatch, capsys) -> None:
    (repo / "promises.yaml").symlink_to(repo.parent / "home" / ".git-credentials")
    (repo / ".privacy-scan.yaml").write_text("promises: promises.yaml\n")
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert "promises: promises.yaml lies outside the repository" in one_line(r.err)
    assert TOKEN not in r.err


def test_a_discovered_configuration_that_links_out_of_the_repository_is_not_read(
    repo, monkeypatch, capsys
) -> None:
    secret = repo.parent / "home" / "secret.yaml"
    secret.write_text(f"format: {TOKEN}\n")
    (repo / ".privacy-scan.yaml").symlink_to(secret)
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert "configuration .privacy-scan.yaml is a link to a file outside the repository" in one_line(r.err)
    assert TOKEN not in r.err


CREDENTIAL_LOOKALIKES = [
    f"https://ci:{TOKEN}@github.com\n",  # a string, not a mapping
    f"token: {TOKEN}\n",  # an unknown field with the secret as value
    f"version: 1\npromises:\n  - id: p\n    control: {TOKEN}\n",  # a value that is not in the enum
    f"version: 1\npromises: {TOKEN}\n",  # the wrong type further down
    f"- {TOKEN}\n- [unclosed\n",  # YAML syntax error after the secret
    f'version: "{TOKEN}\n',  # YAML syntax error inside the secret
]


@pytest.mark.parametrize("content", CREDENTIAL_LOOKALIKES)
@pytest.mark.parametrize("option", ["--promises", "--suppressions"])
def test_a_schema_or_yaml_error_names_file_field_and_line_never_the_value(
    repo, monkeypatch, capsys, content, option
) -> None:
    (repo / "input.yaml").write_text(content)
    r = run_cli(["--no-config", "iac", "app", option, "input.yaml"], monkeypatch, capsys)
    assert r.code == 2
    line = one_line(r.err)
    assert "input.yaml" in line and "(line " in line, line
    assert TOKEN not in r.err and "S3cr3t" not in r.err


def test_a_toml_configuration_error_does_not_repeat_the_value(repo, monkeypatch, capsys) -> None:
    (repo / "pyproject.toml").write_text(f'[tool.privacy-scan]\nformat = "json"\nfail_on = "{TOKEN}"\n')
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert one_line(r.err) == (
        "privacy-scan: error: configuration pyproject.toml: [tool.privacy-scan] fail_on (line 3): "
        "must be one of: fail, unknown, never"
    )


def test_a_baseline_or_saved_scan_of_the_wrong_shape_does_not_repeat_values(
    repo, monkeypatch, capsys
) -> None:
    (repo / "b.json").write_text(f'{{"version": 1, "findings": [{{"fingerprint": 1, "x": "{TOKEN}"}}]}}')
    r = run_cli(["--no-config", "iac", "app", "--baseline", "b.json"], monkeypatch, capsys)
    assert (r.code, one_line(r.err)) == (
        2,
        "privacy-scan: error: baseline b.json: findings[0]: needs fingerprint, check_id and resource",
    )
    (repo / "s.json").write_text(f'{{"version": 1, "findings": [{{"check_id": "c", "status": "{TOKEN}"}}]}}')
    r = run_cli(["--no-config", "drift", "--from", "s.json", "--to", "s.json"], monkeypatch, capsys)
    assert r.code == 2 and "s.json: not a valid scan result" in one_line(r.err)
    assert TOKEN not in r.err


def test_a_promises_file_cannot_make_the_scan_read_its_statement_outside_the_repository(
    repo, monkeypatch, capsys
) -> None:
    """The promises file names the statement it was extracted from, to warn when it changed:
    /dev/zero or a home-folder file named there is not opened."""
    body = (
        "version: 1\nstatement:\n  file: {file}\n  sha256: '" + "0" * 64 + "'\n"
        "promises:\n  - id: p\n    control: transport-encryption\n    params: {{min_tls_version: '1.2'}}\n"
    )
    for file in ("/dev/zero", str(repo.parent / "home" / ".git-credentials"), "../home/.git-credentials"):
        (repo / "promises.yaml").write_text(body.format(file=file))
        r = run_limited(["--no-config", "iac", "app", "--promises", "promises.yaml", "-f", "json"], cwd=repo)
        assert_clean_exit(r, (0, 1))
        warnings = [w for w in r.stderr.splitlines() if "statement" in w]
        assert len(warnings) == 1 and "was not read" in warnings[0], r.stderr
        assert "outside the scanned repository" in warnings[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_the_hook_caller_search_skips_fifos_and_devices_named_tf(repo) -> None:
    os.mkfifo(repo / "app" / "pipe.tf")
    (repo / "app" / "zero.tf").symlink_to("/dev/zero")
    r = run_limited(["--no-config", "hook", "app/modules/store/main.tf", "--no-cache"], cwd=repo)
    assert_clean_exit(r)
    assert "app/main.tf" in r.stdout or "app" in r.stdout, r.stdout + r.stderr


@pytest.mark.parametrize("target", [".git/hooks/pre-commit", ".git/config", "gitdir/config"])
def test_configuration_cannot_write_into_the_git_folder(repo, monkeypatch, capsys, target) -> None:
    """A report written over .git/config or a hook would change what git runs next."""
    (repo / ".git" / "hooks").mkdir()
    (repo / ".git" / "config").write_text("[core]\n")
    (repo / "gitdir").symlink_to(repo / ".git")
    (repo / ".privacy-scan.yaml").write_text(f"format: json\noutput: {target}\n")
    r = run_cli(["iac", "app"], monkeypatch, capsys)
    assert r.code == 2
    assert f"output: {target} lies in the repository's .git folder" in one_line(r.err)
    assert (repo / ".git" / "config").read_text() == "[core]\n"
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()


def test_inline_suppressions_are_read_from_tf_files_only(repo, monkeypatch, capsys) -> None:
    """A finding's file is read again for suppression comments: never a FIFO, a device or a plan."""
    from scanner.suppressions.inline import InlineIndex

    os.mkfifo(repo / "pipe.tf")
    index = InlineIndex(base_dirs=[repo])
    for name in ("pipe.tf", "/dev/zero", "app/main.tf.json"):
        index.read(name)
        assert index.covering(name, 1) == []
