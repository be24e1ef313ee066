"""Amazon EKS: is the Kubernetes API data of a cluster envelope-encrypted?

Since Kubernetes 1.28 EKS envelope-encrypts all Kubernetes API data (secrets included) by
default with a KMS key AWS owns; ``encryption_config`` / ``encryptionConfig`` only makes that key
the customer's. Clusters below 1.28 encrypted secrets only with an encryption configuration.
EKS no longer creates or runs clusters below 1.28 (their extended support has ended), so a
cluster whose version is not given in the code is taken as 1.28 or later.
"""

from __future__ import annotations

import re

DEFAULT_ENCRYPTION_FROM = (1, 28)
_VERSION = re.compile(r"^\s*(\d+)\.(\d+)")


def encrypted_by_default(version: object) -> bool | None:
    """Whether a cluster of this Kubernetes ``version`` is envelope-encrypted without a configuration.

    ``None`` (not given: AWS picks a current version) is encrypted; a version that does not
    read as ``MAJOR.MINOR`` answers ``None`` (undecided).
    """
    if version is None:
        return True
    match = _VERSION.match(str(version))
    if not match:
        return None
    return (int(match.group(1)), int(match.group(2))) >= DEFAULT_ENCRYPTION_FROM
