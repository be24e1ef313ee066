"""HCL text → :mod:`ast` tree, using python-hcl2's grammar with our own Lark parser.

Why not ``hcl2.loads``: its dict output flattens interpolations into strings
and drops line numbers. Why not ``hcl2.api.parses_to_tree`` directly: it
builds its Lark grammar cache inside its own package directory, which fails
silently on a read-only site-packages and then costs ~1.5 s on every run. We
build the same parser (same grammar file, options and post-lexer) with the
grammar cache in our cache directory, so the parse tree is identical.
"""

from __future__ import annotations

import functools
import importlib.metadata
import math
import re
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from scanner.sources.terraform import ast
from scanner.sources.terraform.errors import ConfigError, ParseFailure
from scanner.util.safetext import clean

HCL2_FIX = (
    "pip install --force-reinstall 'python-hcl2>=8.1,<9' (in a virtualenv of its own if Checkov is installed)"
)


@functools.lru_cache(maxsize=1)
def check_hcl2() -> str | None:
    """Why the installed ``hcl2`` module cannot be used, or None when it can.

    Checkov's fork (bc-python-hcl2) installs a module of the same name with an
    older grammar; scanning with it would give wrong results, so we refuse.
    The check reads the module's own version file, which the fork overwrites,
    so it holds whichever distribution was installed last.
    """
    try:
        import hcl2
        import hcl2.api
        import hcl2.postlexer  # noqa: F401
    except ImportError as exc:
        return f"python-hcl2 is not usable ({exc}); {HCL2_FIX}"
    try:
        from hcl2.version import __version__ as version
    except ImportError:
        version = "unknown"
    match = re.match(r"(\d+)", str(version))
    major = int(match.group(1)) if match else 0
    if major != 8 or not hasattr(hcl2.api, "parses_to_tree"):
        if _installed("bc-python-hcl2"):
            return (
                f"the hcl2 module comes from bc-python-hcl2 (Checkov's fork), not python-hcl2 8.x; {HCL2_FIX}"
            )
        return f"the hcl2 module is version {version}, not python-hcl2 8.x; {HCL2_FIX}"
    if not (Path(hcl2.__file__).parent / "hcl2.lark").is_file():
        return f"python-hcl2's grammar file is missing; {HCL2_FIX}"
    return None


def _installed(distribution: str) -> bool:
    try:
        importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def hcl2_version() -> str:
    """The hcl2 module's version; part of cache keys, so a new grammar never reuses old entries."""
    try:
        from hcl2.version import __version__

        return str(__version__)
    except ImportError:  # pragma: no cover - check_hcl2 refuses this
        return "unknown"


@functools.cache
def lark_parser(cache_dir: str | None) -> Lark:
    """The LALR parser for HCL, its compiled grammar cached (as JSON) in ``cache_dir`` ("": no cache)."""
    problem = check_hcl2()
    if problem:
        raise ConfigError(problem)
    from scanner.sources.terraform.grammar_cache import hcl_parser

    return hcl_parser(Path(cache_dir) if cache_dir else None)


# The grammar cache directory of the current scan, for nested parses (template
# interpolations, templatefile) that are not told one: Lark's cache key includes
# the path, so every parse in a process should use the same one.
_CURRENT_CACHE: list[str | None] = [None]


def _parser(cache_dir: str | None) -> Lark:
    if cache_dir is None:
        if _CURRENT_CACHE[0] is None:
            from scanner.util.cachedir import default_location

            _CURRENT_CACHE[0] = str(default_location())
        cache_dir = _CURRENT_CACHE[0]
    else:
        _CURRENT_CACHE[0] = cache_dir
    return lark_parser(cache_dir)


# How deep expressions may nest (each HCL level is about two grammar levels here), and how many
# template interpolations may nest inside each other ("${"${"${...}"}"}"). Real code stays far
# below both; past them the file is a parse error, so the evaluator, the AST cache and anything
# else that walks the tree never meets a tree deep enough to exhaust Python's stack.
MAX_DEPTH = 200
MAX_NESTED_PARSES = 8
_NESTED = [0]


def parse_text(text: str, cache_dir: str | None = None) -> ast.File:
    """Parse one file's text; raises :class:`ParseFailure` with the line of a syntax error."""
    if _NESTED[0] >= MAX_NESTED_PARSES:
        raise ParseFailure(f"template interpolations are nested more than {MAX_NESTED_PARSES} deep")
    _NESTED[0] += 1
    try:
        return _parse_text(text, cache_dir)
    except RecursionError:
        raise ParseFailure("the file is nested too deeply to parse") from None
    finally:
        _NESTED[0] -= 1


def _parse_text(text: str, cache_dir: str | None) -> ast.File:
    source = text + "\n"  # as hcl2.api.parses_to_tree: the grammar needs a final newline
    try:
        tree = _parser(cache_dir).parse(source)
    except UnexpectedInput as exc:
        raise ParseFailure(_syntax_message(exc), getattr(exc, "line", None) or None) from None
    try:
        return ast.File(_Converter(source).body(tree.children[0]))
    except ParseFailure:
        raise
    except (ValueError, IndexError, AttributeError) as exc:  # pragma: no cover - grammar drift
        raise ParseFailure(f"unsupported syntax ({exc.__class__.__name__})", None) from None


def parse_expression(text: str, cache_dir: str | None = None) -> ast.Expr:
    """Parse a lone expression (``--var`` values, template interpolations)."""
    parsed = parse_text(f"__expr__ = {text}", cache_dir)
    attr = parsed.body.attributes.get("__expr__")
    if attr is None or len(parsed.body.attributes) != 1 or parsed.body.blocks:
        raise ParseFailure("not a single expression")
    return attr.expr


def _syntax_message(exc: UnexpectedInput) -> str:
    if isinstance(exc, UnexpectedEOF):
        return "syntax error: unexpected end of file"
    if isinstance(exc, UnexpectedToken):
        token = exc.token
        if token.type == "$END":
            return "syntax error: unexpected end of file"
        value = str(token).strip() or repr(str(token))
        if token.type == "NL_OR_COMMENT":
            value = "end of line"
        return f"syntax error: unexpected {clean(value, 40)}"
    if isinstance(exc, UnexpectedCharacters):
        return f"syntax error: unexpected character {clean(repr(exc.char), 20)}"
    return "syntax error"


_ESCAPES = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def unescape(text: str) -> str:
    """HCL quoted-string escapes (``\\n``, ``\\"``, ``\\uXXXX``)."""

    def repl(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "uU" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        return _SIMPLE_ESCAPES.get(esc, "\\" + esc)

    return _ESCAPES.sub(repl, text)


def _is_tree(node: Any, *names: str) -> bool:
    return isinstance(node, Tree) and (not names or node.data in names)


def _trees(node: Tree) -> list[Tree]:
    """Child trees without newlines/comments."""
    return [c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"]


def _tokens(node: Tree) -> list[Token]:
    return [c for c in node.children if isinstance(c, Token)]


# Flat template items, assembled into TemplateIf/TemplateFor by _assemble.
_Flat = list[Any]


class _Converter:
    """Walks the Lark tree of one file and builds the :mod:`ast` tree."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.depth = 0

    # ----------------------------------------------------------------- structure
    def body(self, tree: Tree) -> ast.Body:
        body = ast.Body()
        for child in _trees(tree):
            if child.data == "attribute":
                name_tree, expr_tree = _trees(child)[0], _trees(child)[-1]
                name = self.name(name_tree)
                src = self.source[expr_tree.meta.start_pos : expr_tree.meta.end_pos].strip()
                body.attributes[name] = ast.Attribute(name, self.expr(expr_tree), child.meta.line, src)
            elif child.data == "block":
                trees = _trees(child)
                inner = trees[-1]
                labels = [self.label(t) for t in trees[1:-1]]
                body.blocks.append(ast.Block(self.name(trees[0]), labels, self.body(inner), child.meta.line))
        return body

    def name(self, tree: Tree) -> str:
        return str(tree.children[0])

    def label(self, tree: Tree) -> str:
        if tree.data == "string":
            return "".join(
                unescape(str(p.children[0])) for p in _trees(tree) if isinstance(p.children[0], Token)
            )
        return self.name(tree)

    # ----------------------------------------------------------------- expressions
    def expr(self, tree: Tree) -> ast.Expr:
        """One expression; one nested too deeply is a parse error for the file (see MAX_DEPTH)."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                line = getattr(tree.meta, "line", None) if hasattr(tree, "meta") else None
                raise ParseFailure(f"an expression is nested more than {MAX_DEPTH // 2} levels deep", line)
            return self._expr(tree)
        finally:
            self.depth -= 1

    def _expr(self, tree: Tree) -> ast.Expr:  # noqa: C901 - one dispatch over the grammar's rules
        kind = tree.data
        if kind == "expr_term":
            return self.expr(_trees(tree)[0])
        if kind == "int_lit":
            text = str(tree.children[0])
            # A literal beyond a double's range is evaluated by tonumber(), which says it is out
            # of range (the argument is unknown), instead of minutes of big-integer arithmetic.
            return ast.Lit(int(text)) if len(text) <= 300 else ast.Call("tonumber", [ast.Lit(text)])
        if kind == "float_lit":
            text = str(tree.children[0])
            value = float(text)
            if not math.isfinite(value):  # 1e400
                return ast.Call("tonumber", [ast.Lit(text)])
            return ast.Lit(int(value) if value.is_integer() else value)
        if kind == "literal_value":
            return ast.Lit({"true": True, "false": False, "null": None}[str(tree.children[0])])
        if kind == "identifier":
            return ast.Name(str(tree.children[0]))
        if kind == "keyword":
            return ast.Name(str(tree.children[0]))
        if kind == "string":
            return self.template(self.string_flat(tree))
        if kind == "template_string":
            return ast.Lit(unescape(str(tree.children[0])[2:-2]))
        if kind in ("heredoc_template", "heredoc_template_trim"):
            return self.heredoc(str(tree.children[0]), kind == "heredoc_template_trim", tree.meta.line)
        if kind == "tuple":
            return ast.TupleExpr([self.expr(t) for t in _trees(tree)])
        if kind == "object":
            return ast.ObjectExpr([self.object_elem(t) for t in _trees(tree)])
        if kind == "conditional":
            cond, then, other = _trees(tree)
            return ast.Cond(self.expr(cond), self.expr(then), self.expr(other))
        if kind == "binary_op":
            left, term = _trees(tree)[:2]
            op_tree, right = _trees(term)
            return ast.BinOp(str(op_tree.children[0]).strip(), self.expr(left), self.expr(right))
        if kind == "unary_op":
            return ast.Unary(str(tree.children[0]).strip(), self.expr(_trees(tree)[0]))
        if kind == "function_call":
            names = [str(t.children[0]) for t in _trees(tree) if t.data == "identifier"]
            args_tree = [t for t in _trees(tree) if t.data == "arguments"]
            args: list[ast.Expr] = []
            expand = False
            if args_tree:
                args = [self.expr(t) for t in _trees(args_tree[0])]
                expand = any(tok.type == "ELLIPSIS" for tok in _tokens(args_tree[0]))
            return ast.Call("::".join(names), args, expand)
        if kind == "index_expr_term":
            obj, index = _trees(tree)
            return ast.Index(self.expr(obj), self.index(index))
        if kind == "get_attr_expr_term":
            obj, get_attr = _trees(tree)
            return ast.GetAttr(self.expr(obj), str(_trees(get_attr)[0].children[0]))
        if kind in ("attr_splat_expr_term", "full_splat_expr_term"):
            obj, splat = _trees(tree)
            ops: list[tuple[str, Any]] = []
            for op in _trees(splat):
                if op.data == "get_attr":
                    ops.append(("attr", str(_trees(op)[0].children[0])))
                else:
                    ops.append(("index", self.index(op)))
            return ast.Splat(self.expr(obj), ops)
        if kind in ("for_tuple_expr", "for_object_expr"):
            return self.for_expr(tree)
        raise ParseFailure(
            f"unsupported expression {kind}", tree.meta.line if hasattr(tree.meta, "line") else None
        )

    def index(self, tree: Tree) -> ast.Expr:
        if tree.data == "short_index":
            return ast.Lit(int(str(_tokens(tree)[-1])))
        return self.expr(_trees(tree)[0])

    def object_elem(self, tree: Tree) -> tuple[ast.Expr, ast.Expr]:
        key_tree, value_tree = _trees(tree)
        inner = _trees(key_tree)[0]
        key: ast.Expr
        if inner.data == "keyword":
            key = ast.Lit(str(inner.children[0]))
        else:
            # A bare identifier key is the literal name (HCL), anything else is evaluated.
            term = _trees(inner)[0] if inner.data == "expr_term" and len(inner.children) == 1 else None
            if term is not None and term.data == "identifier":
                key = ast.Lit(str(term.children[0]))
            else:
                key = self.expr(inner)
        return key, self.expr(value_tree)

    def for_expr(self, tree: Tree) -> ast.ForExpr:
        trees = _trees(tree)
        intro = trees[0]
        idents = [str(t.children[0]) for t in _trees(intro) if t.data == "identifier"]
        coll = [t for t in _trees(intro) if t.data != "identifier"][0]
        key_var, value_var = (idents[0], idents[1]) if len(idents) == 2 else (None, idents[0])
        cond = None
        if trees[-1].data == "for_cond":
            cond = self.expr(_trees(trees[-1])[0])
            trees = trees[:-1]
        if tree.data == "for_tuple_expr":
            return ast.ForExpr(key_var, value_var, self.expr(coll), self.expr(trees[1]), None, cond)
        group = any(tok.type == "ELLIPSIS" for tok in _tokens(tree))
        return ast.ForExpr(
            key_var, value_var, self.expr(coll), self.expr(trees[2]), self.expr(trees[1]), cond, group
        )

    # ----------------------------------------------------------------- templates
    def string_flat(self, tree: Tree) -> _Flat:
        flat: _Flat = []
        for part in _trees(tree):
            child = part.children[0]
            if isinstance(child, Token):
                if child.type == "ESCAPED_INTERPOLATION" or child.type == "ESCAPED_DIRECTIVE":
                    flat.append(str(child)[1:])
                else:
                    flat.append(unescape(str(child)))
                continue
            toks = [str(t) for t in _tokens(child)]
            exprs = _trees(child)
            strip_left = len(toks) > 1 and toks[1] == "~"
            strip_right = len(toks) > 1 and toks[-2] == "~"
            if child.data == "interpolation":
                flat.append(("interp", self.expr(exprs[0]), False, False))
            elif child.data == "template_if_start":
                flat.append(("if", self.expr(exprs[0]), strip_left, strip_right))
            elif child.data == "template_else":
                flat.append(("else", None, strip_left, strip_right))
            elif child.data == "template_endif":
                flat.append(("endif", None, strip_left, strip_right))
            elif child.data == "template_for_start":
                idents = [str(t.children[0]) for t in exprs if t.data == "identifier"]
                coll = [t for t in exprs if t.data != "identifier"][0]
                flat.append(("for", (idents, self.expr(coll)), strip_left, strip_right))
            elif child.data == "template_endfor":
                flat.append(("endfor", None, strip_left, strip_right))
        return flat

    def heredoc(self, raw: str, trim: bool, line: int) -> ast.Expr:
        first_nl = raw.index("\n")
        marker = raw[(3 if trim else 2) : first_nl].strip()
        body = raw[first_nl + 1 :]
        body = re.sub(r"[ \t]*" + re.escape(marker) + r"\r?\n?\Z", "", body)
        if trim:
            lines = body.split("\n")
            indents = [len(x) - len(x.lstrip(" \t")) for x in lines if x.strip()]
            cut = min(indents) if indents else 0
            body = "\n".join(x[cut:] for x in lines)
        return self.template(template_flat(body, line))

    def template(self, flat: _Flat) -> ast.Expr:
        parts = _assemble(_apply_strip(flat))
        if not parts:
            return ast.Lit("")
        if all(isinstance(p, str) for p in parts):
            return ast.Lit("".join(parts))  # type: ignore[arg-type]
        return ast.Template(parts)


def parse_template(text: str) -> ast.Expr:
    """A template file's text (``templatefile``) as an expression."""
    return _Converter("").template(template_flat(text))


def template_flat(text: str, line: int | None = None) -> _Flat:
    """Split template text (heredoc body, templatefile) into literal and ``${}``/``%{}`` items."""
    flat: _Flat = []
    i, start, n = 0, 0, len(text)
    while i < n:
        if text.startswith("$${", i) or text.startswith("%%{", i):
            flat.append(text[start:i] + text[i + 1 : i + 3])
            i += 3
            start = i
            continue
        if text.startswith("${", i) or text.startswith("%{", i):
            flat.append(text[start:i])
            end = _matching_brace(text, i + 2)
            if end < 0:
                raise ParseFailure("unterminated template interpolation", line)
            inner = text[i + 2 : end]
            strip_left = inner.startswith("~")
            strip_right = inner.endswith("~")
            inner = inner[1 if strip_left else 0 : len(inner) - (1 if strip_right else 0)].strip()
            if text[i] == "$":
                flat.append(("interp", parse_expression(inner), strip_left, strip_right))
            else:
                flat.append(_directive(inner, strip_left, strip_right, line))
            i = end + 1
            start = i
            continue
        i += 1
    flat.append(text[start:])
    return [f for f in flat if f != ""]


def _directive(
    inner: str, strip_left: bool, strip_right: bool, line: int | None
) -> tuple[str, Any, bool, bool]:
    word = inner.split(None, 1)[0] if inner else ""
    rest = inner[len(word) :].strip()
    if word == "if":
        return ("if", parse_expression(rest), strip_left, strip_right)
    if word in ("else", "endif", "endfor"):
        return (word, None, strip_left, strip_right)
    if word == "for":
        m = re.match(r"([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*))?\s+in\s+(.*)\Z", rest, re.S)
        if not m:
            raise ParseFailure("bad template for directive", line)
        idents = [m.group(1)] + ([m.group(2)] if m.group(2) else [])
        return ("for", (idents, parse_expression(m.group(3))), strip_left, strip_right)
    raise ParseFailure(f"unknown template directive {word!r}", line)


def _matching_brace(text: str, i: int) -> int:
    """Index of the ``}`` closing an interpolation that starts at ``i`` (skips nested braces and strings)."""
    depth = 0
    in_str = False
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def _apply_strip(flat: _Flat) -> _Flat:
    """Honour ``~`` strip markers by trimming whitespace of the neighbouring literals."""
    out = list(flat)
    for k, item in enumerate(out):
        if isinstance(item, tuple):
            if item[2] and k > 0 and isinstance(out[k - 1], str):
                out[k - 1] = out[k - 1].rstrip()
            if item[3] and k + 1 < len(out) and isinstance(out[k + 1], str):
                out[k + 1] = out[k + 1].lstrip()
    return [x for x in out if x != ""]


def _assemble(flat: _Flat) -> list[ast.TemplatePart]:
    """Nest flat if/else/endif and for/endfor items into TemplateIf/TemplateFor."""
    pos = 0

    def parse_until(stops: tuple[str, ...]) -> tuple[list[ast.TemplatePart], str | None]:
        nonlocal pos
        parts: list[ast.TemplatePart] = []
        while pos < len(flat):
            item = flat[pos]
            pos += 1
            if isinstance(item, str):
                parts.append(item)
                continue
            kind, payload = item[0], item[1]
            if kind in stops:
                return parts, kind
            if kind == "interp":
                parts.append(payload)
            elif kind == "if":
                then, stop = parse_until(("else", "endif"))
                other: list[ast.TemplatePart] = []
                if stop == "else":
                    other, stop = parse_until(("endif",))
                if stop != "endif":
                    raise ParseFailure("template if without endif")
                parts.append(ast.TemplateIf(payload, then, other))
            elif kind == "for":
                idents, coll = payload
                body, stop = parse_until(("endfor",))
                if stop != "endfor":
                    raise ParseFailure("template for without endfor")
                key_var, value_var = (idents[0], idents[1]) if len(idents) == 2 else (None, idents[0])
                parts.append(ast.TemplateFor(key_var, value_var, coll, body))
            else:
                raise ParseFailure(f"template {kind} without its opening directive")
        return parts, None

    parts, _ = parse_until(())
    return parts
