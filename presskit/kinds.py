"""What each kind of record is made of: its fields, its lifecycle, whether adding it is news.

One table drives the command line's options, the importer, validation and ``list --json``, so a field
is declared once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from presskit.models.enums import (
    BroadcastStatus,
    CoverageKind,
    EventKind,
    MediaRole,
    NominationStatus,
    OrgKind,
    PremiereTier,
    ScreeningStatus,
    SelectionStatus,
    WorkKind,
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # str text int bool date datetime duration url email enum ref list tz
    help: str
    required: bool = False
    enum: type[StrEnum] | None = None
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


_MODELS: dict[str, type] = {}  # Kind.model, by name


@dataclass(frozen=True)
class Kind:
    name: str
    # The model by name: `presskit --help` builds its options from these kinds without importing SQLAlchemy.
    model_name: str
    fields: tuple[Field, ...]
    plural: str
    help: str
    status: type[StrEnum] | None = None
    transitions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    default_status: str | None = None
    news: bool = False  # adding one is newsworthy
    news_date_field: str | None = None
    zone_from: tuple[str, ...] = ()  # ref fields whose organization's zone is the default --tz
    aliases: tuple[str, ...] = ()
    keyed: bool = True  # has a stable --key of the user's own
    # How long an entry lasts in the calendar when its record gives no length (and, for screenings and
    # broadcasts, its work no runtime): stated in the kind's --length help and in the README.
    default_length_minutes: int | None = None
    # One command each for `presskit add KIND --help` and `presskit edit KIND --help` (a test runs them all).
    example: str = ""
    edit_example: str = ""
    # "module:function" that checks and completes a row's values on add and edit (see presskit.media.check).
    check: str | None = None

    def check_values(self, s: Any, values: dict[str, Any], extra: dict[str, Any], current: Any = None) -> None:
        """Run the kind's ``check`` on the column ``values`` and the ``extra`` (virtual) ones, if it has one."""
        if self.check is not None:
            import importlib

            module, _, function = self.check.partition(":")
            getattr(importlib.import_module(module), function)(s, values, extra, current)

    @property
    def model(self) -> type:
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


WORK = Field("work", "ref", "The work (slug or id); defaults to the only or the primary work", ref="work")
DATE = Field("date", "date", "Date the news was announced (default: today)", virtual=True, editable=False)
YEAR_HINT = Field("year", "int", "Year for dates typed without one (default: this year)", virtual=True,
                  editable=False)


def length_words(minutes: int) -> str:
    """'2 hours', '1 hour 30 minutes', '45 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    return " ".join(parts + ([f"{rest} minute{'s' if rest != 1 else ''}"] if rest or not hours else []))


def _length(default_minutes: int, *, runtime: bool = True) -> Field:
    # The kind's default_length_minutes must be the same number: a test reads both.
    fallback = f"the work's runtime, else {length_words(default_minutes)}" if runtime else (
        length_words(default_minutes))
    when = "" if runtime else " when no --end is given"
    return Field("length_minutes", "duration", f"How long it lasts{when}, e.g. 90m, 1h30 or PT1H30M"
                 f" (default: {fallback})", aliases=("--length",))


TZ = Field("timezone", "tz", "IANA time zone of the place (default: the venue's, channel's or festival's)",
           aliases=("--tz",))


def _status(enum: type[StrEnum], default: str) -> Field:
    return Field("status", "enum", f"Status (default: {default})", enum=enum, default=default, virtual=True,
                 editable=False)


NOMINATION_MOVES = {
    "submitted": ("shortlisted", "nominated", "won", "lost", "withdrawn", "disqualified"),
    "shortlisted": ("nominated", "won", "lost", "withdrawn", "disqualified"),
    "nominated": ("won", "lost", "withdrawn", "disqualified"),
    "won": (), "lost": (), "withdrawn": (), "disqualified": (),
}
SELECTION_MOVES = {
    "submitted": ("selected", "not_selected", "withdrawn"),
    "selected": ("screened", "withdrawn"),
    "not_selected": (), "withdrawn": (), "screened": (),
}
SCREENING_MOVES = {
    "scheduled": ("rescheduled", "cancelled", "held"),
    "rescheduled": ("rescheduled", "cancelled", "held"),
    "cancelled": (), "held": (),
}
BROADCAST_MOVES = {
    "scheduled": ("rescheduled", "cancelled", "aired"),
    "rescheduled": ("rescheduled", "cancelled", "aired"),
    "cancelled": (), "aired": (),
}

KINDS: dict[str, Kind] = {}


EMBARGO = Field("embargo_until", "datetime",
                "Hold this news from every newsletter, kit, calendar and report until then (the team's local"
                " time, or with an offset)", virtual=True, editable=False)
# Every keyed record can say which of its values are inferred rather than read from a source.
INFERRED = Field("inferred", "list", "Fields whose value is inferred, not from a source (comma-separated);"
                 " --inferred '' once confirmed. 'presskit check' lists them")


def _register(kind: Kind) -> Kind:
    if kind.news:
        kind = replace(kind, fields=(*kind.fields, EMBARGO))
    if kind.keyed and "inferred" not in kind.names:
        kind = replace(kind, fields=(*kind.fields, INFERRED))
    KINDS[kind.name] = kind
    for alias in kind.aliases:
        KINDS[alias] = kind
    return kind


_register(Kind(
    "work", "Work", plural="works", help="A film, series or interactive: the thing the news is about.",
    example=(
        'presskit add work --title "The Defector Interactive" --kind interactive --year 2013 '
        '--website http://experience.thedefectormovie.com'
    ),
    edit_example=(
        'presskit edit work the-defector-interactive --tagline "Find out if you have what it '
        'takes to #EscapeNorthKorea"'
    ),
    fields=(
        Field("title", "str", "Title", required=True),
        Field("slug", "str", "Short name used by --work (default: from the title)"),
        Field("kind", "enum", "Kind of work", enum=WorkKind, default="film"),
        Field("primary", "bool", "The work --work defaults to"),
        Field("year", "int", "Year of release"),
        Field("runtime_minutes", "int", "Runtime in minutes", aliases=("--runtime",)),
        Field("countries", "list", "Countries of production, comma-separated"),
        Field("languages", "list", "Languages, comma-separated"),
        Field("format", "str", "Format / tech specs (e.g. 'HD, 16:9, stereo')"),
        Field("tagline", "text", "Tagline"),
        Field("logline", "text", "One-sentence logline"),
        Field("synopsis_short", "text", "Short synopsis"),
        Field("synopsis_long", "text", "Long synopsis"),
        Field("director_statement", "text", "Director's statement"),
        Field("website", "url", "Official website"),
        Field("trailer_url", "url", "Trailer"),
        Field("logo_url", "url", "Logo or header image (absolute https URL) for emails and the kit"),
        Field("company", "ref", "Production company", ref="organization", org_kind=OrgKind.company),
        Field("press_contact", "str", "Press contact (name)"),
        Field("press_email", "email", "Press contact email"),
        Field("sales_contact", "str", "Sales contact (name)"),
        Field("sales_email", "email", "Sales contact email"),
        Field("sender_name", "str", "Newsletter sender name"),
        Field("sender_email", "email", "Newsletter sender email"),
        Field("list_email", "email", "Mailing-list address for the newsletter's To: header (e.g. the list's"
              " posting address); without it the .eml says 'undisclosed-recipients:;'"),
        Field("postal_address", "str", "Postal address line for the newsletter footer"),
        Field("unsubscribe_url", "url", "Unsubscribe URL (https) for emails sent without a mailing service"),
        Field("web_version_url", "url", "Web version URL of the newsletter, if any"),
        Field("earlier_after_days", "int", "Newsletter: news older than this many days goes to a short"
              " 'Earlier' list, not the headlines (default 90)", aliases=("--earlier-after",)),
    ),
))
_register(Kind(
    "person", "Person", plural="people", help="A person: director, cinematographer, producer, nominee.",
    example='presskit add person --name "Stephen Chung" --bio "Director of photography on The Defector."',
    edit_example='presskit edit person "Stephen Chung" --bio "Director of photography, Toronto."',
    fields=(
        Field("name", "str", "Full name", required=True),
        Field("bio", "text", "Short bio"),
        Field("website", "url", "Website"),
    ),
))
_register(Kind(
    "credit", "Credit", plural="credits", keyed=False,
    help="A person's role on a work (Director, Director of Photography).",
    example='presskit add credit --person "Stephen Chung" --role "Director of Photography" --position 2',
    edit_example='presskit edit credit 1 --position 1',
    fields=(
        WORK,
        Field("person", "ref", "The person (name, key or id); created if new", required=True, ref="person"),
        Field("role", "str", "Role, e.g. Director", required=True),
        Field("position", "int", "Order in the credits (lower first)", default=0),
    ),
))
_register(Kind(
    "organization", "Organization", plural="organizations", aliases=("org",),
    help="An outlet, festival, award body, broadcaster, venue or company, with its home time zone.",
    example='presskit add organization --name TVO --kind broadcaster --tz America/Toronto --country Canada',
    edit_example='presskit edit organization TVO --website https://www.tvo.org',
    fields=(
        Field("name", "str", "Name", required=True),
        Field("kind", "enum", "Kind", enum=OrgKind, default="other"),
        Field("timezone", "tz", "Home IANA time zone, e.g. America/Toronto", aliases=("--tz",)),
        Field("city", "str", "City"),
        Field("country", "str", "Country"),
        Field("address", "str", "Street address (venues)"),
        Field("website", "url", "Website"),
        Field("unnamed", "bool", "The sources do not give its name: --name is your own label, and outputs"
                                 " describe it by kind and place instead (no laurel)"),
    ),
))
_register(Kind(
    "coverage", "Coverage", plural="coverage", news=True, news_date_field="published",
    help="Press coverage: a review, interview, feature, list or news piece, with its pull quote.",
    example=(
        'presskit add coverage --outlet NKNews.org --headline "Film Review: The Defector" --date '
        '2013-05-20 --kind review --author "Nicolle Loughlin" --quote "A unique documentary with '
        'thoughtful production" --url https://www.nknews.org/'
    ),
    edit_example='presskit edit coverage 1 --rank 1',
    fields=(
        WORK,
        Field("outlet", "ref", "Outlet (name, key or id); created if new", required=True, ref="organization",
              org_kind=OrgKind.outlet),
        Field("headline", "str", "Headline", required=True),
        Field("url", "url", "Link to the piece (unique). Without --headline or --outlet, or as a saved .html"
              " file, the page's own metadata fills headline, outlet, author and date"),
        Field("published", "date", "Publication date (default: today)", aliases=("--date",)),
        Field("kind", "enum", "Kind of coverage", enum=CoverageKind, default="news"),
        Field("author", "str", "Author or critic"),
        Field("quote", "text", "A pull quote from the piece", virtual=True, editable=False),
        Field("featured", "bool", "Feature it in the press kit"),
        Field("rank", "int", "Quote rank for the press kit (1 = strongest)"),
    ),
))
_register(Kind(
    "quote", "Quote", plural="quotes", keyed=False, help="A pull quote from a piece of coverage.",
    example=(
        'presskit add quote --coverage 1 --text "The Defector is a must-see for anyone interested '
        'in North Korean refugees"'
    ),
    edit_example='presskit edit quote 1 --no-approved',
    fields=(
        Field("coverage", "ref", "The coverage it comes from (id or key)", required=True, ref="coverage"),
        Field("text", "text", "The quote, verbatim", required=True),
        Field("attribution", "str", "Attribution (default: the author and outlet)"),
        Field("approved", "bool", "Approved for the kit and the newsletter", default=True),
        Field("position", "int", "Order among the piece's quotes", default=0),
    ),
))
_register(Kind(
    "award", "Nomination", plural="awards", aliases=("nomination",), news=True, news_date_field="date",
    status=NominationStatus, transitions=NOMINATION_MOVES, default_status="nominated",
    help="An award entry: body, edition, category, nominee and its outcome.",
    example=(
        'presskit add award --body "Academy of Canadian Cinema & Television" --award "Canadian '
        'Screen Awards" --year 2014 --category "Best Documentary Program" --date 2014-01-14'
    ),
    edit_example='presskit edit award 1 --edition 2nd --ceremony-on 2014-03-09',
    fields=(
        WORK,
        Field("body", "ref", "Award body (name, key or id); created if new", required=True, ref="organization",
              org_kind=OrgKind.award_body),
        Field("award", "str", "Award or ceremony name (e.g. Canadian Screen Awards)"),
        Field("edition", "str", "Edition, e.g. 56th"),
        Field("year", "int", "Edition year", required=True),
        Field("category", "str", "Category, e.g. Best Documentary Program", required=True),
        Field("nominee", "ref", "Nominee, when a person rather than the work", ref="person"),
        _status(NominationStatus, "nominated"),
        DATE,
        Field("url", "url", "Source link for the announcement"),
        Field("ceremony_on", "date", "Date of the ceremony"),
    ),
))
_register(Kind(
    "selection", "Selection", plural="selections", news=True, news_date_field="date",
    status=SelectionStatus, transitions=SELECTION_MOVES, default_status="selected",
    help="A festival selection with its premiere tier.",
    example=(
        'presskit add selection --festival "Hot Docs" --year 2013 --premiere national '
        '--premiere-region Canadian --date 2013-03-20 --key hot-docs-2013'
    ),
    edit_example='presskit edit selection hot-docs-2013 --url http://hotdocs.ca',
    fields=(
        WORK,
        Field("festival", "ref", "Festival (name, key or id); created if new", required=True,
              ref="organization", org_kind=OrgKind.festival),
        Field("year", "int", "Festival edition year", required=True),
        Field("section", "str", "Section or programme"),
        Field("premiere", "enum", "Premiere tier", enum=PremiereTier, default="none"),
        Field("premiere_region", "str", "Region word for the premiere, e.g. Canadian, UK, North American"),
        Field("city", "str", "City (when the festival runs in several)"),
        Field("starts_on", "date", "First day of the festival"),
        Field("ends_on", "date", "Last day of the festival"),
        _status(SelectionStatus, "selected"),
        DATE,
        Field("url", "url", "Festival page for the film"),
    ),
))
_register(Kind(
    "screening", "Screening", plural="screenings", news=True, news_date_field="date",
    status=ScreeningStatus, transitions=SCREENING_MOVES, default_status="scheduled",
    zone_from=("venue", "selection"), default_length_minutes=120,
    help="A screening: venue, local start time and ticket link.",
    example=(
        'presskit add screening --selection hot-docs-2013 --venue "Scotiabank Theatre" --room '
        '"Cinema 4" --start "Sat, Apr 27 9:00 PM" --year 2013 --tz America/Toronto'
    ),
    edit_example='presskit edit screening 1 --room "Cinema 5"',
    fields=(
        WORK,
        Field("selection", "ref", "Festival selection it belongs to (id or key)", ref="selection"),
        Field("venue", "ref", "Venue (name, key or id); created if new", ref="organization",
              org_kind=OrgKind.venue),
        Field("room", "str", "Cinema or room, e.g. Cinema 4"),
        Field("starts_at", "datetime", "Local start, e.g. 'Sat, Apr 27 9:00 PM'", required=True,
              aliases=("--start",)),
        TZ,
        _length(120),
        Field("ticket_url", "url", "Ticket link", aliases=("--tickets",)),
        _status(ScreeningStatus, "scheduled"),
        DATE,
        YEAR_HINT,
    ),
))
_register(Kind(
    "broadcast", "Broadcast", plural="broadcasts", news=True, news_date_field="date",
    status=BroadcastStatus, transitions=BROADCAST_MOVES, default_status="scheduled", zone_from=("channel",),
    default_length_minutes=60,
    help="A TV broadcast or streaming release: channel, territory, local air time.",
    example=(
        'presskit add broadcast --channel ABC1 --territory Australia --start "Monday June 17 '
        "8.30pm\" --year 2013 --tz Australia/Sydney --premiere --presenter \"Kerry O'Brien\""
    ),
    edit_example='presskit edit broadcast 1 --start "2013-06-17 21:30"',
    fields=(
        WORK,
        Field("channel", "ref", "Channel or service (name, key or id); created if new", required=True,
              ref="organization", org_kind=OrgKind.broadcaster),
        Field("territory", "str", "Territory, e.g. Canada"),
        Field("starts_at", "datetime", "Local air time (omit for on-demand)", aliases=("--start",)),
        TZ,
        _length(60),
        Field("premiere", "bool", "The premiere in this territory (not a repeat)"),
        Field("presenter", "str", "Presenter"),
        _status(BroadcastStatus, "scheduled"),
        DATE,
        Field("url", "url", "Link to the listing or stream"),
        YEAR_HINT,
    ),
))
_register(Kind(
    "event", "Event", plural="events", news=True, news_date_field="date",
    status=ScreeningStatus, transitions=SCREENING_MOVES, default_status="scheduled", zone_from=("place",),
    default_length_minutes=120,
    help="An event: a Q&A screening, exhibition or panel, with its place and RSVP link.",
    example=(
        'presskit add event --kind qa_screening --title "Screening and Q&A with Ann Shin" --place '
        '"Art Directors Club" --start "Thursday, June 27 7:00pm" --year 2013 --tz '
        'America/New_York --rsvp "http://www.adcglobal.org/adc/events/calendar/#438"'
    ),
    edit_example='presskit edit event 1 --end "2013-06-27 21:00"',
    fields=(
        WORK,
        Field("title", "str", "Title", required=True),
        Field("kind", "enum", "Kind of event", enum=EventKind, default="other"),
        Field("place", "ref", "Place (name, key or id); created if new", ref="organization",
              org_kind=OrgKind.venue),
        Field("address", "str", "Street address"),
        Field("starts_at", "datetime", "Local start", aliases=("--start",)),
        Field("ends_at", "datetime", "Local end", aliases=("--end",)),
        _length(120, runtime=False),
        Field("starts_on", "date", "First day, when no time is known"),
        Field("ends_on", "date", "Last day, when no time is known"),
        TZ,
        Field("rsvp_url", "url", "RSVP or ticket link", aliases=("--rsvp",)),
        Field("description", "text", "Description"),
        _status(ScreeningStatus, "scheduled"),
        DATE,
        YEAR_HINT,
    ),
))
_register(Kind(
    "action", "Action", plural="actions", news=True, news_date_field="announced", zone_from=("work",),
    help="A call to action: vote, watch, share — with an optional deadline.",
    example=(
        "presskit add action --title \"Vote for The Defector as IndieWire's Project of the Week\" "
        '--url "http://apps.facebook.com/my-polls/?poll_id=bc6xv1eh" --deadline "Monday December '
        '5 11:59pm" --year 2011 --tz America/Toronto --date 2011-12-04'
    ),
    edit_example='presskit edit action 1 --text "Voting is done through Facebook."',
    fields=(
        WORK,
        Field("title", "str", "What to do, e.g. 'Vote for The Defector'", required=True),
        Field("text", "text", "A sentence or two"),
        Field("url", "url", "Where to do it"),
        Field("deadline", "datetime", "Local deadline"),
        TZ,
        Field("announced", "date", "Date it was announced (default: today)", aliases=("--date",)),
        YEAR_HINT,
    ),
))

_register(Kind(
    "media", "Media", plural="media", aliases=("picture", "pictures"), check="presskit.media:check",
    help="A picture: poster, key art, still, headshot or logo — a file in the data folder or an https URL.",
    example=(
        'presskit add media --role still --file data/media/defector-still-01.jpg --alt "A woman looks back'
        ' across a river at night" --caption "Crossing the Tumen River" --credit "Photo: Ann Shin"'
    ),
    edit_example='presskit edit media 1 --caption "Crossing the Tumen River, 2012" --position 2',
    fields=(
        Field("role", "enum", "What the picture is", required=True, enum=MediaRole),
        Field("path", "str", "The picture's file, inside the data folder (JPEG, PNG, WebP, GIF or TIFF; at most"
                             " 60 MB and 60 megapixels)", aliases=("--file",)),
        Field("url", "url", "Or the picture's https address (shown from there; fetched only when you ask, on add)"),
        Field("fetch", "bool", "Download the --url picture into the data folder (media/) and check it like a"
                               " file; public hosts only, as for 'add coverage --url'", virtual=True,
              editable=False),
        Field("alt", "text", "What the picture shows, for readers who cannot see it", required=True),
        Field("caption", "text", "Caption"),
        Field("credit", "str", "Photo credit, e.g. 'Photo: Ann Shin'"),
        Field("work", "ref", "The work it shows (slug or id); defaults to the only or the primary work",
              ref="work"),
        Field("person", "ref", "The person it shows (name, key or id), for a headshot", ref="person"),
        Field("position", "int", "Order among pictures of its role (lower first)", default=0),
    ),
))

RECORD_KINDS = ("work", "person", "credit", "organization", "coverage", "quote", "award", "selection",
                "screening", "broadcast", "event", "action", "media")
NEWS_KINDS = tuple(k for k in RECORD_KINDS if KINDS[k].news)

if TYPE_CHECKING:
    MODEL_KIND: dict[type, str]


def __getattr__(name: str) -> Any:
    # MODEL_KIND (model class -> kind name) needs the models, so it is built on first use.
    if name == "MODEL_KIND":
        value = {KINDS[k].model: k for k in RECORD_KINDS}
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def kind(name: str) -> Kind:
    """The kind called ``name`` (singular, plural or alias), or a clear error."""
    from presskit.errors import InvalidInput

    key = (name or "").strip().lower()
    found = KINDS.get(key) or next((k for k in KINDS.values() if k.plural == key), None)
    if found is None:
        raise InvalidInput(f"unknown kind {name!r}; use one of: {', '.join(RECORD_KINDS)}")
    return found
