"""EKS envelope-encrypts Kubernetes API data by default from 1.28 on, with a key AWS owns."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.knowledge.aws.eks import encrypted_by_default
from scanner.pipeline import scan_iac
from scanner.promises import default_promise_set

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "terraform" / "more-stores"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (None, True),
        ("1.28", True),
        ("1.31", True),
        ("2.0", True),
        ("1.27", False),
        ("1.9", False),
        ("latest", None),
    ],
)
def test_default_encryption_follows_the_kubernetes_version(version, expected) -> None:
    assert encrypted_by_default(version) is expected


def test_without_a_key_promise_a_current_cluster_passes_and_a_legacy_one_fails() -> None:
    report = scan_iac([FOLDER], default_promise_set(), use_cache=False)
    verdicts = {
        f.resource: (f.status.value, f.message)
        for f in report.findings
        if f.check_id == "aws-eks-secrets-encrypted"
    }
    assert {r: s for r, (s, _) in verdicts.items()} == {
        "aws_eks_cluster.legacy": "fail",
        "aws_eks_cluster.private": "pass",
        "aws_eks_cluster.public": "pass",
    }
    assert "encrypted = false" in verdicts["aws_eks_cluster.legacy"][1]
