"""Terraform's built-in functions, on plain Python values.

Arguments arrive finalized (no Refs). Unless a function is listed in
``PARTIAL`` (it does not look inside its arguments' values), an unknown
anywhere in its arguments makes its result that unknown, so reasons such as
"variable X has no value" reach the finding. Bad input raises ``EvalError``
(or a Python error the evaluator turns into one), never crashes the scan.
Only the file functions touch the disk, read-only, relative to the module
directory and only inside the scanned repository (``make_functions``); nothing
touches the network.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from scanner.sources.terraform.errors import Capped, EvalError
from scanner.sources.terraform.evaluate import (
    MAX_ITEMS,
    MAX_NUMBER_BITS,
    MAX_STRING,
    json_dumps,
    normalize_number,
    to_bool,
    to_number,
    to_str,
)
from scanner.sources.terraform.repo import MAX_FILE_BYTES
from scanner.state.value import Unknown, first_unknown, mark_sensitive, unmark
from scanner.util.confined import ConfinementError, read_confined, resolve_inside
from scanner.util.safetext import clean
from scanner.util.yamlfile import load_bounded

Func = Callable[..., Any]
_REGISTRY: dict[str, Func] = {}
PARTIAL: set[str] = set()


def _fn(name: str, partial: bool = False) -> Callable[[Func], Func]:
    def register(func: Func) -> Func:
        _REGISTRY[name] = func
        if partial:
            PARTIAL.add(name)
        return func

    return register


def _list(value: Any, name: str) -> list[Any]:
    if isinstance(value, list):
        return value
    raise EvalError(f"{name}(...) needs a list")


def _map(value: Any, name: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise EvalError(f"{name}(...) needs a map")


# --------------------------------------------------------------------------- strings
_fn("lower")(lambda s: to_str(s).lower())
_fn("upper")(lambda s: to_str(s).upper())
_fn("title")(lambda s: re.sub(r"\b([a-z])", lambda m: m.group(1).upper(), to_str(s)))
_fn("trimspace")(lambda s: to_str(s).strip())
_fn("trim")(lambda s, chars: to_str(s).strip(to_str(chars)))
_fn("trimprefix")(lambda s, p: to_str(s)[len(to_str(p)) :] if to_str(s).startswith(to_str(p)) else to_str(s))
_fn("trimsuffix")(
    lambda s, p: (
        to_str(s)[: len(to_str(s)) - len(to_str(p))] if p and to_str(s).endswith(to_str(p)) else to_str(s)
    )
)
_fn("startswith")(lambda s, p: to_str(s).startswith(to_str(p)))
_fn("endswith")(lambda s, p: to_str(s).endswith(to_str(p)))
_fn("strcontains")(lambda s, sub: to_str(sub) in to_str(s))
_fn("strrev")(lambda s: to_str(s)[::-1])
_fn("chomp")(lambda s: re.sub(r"(\r\n|\n|\r)+\Z", "", to_str(s)))


@_fn("indent")
def _indent(n: Any, s: Any) -> str:
    text, width = to_str(s), int(to_number(n))
    _fits(len(text) + text.count("\n") * max(width, 0), "indent")
    return text.replace("\n", "\n" + " " * width)


def _fits(length: int, name: str) -> None:
    """Refuse, before building it, a string longer than ``MAX_STRING``."""
    if length > MAX_STRING:
        raise Capped(f"{name}(...): the result would be longer than {MAX_STRING} characters (capped)")


_fn("split")(lambda sep, s: to_str(s).split(to_str(sep)) if to_str(s) != "" else [""])


@_fn("join")
def _join(sep: Any, *lists: Any) -> str:
    items: list[str] = []
    for lst in lists:
        items.extend(to_str(x) for x in _list(lst, "join"))
    separator = to_str(sep)
    _fits(sum(map(len, items)) + len(separator) * max(len(items) - 1, 0), "join")
    return separator.join(items)


def _go_regex(pattern: str) -> str:
    """RE2 syntax to Python's: named groups ``(?P<n>``) are the same; ``\\z`` differs."""
    return pattern.replace(r"\z", r"\Z")


@_fn("replace", partial=True)
def _replace(s: Any, search: Any, repl: Any) -> Any:
    unknown = next((a for a in (s, search, repl) if isinstance(a, Unknown)), None)
    if unknown is not None:
        return _replace_with_unknown(s, search, repl, unknown)
    s, search, repl = to_str(s), to_str(search), to_str(repl)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        pattern = _go_regex(search[1:-1])
        hits = sum(1 for _ in re.finditer(pattern, s))
        # A group reference in the replacement can repeat up to the whole input.
        _fits(len(s) + hits * (len(repl) + repl.count("$") * len(s)), "replace")
        py_repl = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", repl.replace("\\", "\\\\"))
        return re.sub(pattern, py_repl, s)
    if search:
        _fits(len(s) + s.count(search) * max(len(repl) - len(search), 0), "replace")
    else:
        _fits(len(s) + (len(s) + 1) * len(repl), "replace")
    return s.replace(search, repl)


def _replace_with_unknown(s: Any, search: Any, repl: Any, unknown: Unknown) -> Any:
    """``replace(known_text, "__ARN__", aws_x.y.arn)``: the text, shaped around the unknown ARN.

    Modules put a placeholder in a document and replace it with a resource's ARN; the result
    is unknown, but everything around the ARN is known (``${}`` marks it, as in templates).
    Any other unknown argument (the text, the search, a regular expression) leaves it unknown.
    """
    if unknown is not repl or repl.shape is not None or not isinstance(s, str) or not isinstance(search, str):
        return unknown
    if not search or (len(search) > 1 and search.startswith("/") and search.endswith("/")):
        return unknown
    if search not in s:
        return s
    return Unknown(repl.reason, repl.ref, s.replace(search, "${}"))


@_fn("substr")
def _substr(s: Any, offset: Any, length: Any) -> str:
    text, off, ln = to_str(s), int(to_number(offset)), int(to_number(length))
    if off < 0:
        off = max(len(text) + off, 0)
    return text[off:] if ln < 0 else text[off : off + ln]


def _go_format(fmt: str, args: list[Any]) -> str:
    """Go's fmt verbs as Terraform's format() supports them (%s %d %f %q %v %t %%)."""
    out: list[str] = []
    pos = 0
    arg_i = 0
    for m in re.finditer(r"%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdfqvtxXeEgGbo%])", fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        flags, width, prec, verb = m.groups()
        if len(width or "") > 5 or len(prec or "") > 5:
            raise Capped("format(...): a width or precision over 99999 (capped)")
        if verb == "%":
            out.append("%")
            continue
        if arg_i >= len(args):
            raise EvalError("format(...): not enough arguments")
        arg = args[arg_i]
        arg_i += 1
        if verb in "sv":
            text = to_str(arg) if not isinstance(arg, (list, dict)) else json_dumps(arg)
        elif verb == "q":
            text = json.dumps(to_str(arg))
        elif verb == "t":
            text = "true" if to_bool(arg) else "false"
        elif verb == "d":
            text = str(int(to_number(arg)))
        elif verb in "xXob":
            text = format(int(to_number(arg)), verb)
        else:
            text = ("%" + ("." + prec if prec else "") + verb) % to_number(arg)
        if width:
            text = (
                text.ljust(int(width))
                if "-" in flags
                else text.rjust(int(width), "0" if "0" in flags else " ")
            )
        out.append(text)
    out.append(fmt[pos:])
    return "".join(out)


_fn("format")(lambda fmt, *args: _go_format(to_str(fmt), list(args)))


@_fn("formatlist")
def _formatlist(fmt: Any, *args: Any) -> list[str]:
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("formatlist(...): lists of different lengths")
    n = lengths.pop() if lengths else 1
    return [_go_format(to_str(fmt), [a[i] if isinstance(a, list) else a for a in args]) for i in range(n)]


@_fn("regex")
def _regex(pattern: Any, s: Any) -> Any:
    m = re.search(_go_regex(to_str(pattern)), to_str(s))
    if not m:
        raise EvalError("regex(...): no match")
    return _match_value(m)


def _match_value(m: re.Match[str]) -> Any:
    if m.re.groupindex:
        return {name: m.group(name) for name in m.re.groupindex}
    if m.re.groups:
        return list(m.groups())
    return m.group(0)


_fn("regexall")(
    lambda pattern, s: [_match_value(m) for m in re.finditer(_go_regex(to_str(pattern)), to_str(s))]
)


# --------------------------------------------------------------------------- collections
@_fn("length", partial=True)
def _length(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise EvalError("length(...) of null" if value is None else "length(...) of a primitive value")


def _truth_values(lst: Any, name: str) -> Any:
    """The elements of an anytrue/alltrue list as bools (None for null), or the list's Unknown."""
    if isinstance(lst, Unknown):
        return lst
    out: list[Any] = []
    for item in _list(lst, name):
        if isinstance(item, Unknown) or item is None:
            out.append(item)
        else:
            out.append(to_bool(item, f"element of {name}(...)"))
    return out


@_fn("anytrue", partial=True)
def _anytrue(lst: Any) -> Any:
    """True when any element is true; one known true wins over unknown elements."""
    items = _truth_values(lst, "anytrue")
    if isinstance(items, Unknown):
        return items
    if any(item is True for item in items):
        return True
    return next((i for i in items if isinstance(i, Unknown)), False)


@_fn("alltrue", partial=True)
def _alltrue(lst: Any) -> Any:
    """True when every element is true; one known false (or null) wins over unknown elements."""
    items = _truth_values(lst, "alltrue")
    if isinstance(items, Unknown):
        return items
    if any(item is False or item is None for item in items):
        return False
    return next((i for i in items if isinstance(i, Unknown)), True)


@_fn("matchkeys")
def _matchkeys(values: Any, keys: Any, searchset: Any) -> list[Any]:
    vals, ks, wanted = _list(values, "matchkeys"), _list(keys, "matchkeys"), _list(searchset, "matchkeys")
    if len(vals) != len(ks):
        raise EvalError("matchkeys(...): values and keys must have the same length")
    wanted_keys = _keys(wanted)
    return [v for v, k in zip(vals, ks, strict=True) if _key(k) in wanted_keys]


@_fn("setproduct")
def _setproduct(*sets: Any) -> list[Any]:
    out: list[list[Any]] = [[]]
    for s in sets:
        out = [[*prefix, item] for prefix in out for item in _list(s, "setproduct")]
        if len(out) > 100_000:
            raise EvalError("setproduct(...): the product is too large")
    return out if sets else []


@_fn("merge", partial=True)
def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in maps:
        if isinstance(m, Unknown):
            return m  # type: ignore[return-value]
        if m is None:
            continue
        out.update(_map(m, "merge"))
    return out


@_fn("concat", partial=True)
def _concat(*lists: Any) -> Any:
    out: list[Any] = []
    for lst in lists:
        if isinstance(lst, Unknown):
            return lst
        out.extend(_list(lst, "concat"))
        if len(out) > MAX_ITEMS:
            raise Capped(f"concat(...): more than {MAX_ITEMS} elements (capped)")
    return out


@_fn("lookup", partial=True)
def _lookup(m: Any, key: Any, *default: Any) -> Any:
    if isinstance(m, Unknown):
        return m
    if isinstance(key, Unknown):
        return key
    m = _map(m, "lookup")
    k = to_str(key)
    if k in m:
        return m[k]
    if default:
        return default[0]
    raise EvalError("lookup(...): key not found and no default")


@_fn("flatten", partial=True)
def _flatten(lst: Any) -> Any:
    if isinstance(lst, Unknown):
        return lst
    out: list[Any] = []
    for item in _list(lst, "flatten"):
        if isinstance(item, Unknown):
            return item
        if isinstance(item, list):
            inner = _flatten(item)
            if isinstance(inner, Unknown):
                return inner
            out.extend(inner)
        else:
            out.append(item)
        if len(out) > MAX_ITEMS:
            raise Capped(f"flatten(...): more than {MAX_ITEMS} elements (capped)")
    return out


@_fn("coalesce", partial=True)
def _coalesce(*args: Any) -> Any:
    for a in args:
        if isinstance(a, Unknown):
            return a
        if a is not None and a != "":
            return a
    raise EvalError("coalesce(...): no non-null argument")


@_fn("coalescelist", partial=True)
def _coalescelist(*args: Any) -> Any:
    for a in args:
        if isinstance(a, Unknown):
            return a
        if _list(a, "coalescelist"):
            return a
    raise EvalError("coalescelist(...): no non-empty list")


@_fn("compact", partial=True)
def _compact(lst: Any) -> list[Any] | Unknown:
    """The list without null and empty strings.

    An unknown element may be ``""`` and so make the whole result unknown, with no ``ref``: the
    result is a list, not the element the reason comes from. The one unknown that is never empty
    is a rendered policy document (``data.aws_iam_policy_document.x.json``), which stays in place,
    so the common ``compact([c ? doc.json : "", …])`` keeps every document it names.
    """
    if isinstance(lst, Unknown):
        return lst
    out = []
    for item in _list(lst, "compact"):
        if isinstance(item, Unknown):
            if not _never_empty(item):
                return Unknown(item.reason, why=item.why)
            out.append(item)
        elif first_unknown(item) is not None:
            return Unknown(first_unknown(item).reason)
        elif item is not None and item != "":
            out.append(item)
    return out


def _never_empty(value: Unknown) -> bool:
    """Whether an unknown string is known not to be empty: a policy document's rendered JSON."""
    what = value.what or ""
    return value.shape is None and ".data.aws_iam_policy_document." in f".{what}" and what.endswith(".json")


def _key(value: Any) -> Any:
    """A hashable stand-in for a value, equal exactly when Terraform's values are equal
    (so ``true`` and ``1`` differ): set functions are linear, not quadratic, in their input."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("string", str(value))
    if value is None:
        return ("null",)
    if isinstance(value, (list, dict, Unknown)):
        return ("json", json.dumps(value, sort_keys=True, default=repr))
    return ("other", repr(value))


def _distinct(lst: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    out: list[Any] = []
    for x in lst:
        k = _key(x)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


def _keys(lst: list[Any]) -> set[Any]:
    return {_key(x) for x in lst}


_fn("distinct")(lambda lst: _distinct(_list(lst, "distinct")))


@_fn("element", partial=True)
def _element(lst: Any, i: Any) -> Any:
    if isinstance(lst, Unknown):
        return lst
    if isinstance(i, Unknown):
        return i
    lst = _list(lst, "element")
    if not lst:
        raise EvalError("element(...) of an empty list")
    return lst[int(to_number(i)) % len(lst)]


_fn("keys", partial=True)(lambda m: m if isinstance(m, Unknown) else sorted(_map(m, "keys")))
_fn("values", partial=True)(
    lambda m: m if isinstance(m, Unknown) else [m[k] for k in sorted(_map(m, "values"))]
)


@_fn("zipmap", partial=True)
def _zipmap(ks: Any, vs: Any) -> Any:
    if isinstance(ks, Unknown) or first_unknown(ks):
        return first_unknown(ks)
    if isinstance(vs, Unknown):
        return vs
    ks, vs = _list(ks, "zipmap"), _list(vs, "zipmap")
    if len(ks) != len(vs):
        raise EvalError("zipmap(...): lists of different lengths")
    return {to_str(k): v for k, v in zip(ks, vs, strict=False)}


_fn("contains")(lambda lst, v: v in _list(lst, "contains"))


@_fn("index")
def _index(lst: Any, v: Any) -> int:
    lst = _list(lst, "index")
    if v not in lst:
        raise EvalError("index(...): value not in list")
    return lst.index(v)


@_fn("slice", partial=True)
def _slice(lst: Any, start: Any, end: Any) -> Any:
    for a in (lst, start, end):
        if isinstance(a, Unknown):
            return a
    s, e = int(to_number(start)), int(to_number(end))
    lst = _list(lst, "slice")
    if not 0 <= s <= e <= len(lst):
        raise EvalError("slice(...): indexes out of range")
    return lst[s:e]


@_fn("range")
def _range(*args: Any) -> list[Any]:
    nums = [to_number(a) for a in args]
    if len(nums) == 1:
        start, end, step = 0, nums[0], 1
    elif len(nums) == 2:
        start, end, step = nums[0], nums[1], 1 if nums[1] >= nums[0] else -1
    else:
        start, end, step = nums
    if step == 0:
        raise EvalError("range(...): step is zero")
    out = []
    x = start
    while (step > 0 and x < end) or (step < 0 and x > end):
        out.append(normalize_number(x))
        x += step
        if len(out) > 1024:
            raise EvalError("range(...): more than 1024 elements")
    return out


@_fn("one", partial=True)
def _one(lst: Any) -> Any:
    if isinstance(lst, Unknown):
        return lst
    lst = _list(lst, "one")
    if len(lst) > 1:
        raise EvalError("one(...): more than one element")
    return lst[0] if lst else None


_fn("tolist", partial=True)(lambda v: v if isinstance(v, Unknown) else _list(v, "tolist"))


@_fn("toset", partial=True)
def _toset(v: Any) -> Any:
    if isinstance(v, Unknown):
        return v
    lst = _list(v, "toset")
    if first_unknown(lst):
        return first_unknown(lst)
    # Terraform sets of strings iterate in lexical order; keep that so for_each keys match.
    uniq = _distinct(lst)
    if all(isinstance(x, str) for x in uniq):
        return sorted(uniq)
    return uniq


_fn("tomap", partial=True)(lambda v: v if isinstance(v, Unknown) else _map(v, "tomap"))
_fn("tostring")(lambda v: None if v is None else to_str(v))
_fn("tonumber")(lambda v: None if v is None else normalize_number(to_number(v)))
_fn("tobool")(lambda v: None if v is None else to_bool(v, "argument of tobool"))
_fn("sort")(lambda lst: sorted(to_str(x) for x in _list(lst, "sort")))
_fn("reverse")(lambda lst: list(reversed(_list(lst, "reverse"))))
_fn("setunion")(lambda *sets: _distinct([x for s in sets for x in _list(s, "setunion")]))


@_fn("setintersection")
def _setintersection(first: Any, *rest: Any) -> list[Any]:
    others = [_keys(_list(r, "setintersection")) for r in rest]
    return [x for x in _distinct(_list(first, "setintersection")) if all(_key(x) in o for o in others)]


@_fn("setsubtract")
def _setsubtract(a: Any, b: Any) -> list[Any]:
    gone = _keys(_list(b, "setsubtract"))
    return [x for x in _distinct(_list(a, "setsubtract")) if _key(x) not in gone]


@_fn("chunklist")
def _chunklist(lst: Any, size: Any) -> list[Any]:
    lst, n = _list(lst, "chunklist"), int(to_number(size))
    return [lst[i : i + n] for i in range(0, len(lst), n)] if n > 0 else [lst]


_fn("transpose")(
    lambda m: {
        v: sorted(k for k, vs in _map(m, "transpose").items() if v in vs)
        for v in sorted({x for vs in m.values() for x in vs})
    }
)

# --------------------------------------------------------------------------- numbers
_fn("min")(lambda *n: normalize_number(min(to_number(x) for x in n)))
_fn("max")(lambda *n: normalize_number(max(to_number(x) for x in n)))
_fn("abs")(lambda n: normalize_number(abs(to_number(n))))
_fn("ceil")(lambda n: math.ceil(to_number(n)))
_fn("floor")(lambda n: math.floor(to_number(n)))
_fn("sum")(lambda lst: normalize_number(sum(to_number(x) for x in _list(lst, "sum"))))


@_fn("pow")
def _pow(a: Any, b: Any) -> Any:
    """``a ** b``, refused before computing when it leaves a double's range (pow(10, 1e8))."""
    base, exp = to_number(a), to_number(b)
    if base not in (0, 1, -1) and abs(exp) > 1 and math.log2(abs(base)) * exp > MAX_NUMBER_BITS:
        raise EvalError("pow(...): the result is out of range")
    return normalize_number(base**exp)


_fn("signum")(lambda n: (to_number(n) > 0) - (to_number(n) < 0))
_fn("parseint")(lambda s, base: normalize_number(int(to_str(s), int(to_number(base)))))


# --------------------------------------------------------------------------- encoding
@_fn("jsonencode", partial=True)
def _jsonencode(v: Any) -> Any:
    """JSON text of a known value. A document only partly known (a policy naming
    ``aws_s3_bucket.x.arn``) stays a structure with unknowns inside, so adapters can
    still read its known parts (effect, principal, condition) instead of losing all of it.
    """
    if isinstance(v, Unknown):
        return v
    if first_unknown(v) is not None:
        return v
    return json_dumps(v)


@_fn("jsondecode")
def _jsondecode(s: Any) -> Any:
    try:
        return _normalize(json.loads(to_str(s)))
    except json.JSONDecodeError:
        raise EvalError("jsondecode(...): not valid JSON") from None


@_fn("yamldecode")
def _yamldecode(s: Any) -> Any:
    try:
        return _normalize(load_bounded(to_str(s)))
    except ValueError as exc:
        raise EvalError(f"yamldecode(...): {exc}") from None


_fn("yamlencode")(lambda v: yaml.safe_dump(v, sort_keys=True, default_flow_style=False))


def _normalize(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, dict):
        return {str(k): _normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    return value


_fn("base64encode")(lambda s: base64.b64encode(to_str(s).encode()).decode())
_fn("base64decode")(lambda s: base64.b64decode(to_str(s)).decode("utf-8"))
_fn("urlencode")(lambda s: __import__("urllib.parse").parse.quote(to_str(s), safe=""))
_fn("md5")(lambda s: hashlib.md5(to_str(s).encode()).hexdigest())
_fn("sha1")(lambda s: hashlib.sha1(to_str(s).encode()).hexdigest())
_fn("sha256")(lambda s: hashlib.sha256(to_str(s).encode()).hexdigest())
_fn("sha512")(lambda s: hashlib.sha512(to_str(s).encode()).hexdigest())
_fn("base64sha512")(lambda s: base64.b64encode(hashlib.sha512(to_str(s).encode()).digest()).decode())
# sensitive() marks its value (it is never printed); the evaluator unmarks nonsensitive()'s.
_fn("sensitive", partial=True)(mark_sensitive)
_fn("nonsensitive", partial=True)(unmark)
_fn("log")(lambda n, base: normalize_number(math.log(to_number(n), to_number(base))))
_fn("base64sha256")(lambda s: base64.b64encode(hashlib.sha256(to_str(s).encode()).digest()).decode())

# --------------------------------------------------------------------------- network


@_fn("cidrsubnet")
def _cidrsubnet(prefix: Any, newbits: Any, netnum: Any) -> str:
    net = ipaddress.ip_network(to_str(prefix), strict=False)
    new_prefix = net.prefixlen + int(to_number(newbits))
    if new_prefix > net.max_prefixlen:
        raise EvalError("cidrsubnet(...): not enough bits")
    size = 2 ** (net.max_prefixlen - new_prefix)
    num = int(to_number(netnum))
    if not 0 <= num < 2 ** int(to_number(newbits)):
        raise EvalError("cidrsubnet(...): netnum out of range")
    address = int(net.network_address) + num * size
    return str(ipaddress.ip_network((address, new_prefix)))


@_fn("cidrhost")
def _cidrhost(prefix: Any, hostnum: Any) -> str:
    net = ipaddress.ip_network(to_str(prefix), strict=False)
    n = int(to_number(hostnum))
    base = int(net.broadcast_address) + 1 + n if n < 0 else int(net.network_address) + n
    return str(ipaddress.ip_address(base))


@_fn("cidrsubnets")
def _cidrsubnets(prefix: Any, *newbits: Any) -> list[str]:
    """Consecutive subnets of the given sizes, each aligned to its own size (Terraform's rule)."""
    net = ipaddress.ip_network(to_str(prefix), strict=False)
    start = int(net.network_address)
    end = int(net.broadcast_address)
    out: list[str] = []
    for bits in newbits:
        new_prefix = net.prefixlen + int(to_number(bits))
        if not net.prefixlen < new_prefix <= net.max_prefixlen:
            raise EvalError("cidrsubnets(...): a new prefix does not fit the base prefix")
        size = 2 ** (net.max_prefixlen - new_prefix)
        start = -(-start // size) * size  # align up
        if start + size - 1 > end:
            raise EvalError("cidrsubnets(...): not enough room for all the subnets")
        out.append(str(ipaddress.ip_network((start, new_prefix))))
        start += size
    return out


_fn("cidrnetmask")(lambda prefix: str(ipaddress.ip_network(to_str(prefix), strict=False).netmask))

# --------------------------------------------------------------------------- time, uuids: only known at apply
for _name in ("timestamp", "uuid", "bcrypt", "plantimestamp"):
    _REGISTRY[_name] = lambda *a, _n=_name: Unknown(f"{_n}() is known only when Terraform runs")


def make_functions(
    module_dir: str,
    render_template: Callable[[str, dict[str, Any]], Any],
    root_dir: str = ".",
    roots: list[Path] | tuple[Path, ...] = (),
) -> dict[str, Func]:
    """The function table for one module directory.

    Terraform resolves relative paths against the directory it runs in (the
    root module), and ``path.module`` is relative to that; we run elsewhere, so
    ``path.module`` is relative to *our* working directory and a relative path
    is tried against it, then the root module, then the module directory.

    Every function that reads a file (``file``, ``filebase64``, ``templatefile``, the
    ``file*sha*``/``filemd5`` digests, ``fileexists``, ``fileset``) reads only inside
    ``roots``, the scanned repository (see ``repo.py``): an outside path, a symlink leading
    outside, ``/proc``, a device, a FIFO or a file over the size cap is an ``EvalError``
    (so the attribute is unknown) whose message names the path and why, never the content.
    No roots: every read is refused (a variables file may not read files).
    """

    def resolve(path: Any) -> Path:
        p = Path(to_str(path))
        if p.is_absolute():
            return p
        for base in (Path("."), Path(root_dir), Path(module_dir)):
            if (base / p).exists():
                return base / p
        return p

    def read_bytes(path: Any, name: str = "file") -> bytes:
        if not roots:
            raise EvalError(f"{name}(...) cannot read files here")
        try:
            return read_confined(resolve(path), roots, MAX_FILE_BYTES)
        except ConfinementError as exc:
            raise EvalError(f"{name}(...): {exc}") from None

    def read(path: Any, name: str = "file") -> str:
        try:
            return read_bytes(path, name).decode("utf-8")
        except UnicodeDecodeError:
            raise EvalError(f"{name}(...): {clean(to_str(path))} is not valid UTF-8") from None

    def templatefile(path: Any, variables: Any) -> Any:
        return render_template(read(path, "templatefile"), _map(variables, "templatefile"))

    def fileexists(path: Any) -> bool:
        if not roots:
            raise EvalError("fileexists(...) cannot look at files here")
        candidate = resolve(path)
        try:
            resolve_inside(candidate, roots)
        except ConfinementError as exc:
            if "no such file" in str(exc):
                return False
            raise EvalError(f"fileexists(...): {exc}") from None
        return candidate.is_file()

    def digest(algorithm: str, encode: Callable[[Any], str], name: str) -> Func:
        return lambda path: encode(hashlib.new(algorithm, read_bytes(path, name)))

    table = dict(_REGISTRY)
    table["file"] = read
    table["filemd5"] = digest("md5", lambda h: h.hexdigest(), "filemd5")
    table["filesha1"] = digest("sha1", lambda h: h.hexdigest(), "filesha1")
    table["filesha256"] = digest("sha256", lambda h: h.hexdigest(), "filesha256")
    table["filesha512"] = digest("sha512", lambda h: h.hexdigest(), "filesha512")
    table["filebase64sha256"] = digest(
        "sha256", lambda h: base64.b64encode(h.digest()).decode(), "filebase64sha256"
    )
    table["filebase64sha512"] = digest(
        "sha512", lambda h: base64.b64encode(h.digest()).decode(), "filebase64sha512"
    )
    table["fileexists"] = fileexists
    table["filebase64"] = lambda path: base64.b64encode(read_bytes(path, "filebase64")).decode()
    table["fileset"] = lambda path, pattern: Unknown("fileset() is not evaluated by privacy-scan")
    table["templatefile"] = templatefile
    table["abspath"] = lambda p: str(Path(to_str(p)).absolute())
    table["dirname"] = lambda p: str(Path(to_str(p)).parent)
    table["basename"] = lambda p: Path(to_str(p)).name
    return table
