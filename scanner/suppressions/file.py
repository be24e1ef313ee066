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

from scanner.suppressions.model import Suppression, parse_date
from scanner.util.safetext import clean
from scanner.util.yamlfile import InputError, load_schema, load_yaml_document


def load_suppressions_file(path: Path) -> list[Suppression]:
    schema = load_schema("scanner.suppressions", "suppressions.schema.json")
    doc = load_yaml_document(path, schema, "suppressions file")
    data = doc.data
    out = []
    for i, row in enumerate(data["suppressions"]):
        line = doc.line(["suppressions", i])
        expires = row.get("expires")
        if isinstance(expires, dt.datetime):
            expires = expires.date()
        elif isinstance(expires, str):
            parsed = parse_date(expires)
            if parsed is None:
                at = doc.line(["suppressions", i, "expires"])
                raise InputError(
                    f"suppressions file {clean(path)}: suppressions[{i}].expires (line {at}): "
                    "not a date (YYYY-MM-DD)"
                )
            expires = parsed
        elif expires is not None and not isinstance(expires, dt.date):
            at = doc.line(["suppressions", i, "expires"])
            raise InputError(
                f"suppressions file {clean(path)}: suppressions[{i}].expires (line {at}): "
                "expected a date (YYYY-MM-DD)"
            )
        out.append(
            Suppression(
                check_ids=(row["check"],),
                reason=row["reason"].strip(),
                expires=expires,
                source=f"{clean(path.as_posix())}:{line}",
                kind="file",
                resource=row["resource"],
                file_glob=row.get("file"),
            )
        )
    return out
