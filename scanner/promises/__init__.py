"""Promises: the checkable form of a privacy statement."""

from scanner.promises.defaults import default_promise_set
from scanner.promises.loader import load_promises_file
from scanner.promises.model import PARAM_DEFAULTS, RETENTION_CATEGORIES, Control, Promise, PromiseSet

__all__ = [
    "PARAM_DEFAULTS",
    "RETENTION_CATEGORIES",
    "Control",
    "Promise",
    "PromiseSet",
    "default_promise_set",
    "load_promises_file",
]
