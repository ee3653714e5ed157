"""What a kind of record is: its fields, its lifecycle, and the behaviour that differs from kind to kind.

A kind is declared once, in its own module (``presskit/kinds/coverage.py``...), and registered here; everything
that works on records of any kind (the command line's options, the importer and exporter, validation, lists,
the calendar, the spreadsheets) asks the kind instead of naming it. Importing this costs no SQLAlchemy:
`presskit --help` builds its options from these declarations, and a kind's behaviour imports what it needs
when it runs.
"""

# No ``from __future__ import annotations``: typing.NamedTuple makes each annotation given as text a ForwardRef,
# compiling it at every start-up. Only the annotations naming what is imported for type checking alone are text.

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from presskit.models.enums import OrgKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit.journal import Batch


EnumType = type[StrEnum]  # named here: inside Field, "type" is a field

# The declarations are NamedTuples (immutable, ``_replace`` for a changed copy), not frozen dataclasses: every
# command defines them at start-up, and a frozen dataclass execs its generated methods when it is defined.


class Field(NamedTuple):
    name: str
    type: str  # str text int bool date datetime duration url email enum ref list tz
    help: str
    required: bool = False
    enum: EnumType | None = None
    ref: str | None = None  # kind referred to: organization, person, work, selection, coverage
    org_kind: OrgKind | None = None  # an unknown organization name is created with this kind
    aliases: tuple[str, ...] = ()
    default: Any = None
    # Not a column: consumed by the record logic (status, news date, default year, quote text).
    virtual: bool = False
    editable: bool = True

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def attr(self) -> str:
        return f"{self.name}_id" if self.type == "ref" else self.name


class CalendarEntry(NamedTuple):
    """What a kind puts in a calendar entry besides its time (see ``presskit.ical``)."""

    summary: str
    location: str | None
    url: str | None
    lines: tuple[str, ...]  # the description's lines
    category: str
    start: datetime | date | None  # None: the record has neither a time nor a date (left out)
    end: datetime | date | None  # after start; exclusive for all-day entries (RFC 5545)


class Spreadsheet(NamedTuple):
    """A kind's CSV export (`presskit export --format csv --kind ...`): its header and a row per record."""

    header: tuple[str, ...]
    rows: "Callable[[Session], list[list[Any]]]"


class NestedReader(Protocol):
    """What presskit.datafile offers a kind reading a list nested in one of its records (``FileList.read``)."""

    s: "Session"

    def find(self, kind: str, ident: Any) -> Any:
        """The record of ``kind`` a file names (by name, key or id), or None."""

    def split(self, item: dict[str, Any]) -> tuple[dict[str, Any], int | None, Any]:
        """An item's values without what is not a field: (values, the id a backup keeps, its ``removed:``)."""

    def add(self, kind: str, values: dict[str, Any], *, id: int | None) -> Any:  # noqa: A002 - records.add's name
        """A new record (``id``: a backup's, restored)."""

    def removed(self, kind: str, row: Any, removed: Any) -> None:
        """The record is removed here too when the file marks it removed."""


class FileList(NamedTuple):
    """A list of other records a data file nests in a record of this kind (a work's ``credits``, a coverage
    item's ``quotes``): how the importer reads it and how the exporter writes it (presskit.datafile)."""

    name: str  # its name in the record
    # read(file, parent, items): the list the file gives a record (``parent``, already written; ``items`` are
    # mappings or strings): adds what is not here yet, matching what is (importing twice changes nothing)
    read: Callable[[NestedReader, Any, list[Any]], None]
    # rows(): a query of every such record, its parent's id first and ordered by it (streamed beside the parents)
    rows: Callable[[], Any]
    # item(row): one of those rows as the file writes it (empty values are left out, times written as a backup's)
    item: Callable[[Any], dict[str, Any]]


_MODELS: dict[str, type] = {}  # Kind.model, by name


class Kind(NamedTuple):
    name: str
    # The model by name: `presskit --help` builds its options from these kinds without importing SQLAlchemy.
    model_name: str
    fields: tuple[Field, ...]
    plural: str
    help: str
    status: type[StrEnum] | None = None
    transitions: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    default_status: str | None = None
    news: bool = False  # adding one is newsworthy
    # The date its news is dated by; a column of that name left out is the team's today.
    news_date_field: str | None = None
    # The references a record takes its zone from, the first that has one: a record's default --tz, and the zone
    # of a kind without one of its own (a selection's is its festival's); a new zone there reaches the records
    # that took it (presskit.records.zone_followers).
    zone_from: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    keyed: bool = True  # has a stable --key of the user's own
    # How long an entry lasts in the calendar when its record gives no length (and, for screenings and
    # broadcasts, its work no runtime): stated in the kind's --length help and in the README.
    default_length_minutes: int | None = None
    # One command each for `presskit add KIND --help` and `presskit edit KIND --help` (a test runs them all).
    example: str = ""
    edit_example: str = ""
    # -- finding and writing
    named: bool = False  # found by its name too (case-insensitively), and no two share one
    # A batch writes it with the others at the end: many arrive at once and nothing looks them up by name meanwhile.
    # (Works, people, organizations and credits are written at once: later records refer to them; they are few.)
    batched: bool = False
    list_loads: tuple[str, ...] = ()  # relationships a listing names, loaded with each chunk of rows
    # -- the data file (presskit.datafile)
    section: str | None = None  # its list in a data file; None: only nested in another record
    section_rank: int = 0  # sections are read and written in this order: what others refer to comes first
    key_column: str = "key"  # the column that answers to a data file's `key:` when the record has no key
    # The kind of the records a data file may nest in one of these, under their section's name (a selection's
    # screenings): each is read as a record of that section that refers to this one.
    nests: str | None = None
    file_lists: tuple[FileList, ...] = ()  # other lists a data file nests in the record (credits, quotes)
    # -- behaviour (None: the kind has none of it)
    label: Callable[[Any], str] = str  # what the record is, in one line, without its status
    place: Callable[[Any], str] | None = None  # where it happens, for lists, news and calendars
    # typed(values): at `presskit add`, before anything else: fills what the command was not given from what it
    # was (coverage --url: the page's own metadata); returns the lines that tell the user what it did
    typed: Callable[[dict[str, Any]], list[str]] | None = None
    # adding(s, values, extra, batch): before the row is made (``extra``: the virtual values, such as --date);
    # may complete ``values``, refuses a conflict
    adding: "Callable[[Session, dict[str, Any], dict[str, Any], Batch | None], None] | None" = None
    # checks(batch, row, values): inside a batch, the unique values to check with the batch's
    checks: "Callable[[Batch, Any, dict[str, Any]], None] | None" = None
    added: "Callable[[Session, Any, dict[str, Any]], None] | None" = None  # once the row has its id
    # editing(s, row, values, extra): before a correction is applied; edited(s, row, values, now): after
    editing: "Callable[[Session, Any, dict[str, Any], dict[str, Any]], None] | None" = None
    edited: "Callable[[Session, Any, dict[str, Any], datetime], None] | None" = None
    describe_more: Callable[[Any], dict[str, Any]] | None = None  # `show --json` beyond the fields
    # news_item(row, clock, **common): the newsletter's item for the record, worded as of the send's clock
    # (a presskit.newsitem.Item; ``common`` holds kind, record_id, key and news_date)
    news_item: Callable[..., Any] | None = None
    calendar: Callable[[Any], CalendarEntry] | None = None  # its entry in `presskit calendar`
    schema_type: str | None = None  # its schema.org type in the kit's JSON-LD (presskit.render.kit)
    spreadsheet: Spreadsheet | None = None  # its CSV export

    @property
    def model(self) -> Any:
        # Asked for a few times per record an import adds: the import statement each time was 4 % of an import.
        model = _MODELS.get(self.model_name)
        if model is None:
            from presskit import models

            model = _MODELS[self.model_name] = getattr(models, self.model_name)
        return model

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


KINDS: dict[str, Kind] = {}  # by name and alias
REGISTERED: list[Kind] = []  # in the order they were registered: the order kinds are listed in


# Every news record can be held back until a date (an embargo); every keyed one can say which of its values are
# inferred rather than read from a source.
EMBARGO = Field("embargo_until", "datetime",
                "Hold this news from every newsletter, kit, calendar and report until then (the team's local"
                " time, or with an offset)", virtual=True, editable=False)
INFERRED = Field("inferred", "list", "Fields whose value is inferred, not from a source (comma-separated);"
                 " --inferred '' once confirmed. 'presskit check' lists them")


def register(kind: Kind) -> Kind:
    """Make ``kind`` known by its name and aliases (a kind's module calls this once); a keyed kind gets the
    ``inferred`` field every keyed record has, a news kind the ``embargo_until`` of every news record."""
    if kind.news:
        kind = kind._replace(fields=(*kind.fields, EMBARGO))
    if kind.keyed and "inferred" not in kind.names:
        kind = kind._replace(fields=(*kind.fields, INFERRED))
    if kind.name in KINDS:
        raise ValueError(f"kind {kind.name!r} is registered twice")
    REGISTERED.append(kind)
    KINDS[kind.name] = kind
    for alias in kind.aliases:
        KINDS[alias] = kind
    return kind


_MODEL_KIND: dict[type, str] = {}


def model_kind() -> dict[type, str]:
    """Model class -> kind name (it needs the models, so it is built on first use)."""
    if not _MODEL_KIND:
        _MODEL_KIND.update({k.model: k.name for k in REGISTERED})
    return _MODEL_KIND


def kind_of(row: Any) -> Kind:
    """The kind of an ORM row."""
    return KINDS[model_kind()[type(row)]]


def zone_of(row: Any) -> str | None:
    """The zone a record referring to ``row`` takes: its own, else the one it takes (``Kind.zone_from``)."""
    k = kind_of(row)
    if "timezone" in k.names:
        return row.timezone or None
    for name in k.zone_from:
        target = getattr(row, name, None)
        tz = zone_of(target) if target is not None else None
        if tz:
            return tz
    return None


def kind(name: str) -> Kind:
    """The kind called ``name`` (singular, plural or alias), or a clear error."""
    from presskit.errors import InvalidInput

    key = (name or "").strip().lower()
    found = KINDS.get(key) or next((k for k in REGISTERED if k.plural == key), None)
    if found is None:
        raise InvalidInput(f"unknown kind {name!r}; use one of: {', '.join(k.name for k in REGISTERED)}")
    return found
