"""Suppressions: findings accepted on purpose, with a reason and (optionally) an expiry date.

Two places to write them:

* inline, in the ``.tf`` file, on the comment lines directly above a resource
  block or inside it::

      # privacy-scan:ignore s3-bucket-encrypted reason="public website assets" expires=2026-06-30
      resource "aws_s3_bucket" "site" { ... }

* a suppressions file (``--suppressions FILE`` or ``suppressions:`` in the
  configuration) listing check, resource address (glob), reason and expiry.

A reason is required. An expired suppression stops suppressing and says so (a
warning, and a note on the finding). Suppressed findings stay in the report,
marked ``suppressed``, so JSON and SARIF still show them.
"""

from scanner.suppressions.apply import apply_suppressions
from scanner.suppressions.file import load_suppressions_file
from scanner.suppressions.inline import InlineIndex, parse_directive
from scanner.suppressions.model import Suppression

__all__ = ["InlineIndex", "Suppression", "apply_suppressions", "load_suppressions_file", "parse_directive"]
