"""Errors of the Terraform source.

``ConfigError`` is for input the scan cannot start on at all (a path that does
not exist, a directory without Terraform, a broken ``hcl2`` install): the CLI
turns it into exit code 2 with its one-line message. Problems inside a
configuration that still lets the rest be scanned (a file that does not parse)
are *not* exceptions: they become ``ScanError`` entries in ``TfConfig.errors``.
"""

from __future__ import annotations


class ConfigError(Exception):
    """The configuration cannot be scanned at all; the message is one line for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ParseFailure(Exception):
    """A file did not parse; carries the line so the report can point at it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class EvalError(Exception):
    """An expression is wrong (missing attribute, bad index, type mismatch).

    Caught by ``try``/``can``; elsewhere it degrades to an ``Unknown`` whose
    reason is this message, so messages must never contain evaluated values
    (they may come from sensitive variables) — only names and source text.
    """


class MetUnknown(EvalError):
    """A conversion (to a string, number or bool) met a value that is not known yet.

    Not a type error: the value, once known, may well convert. A function that meets one inside
    its arguments is as unknown as that value (``join("", aws_x.y[*].name)`` before apply), while
    ``try``/``can`` still see a real type error next to an unknown.
    """

    def __init__(self, unknown: object, what: str) -> None:
        super().__init__(f"{what} is not known yet")
        self.unknown = unknown


class Capped(EvalError):
    """A bound on evaluation was hit (a string, a collection, the evaluation steps).

    Like any ``EvalError`` it makes the argument unknown; unlike others, the scan reports it as
    incomplete (exit code 3), saying what was capped.
    """
