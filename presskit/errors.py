"""Errors a user can act on. Raised in the core, worded once by the edge that shows them.

An error about one value says what it is about in fields, so that each edge can word it for its reader
without taking apart words meant for another:

    raise InvalidInput("{what} {value!r} is not yes/no", what="removed", value=raw, fix="write true or false")

- ``what``: the field or option the error is about, by its neutral name (the record's field, ``starts_at``;
  a core function's parameter, ``date``);
- ``value``: what was given (left out: nothing was);
- ``allowed``: what would be accepted (choices, a range, a format), in words;
- ``fix``: how to put it right.

The message and the fix are templates:

- ``{what}`` is the thing the error is about, named as the edge names it;
- ``{value}`` (``{value!r}`` quoted) and ``{allowed}`` are those fields; ``{fix}`` places the fix (without it,
  the fix follows the message after "; ");
- any other ``{name}`` is another field or option (``or give {year}``); ``{name:give}`` is where a value is given
  to it (a command line's ``--tz``, a data file's ``'timezone:'``) and ``{name:use}`` a sentence's start that turns
  a switch on (``Use --force``; in a data file's history entry, ``Add 'correction: true' to that history entry``).

What the user typed goes in ``value``, never into the template itself (a path or a name in the template passes
through ``literal``), so that braces in it are only text.

Each edge words them with its ``Names``: the command line names options (``presskit.cli.edge``), a data file
names fields (``presskit.datafile``), a spreadsheet its columns (``presskit.spreadsheet``). ``str(error)`` is the
neutral wording, with the names as the core calls them. A message without any of the fields is plain text.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

_NOTHING: Any = object()  # no value was given (None can be one)


class Names:
    """How an edge names what an error's message mentions. This one says the names as the core calls them."""

    def name(self, name: str) -> str:
        """The field or option itself: ``--published`` on the command line, ``field 'published'`` in a file."""
        return name

    def give(self, name: str) -> str:
        """Where a value for it is given: ``--tz``; a data file's ``'timezone:'``."""
        return self.name(name)

    def use(self, name: str) -> str:
        """A sentence's start that turns the switch ``name`` on: ``Use --force``."""
        return f"Use {self.give(name)}"


class _Name(str):
    """A name in a message, worded by the edge's Names."""


class _Wording(Formatter):
    def __init__(self, error: PresskitError, names: Names) -> None:
        self.error, self.names = error, names

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if key == "what":
            return _Name(self.error.what or "value")
        if key in ("value", "allowed"):
            return getattr(self.error, key)
        if key == "fix":
            return self.format(self.error.fix or "")
        return _Name(key)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, _Name):
            how = {"": self.names.name, "give": self.names.give, "use": self.names.use}[format_spec]
            return how(str(value))
        return super().format_field(value, format_spec)


def literal(text: str) -> str:
    """``text`` (a path, a name the user gave) to put into a message template as it is, braces and all."""
    return text.replace("{", "{{").replace("}", "}}")


class PresskitError(Exception):
    """Base of every error whose message is meant for the user."""

    exit_code = 1

    def __init__(self, message: str, *, what: str | None = None, value: Any = _NOTHING, allowed: str | None = None,
                 fix: str | None = None) -> None:
        self.template = message
        self.what, self.allowed, self.fix = what, allowed, fix
        self.given = value is not _NOTHING
        self.value = None if value is _NOTHING else value
        # A message without fields is plain text (it may hold braces); one with fields is a template.
        self.plain = what is None and not self.given and allowed is None and fix is None
        super().__init__(message if self.plain else self.words(Names()))

    def words(self, names: Names) -> str:
        """The message, with what it mentions named as ``names`` says."""
        if self.plain:
            return self.template
        template = self.template if self.fix is None or "{fix" in self.template else self.template + "; {fix}"
        return _Wording(self, names).format(template)

    def __str__(self) -> str:
        return self.template if self.plain else self.words(Names())


class InvalidInput(PresskitError):
    """A value the user gave cannot be used (bad date, unknown status, unsafe URL, ...)."""


class NotFound(PresskitError):
    """No record with that id or key."""


class InvalidTransition(PresskitError):
    """A status change the record's lifecycle does not allow."""


class Conflict(PresskitError):
    """Another writer got there first (e.g. two sends at once)."""


class Refused(PresskitError):
    """The database itself refused a change (a value that must be unique, a record that must exist)."""


class NothingToSend(PresskitError):
    """The newsletter has no news: nothing is written."""

    exit_code = 3


class DiskFull(PresskitError):
    """The disk (or the database server's) has no space left: nothing was written."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the disk is full ({detail}); nothing was changed. Free some space and run the same"
                         " command again")
