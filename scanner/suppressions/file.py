"""The suppressions file: accepted findings kept apart from the code (YAML, schema-validated).

Example::

    suppressions:
      - check: s3-bucket-encrypted
        resource: aws_s3_bucket.public_site      # glob: module.cdn.aws_s3_bucket.*
        reason: static public website, no personal data
        expires: 2026-06-30

Errors name the file, the field and the line, and exit 2.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from scanner.suppressions.model import Suppression, parse_date
from scanner.util.yamlfile import InputError, _node_line, load_schema, load_validated_yaml


def load_suppressions_file(path: Path) -> list[Suppression]:
    schema = load_schema("scanner.suppressions", "suppressions.schema.json")
    data = load_validated_yaml(path, schema, "suppressions file")
    root = yaml.compose(path.read_text(encoding="utf-8"))
    out = []
    for i, row in enumerate(data["suppressions"]):
        line = _node_line(root, ["suppressions", i])
        expires = row.get("expires")
        if isinstance(expires, dt.datetime):
            expires = expires.date()
        elif isinstance(expires, str):
            parsed = parse_date(expires)
            if parsed is None:
                at = _node_line(root, ["suppressions", i, "expires"])
                raise InputError(
                    f"suppressions file {path}: suppressions[{i}].expires (line {at}): "
                    f"{expires!r} is not a date (YYYY-MM-DD)"
                )
            expires = parsed
        elif expires is not None and not isinstance(expires, dt.date):
            at = _node_line(root, ["suppressions", i, "expires"])
            raise InputError(
                f"suppressions file {path}: suppressions[{i}].expires (line {at}): expected a date (YYYY-MM-DD)"
            )
        out.append(
            Suppression(
                check_ids=(row["check"],),
                reason=row["reason"].strip(),
                expires=expires,
                source=f"{path.as_posix()}:{line}",
                kind="file",
                resource=row["resource"],
                file_glob=row.get("file"),
            )
        )
    return out
