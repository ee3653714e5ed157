"""Press coverage: a review, interview, feature, list or news piece, with its pull quotes. Its URL is unique."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, FileList, Kind, NestedReader, Spreadsheet, register
from presskit.kinds.common import WORK, capital, live
from presskit.kinds.organization import org_name
from presskit.models.enums import CoverageKind, OrgKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit import models as m
    from presskit.journal import Batch
    from presskit.newsitem import Clock, Item


def _label(row: Any) -> str:
    by = f" by {row.author}" if row.author else ""
    return f"{row.published.isoformat()} {row.outlet.name}: {row.headline}{by} [{row.kind}]"


def _url_taken(other: int | None, url: str) -> str:
    if other is None:
        return f"another coverage item of this import has the URL {url}; keep one of them"
    return f"coverage {other} already has the URL {url}; edit that one instead"


def _check_unique_url(s: Session, url: str, exclude_id: int | None = None) -> None:
    from sqlalchemy import select

    from presskit import models as m
    from presskit import validate
    from presskit.errors import InvalidInput

    # On the connection, as records' other uniqueness checks: rows pending in the session are not asked about.
    other = s.connection().execute(select(m.Coverage.id).where(
        m.Coverage.url == validate.normalize_url(url), m.Coverage.id != (-1 if exclude_id is None else exclude_id)
    ).limit(1)).scalar()
    if other:
        raise InvalidInput(_url_taken(other, url))


def _adding(s: Session, values: dict[str, Any], extra: dict[str, Any], b: Batch | None) -> None:
    from presskit import validate

    if values.get("url"):
        if b is None:  # a batch checks its URLs together (_checks)
            _check_unique_url(s, values["url"])
        values["url"] = validate.normalize_url(values["url"])


def _checks(b: Batch, row: Any, prepared: dict[str, Any]) -> None:
    url = prepared.get("url")
    if url:
        b.unique(row, "url", row.url, lambda other: _url_taken(other, url))


def _typed(values: dict[str, Any]) -> list[str]:
    """`add coverage --url`: what was not typed comes from the page's own metadata (presskit.metadata)."""
    if not values.get("url"):
        return []
    from presskit import metadata

    return metadata.fill_coverage(values)


def _added(s: Session, row: Any, extra: dict[str, Any]) -> None:
    from presskit import models as m

    if extra.get("quote"):
        s.add(m.Quote(coverage_id=row.id, text=extra["quote"], approved=True, position=0, created_at=row.created_at))


def _editing(s: Session, row: Any, values: dict[str, Any], extra: dict[str, Any]) -> None:
    from presskit import validate

    if values.get("url"):
        _check_unique_url(s, values["url"], exclude_id=row.id)
        values["url"] = validate.normalize_url(values["url"])


def _describe_more(row: Any) -> dict[str, Any]:
    return {"quotes": [q.text for q in row.quotes]}


def _spreadsheet_rows(s: Session) -> list[list[Any]]:
    from presskit import models as m

    rows = s.scalars(live(m.Coverage).order_by(m.Coverage.published, m.Coverage.id)).unique().all()
    return [[c.published, c.outlet.name, c.headline, c.author, c.kind.value, c.url,
             "\n".join(q.text for q in c.quotes), c.featured, c.rank, c.work.slug, c.key] for c in rows]


# ------------------------------------------------------------------------------------------------ data file

def _read_quotes(file: NestedReader, coverage: Any, items: list[Any]) -> None:
    """A piece's ``quotes:`` (records, or the text alone): a quote is found again by its text."""
    from sqlalchemy import inspect, select

    from presskit import models as m

    # Removed quotes too: a quote removed here is not the file's to add again. A piece not written yet (added by
    # this import, with its backup's id or none) has none: no query, which would write the batch (autoflush).
    have = {q.text: q for q in file.s.scalars(select(m.Quote).where(m.Quote.coverage_id == coverage.id))} \
        if coverage.id is not None and not inspect(coverage).pending else {}
    for pos, q in enumerate(items):
        q, qid, gone = file.split(dict(q) if isinstance(q, dict) else {"text": q})
        if not q.get("text"):
            continue
        quote = have.get(str(q["text"]).strip())
        if quote is None:
            quote = file.add("quote", {"coverage": coverage, "position": pos, **q}, id=qid)
        file.removed("quote", quote, gone)


def _quote_rows() -> Any:
    from sqlalchemy import select

    from presskit import models as m

    q = m.Quote.__table__
    return (select(q.c.coverage_id, q.c.text, q.c.attribution, q.c.approved, q.c.id, q.c.removed_at,
                   q.c.created_at).order_by(q.c.coverage_id, q.c.position, q.c.id))


def _quote_item(row: Any) -> dict[str, Any]:
    _, text, attribution, approved, qid, gone, created = row
    return {"id": qid, "text": text, "attribution": attribution, "approved": None if approved else False,
            "removed": gone, "created_at": created}


# ------------------------------------------------------------------------------------------------ news

# Each kind of coverage as the kit labels a piece, and as the report heads a group of them.
COVERAGE_LABELS = {
    "review": "Review", "interview": "Interview", "feature": "Feature", "list": "List", "op_doc": "Op-Doc",
    "news": "News", "broadcast_segment": "Broadcast segment",
}
COVERAGE_GROUPS = {
    "review": "Reviews", "interview": "Interviews", "feature": "Features", "list": "Lists",
    "op_doc": "Op-Docs", "news": "News", "broadcast_segment": "Broadcast segments",
}
# ... and as the newsletter says it in a sentence ("review by ...").
COVERAGE_WORDS = {
    "review": "review", "interview": "interview", "feature": "feature", "list": "list", "op_doc": "Op-Doc",
    "news": "story", "broadcast_segment": "segment",
}


READ_LABELS = {"review": "Read the review", "interview": "Read the interview", "list": "See the list",
               "op_doc": "Watch the Op-Doc", "broadcast_segment": "Watch the segment"}


def _news_item(c: m.Coverage, clock: Clock, **common: Any) -> Item:
    from presskit.newsitem import Item, Link, Run, joined
    from presskit.when import day

    kind, outlet = str(c.kind), org_name(c.outlet)
    by = f"{COVERAGE_WORDS[kind]} by {c.author}" if c.author else COVERAGE_WORDS[kind]
    quote = next((q for q in c.quotes if q.approved), None)
    quote_by = None
    if quote is not None:
        quote_by = quote.attribution or (f"{c.author}, {outlet}" if c.author else outlet)
    links = (Link(READ_LABELS.get(kind, "Read it"), c.url),) if c.url else ()
    return Item(section="press", headline=(Run(c.headline),), summary=f"{capital(outlet)}: {c.headline}",
                url=c.url, meta=joined(outlet, by, day(c.published)),
                quote=quote.text if quote else None, quote_by=quote_by, links=links,
                on=c.published, source=outlet, **common)


KIND = register(Kind(
    "coverage", "Coverage", plural="coverage", news=True, news_date_field="published",
    help="Press coverage: a review, interview, feature, list or news piece, with its pull quote.",
    example=(
        'presskit add coverage --outlet NKNews.org --headline "Film Review: The Defector" --date '
        '2013-05-20 --kind review --author "Nicolle Loughlin" --quote "A unique documentary with '
        'thoughtful production" --url https://www.nknews.org/'
    ),
    edit_example='presskit edit coverage 1 --rank 1',
    batched=True, section="coverage", section_rank=3, label=_label, news_item=_news_item,
    typed=_typed, adding=_adding, checks=_checks,
    added=_added, editing=_editing, file_lists=(FileList("quotes", _read_quotes, _quote_rows, _quote_item),),
    describe_more=_describe_more,
    spreadsheet=Spreadsheet(("Date published", "Outlet", "Headline", "Author", "Kind", "URL", "Quote", "Featured",
                             "Rank", "Work", "Key"), _spreadsheet_rows),
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
