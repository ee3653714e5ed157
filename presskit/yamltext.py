"""YAML and JSON text of plain data (mappings, lists, strings, integers, booleans), written directly.

PyYAML's representer was half of an export's time (libyaml only writes the events it makes). The data files
have one shape — block mappings and lists of scalars — so each value is turned into its text here, as libyaml
writes it: a string is plain when it reads back as that same string, else single-quoted, else double-quoted
with escapes, folded at the same width. The text of an export is therefore the same as before, with two
exceptions made for the person reading it: a text of several lines is a literal block (``|``) instead of a
quoted string with doubled line breaks, and characters beyond U+FFFF (emoji) are written as themselves, not as
``\\U0001F3AC``. tests/test_yamltext.py checks, for any text, that PyYAML reads back exactly the data, and that
other single-line text is written byte for byte as PyYAML writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from json.encoder import encode_basestring  # the C one when available
from typing import Any

from yaml import ScalarNode
from yaml.resolver import BaseResolver, Resolver

WIDTH = 110  # libyaml folds a scalar at the first space past this column (yaml.dump(..., width=110))

# libyaml's printable characters, without line breaks (U+2028/9), the BOM, and with U+10000-U+10FFFF.
_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_NOT_INLINE = re.compile(f"[^{_PRINTABLE}]").search
_NOT_LITERAL = re.compile(f"[^\n{_PRINTABLE}]").search
# A plain scalar may not start with these (libyaml's block indicators), nor with a space.
_BAD_FIRST = frozenset("#,[]{}&*!|>'\"%@` ")
_STR = BaseResolver.DEFAULT_SCALAR_TAG
_resolver = Resolver()
# The first characters of the plain scalars PyYAML reads as something else (true, 12, 2014-01-01, null, ~, ...).
_RESOLVED_FIRST = frozenset(c for c in Resolver.yaml_implicit_resolvers if c)
_ANY_FIRST = None in Resolver.yaml_implicit_resolvers
# What json.dumps(ensure_ascii=False) leaves raw but a YAML reader (presskit reads JSON with one) refuses or
# reads as a line break; escaped as JSON allows: the same string to either reader.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_ESCAPES = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r", "\x1b": "e",
            '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P"}


def _plain(s: str) -> bool:
    """Whether ``s`` (non-empty, printable, one line) reads back as itself when written without quotes."""
    c = s[0]
    if c in _BAD_FIRST or s[-1] in " :" or ": " in s or " #" in s:
        return False
    if c in "-?:" and (len(s) == 1 or s[1] == " ") or s.startswith(("---", "...")):
        return False
    if c in _RESOLVED_FIRST or _ANY_FIRST:
        return _resolver.resolve(ScalarNode, s, (True, False)) == _STR
    return True


def _literal(s: str) -> bool:
    """Whether ``s`` (with a line break) reads back as itself from a literal block (``|`` or ``|-``)."""
    return not (_NOT_LITERAL(s) or s[0] in " \n" or s[-1] == " " or " \n" in s or s.endswith("\n\n"))


def _constant(value: Any) -> str | None:
    """true, false and null: the same words in YAML and JSON."""
    return "true" if value is True else "false" if value is False else "null" if value is None else None


def scalar(value: Any, column: int, indent: int) -> str:
    """The text of ``value`` written at ``column``; a folded or literal one goes on at ``indent``.

    No final line break. ``column`` is where the value starts (after ``key: `` or ``- ``).
    """
    if value.__class__ is not str:
        constant = _constant(value)
        if constant is not None:
            return constant
        if value.__class__ is int:
            return str(value)
        if not isinstance(value, str):
            raise TypeError(f"cannot write {type(value).__name__} {value!r} as YAML")
    s = str.__str__(value)
    if not s:
        return "''"
    if _NOT_INLINE(s) is None:
        if _plain(s):
            return s if column + len(s) <= WIDTH + 1 else _fold(s, column, indent, "", "")
        body = s.replace("'", "''")
        if column + len(body) + 1 <= WIDTH + 1:
            return f"'{body}'"
        return _fold(s, column, indent, "'", "'")
    if "\n" in s and _literal(s):
        lines = s[:-1].split("\n") if s[-1] == "\n" else s.split("\n")
        pad = " " * indent
        return ("|" if s[-1] == "\n" else "|-") + "".join(f"\n{pad}{line}" if line else "\n" for line in lines)
    return _fold(s, column, indent, '"', '"')


def _escape(c: str) -> str:
    short = _ESCAPES.get(c)
    if short is not None:
        return "\\" + short
    n = ord(c)
    return f"\\x{n:02X}" if n <= 0xFF else f"\\u{n:04X}" if n <= 0xFFFF else f"\\U{n:08X}"


def _fold(s: str, column: int, indent: int, open_: str, close: str) -> str:
    """``s`` plain (no quotes), single- or double-quoted, broken at spaces past WIDTH as libyaml breaks it."""
    out = [open_]
    column += len(open_)
    quoted = bool(open_)
    double = open_ == '"'
    last = len(s) - 1
    spaces = False
    for i, c in enumerate(s):
        if c == " ":
            nxt = s[i + 1] if i < last else ""
            # A quoted scalar does not break at its first or last character; a double-quoted one may break
            # before a second space, which it then escapes (a line break reads as one space).
            if (not spaces and column > WIDTH and (not quoted or 0 < i < last)
                    and (double or nxt != " ")):
                out.append("\n" + " " * indent)
                column = indent
                if double and nxt == " ":
                    out.append("\\")
                    column += 1
            else:
                out.append(c)
                column += 1
            spaces = True
            continue
        spaces = False
        if double and (c in _ESCAPES or _NOT_INLINE(c)):
            c = _escape(c)
        elif c == "'" and quoted and not double:
            c = "''"
        out.append(c)
        column += len(c)
    out.append(close)
    return "".join(out)


_KEYS: set[str] = set()  # keys already checked (the same few field names, millions of times)


def _key(k: Any) -> str:
    if k in _KEYS:
        return k
    if k.__class__ is not str or _NOT_INLINE(k) or not _plain(k) or len(k) > 128:
        raise ValueError(f"cannot write {k!r} as a key")  # the data files' keys are field names
    _KEYS.add(k)
    return k


def block(value: dict[str, Any] | list[Any], indent: int = 0, inline: bool = False) -> Iterator[str]:
    """The lines of a mapping or list, each with its line break, as ``yaml.dump(..., sort_keys=False)``.

    Its keys or dashes stand at column ``indent``; ``inline``: its first line continues an item's ``- ``.
    """
    pad = "" if inline else " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            head = f"{pad}{_key(k)}:"
            pad = " " * indent
            if isinstance(v, (dict, list)):
                if v:
                    yield head + "\n"
                    # A list in a mapping sits at the mapping's indent; a mapping goes two further.
                    yield from block(v, indent if isinstance(v, list) else indent + 2)
                else:
                    yield f"{head} {'{}' if isinstance(v, dict) else '[]'}\n"
            else:
                yield f"{head} {scalar(v, indent + len(k) + 2, indent + 2)}\n"
        return
    for v in value:
        if isinstance(v, (dict, list)):
            if v:
                yield pad + "- "
                yield from block(v, indent + 2, inline=True)
            else:
                yield f"{pad}- {'{}' if isinstance(v, dict) else '[]'}\n"
        else:
            yield f"{pad}- {scalar(v, indent + 2, indent + 2)}\n"
        pad = " " * indent


def json_text(value: Any, indent: int = 0) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, nested lines at ``indent``.

    Unlike json.dumps, the characters a YAML reader refuses (DEL, C1 controls, U+2028...) are escaped; they
    occur only inside strings, so one pass over the text finds them.
    """
    text = _json(value, indent)
    return text if _JSON_RAW.search(text) is None else _JSON_RAW.sub(lambda c: f"\\u{ord(c[0]):04x}", text)


def _json(value: Any, indent: int) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    constant = _constant(value)
    if constant is not None:
        return constant
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, dict | list):
        if not value:
            return "{}" if isinstance(value, dict) else "[]"
        pad = "\n" + " " * (indent + 2)
        # Most values are strings: encoded here, not by another call.
        if isinstance(value, dict):
            body = ",".join(f"{pad}{encode_basestring(k)}: "
                            f"{encode_basestring(v) if v.__class__ is str else _json(v, indent + 2)}"
                            for k, v in value.items())
            return "{" + body + "\n" + " " * indent + "}"
        return "[" + ",".join(pad + (encode_basestring(v) if v.__class__ is str else _json(v, indent + 2))
                              for v in value) + "\n" + " " * indent + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as JSON")
