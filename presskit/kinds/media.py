"""A picture: poster, key art, still, headshot or logo — a file in the data folder (read by Pillow) or an https URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presskit.kinds.base import Field, Kind, register
from presskit.models.enums import MediaRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from presskit.journal import Batch


def _label(row: Any) -> str:
    shows = row.person.name if row.person is not None else (row.work.title if row.work else "")
    size = f" {row.width}×{row.height} {row.format} {row.mode}" if row.width else ""
    return f"{str(row.role).replace('_', ' ')} of {shows}: {row.path or row.url}{size} — {row.alt[:60]}"


def _adding(s: Session, values: dict[str, Any], extra: dict[str, Any], b: Batch | None) -> None:
    from presskit import media  # Pillow's checks of the file, loaded only when a picture is added

    media.check(s, values, extra)


def _editing(s: Session, row: Any, values: dict[str, Any], extra: dict[str, Any]) -> None:
    from presskit import media

    media.check(s, values, extra, row)


def _describe_more(row: Any) -> dict[str, Any]:
    # What Pillow read from the file when it was added (not user input: not in the data file).
    if not row.width:
        return {}
    return {"width": row.width, "height": row.height, "format": row.format, "mode": row.mode, "bytes": row.bytes,
            "sha256": row.sha256}


KIND = register(Kind(
    "media", "Media", plural="media", aliases=("picture", "pictures"),
    help="A picture: poster, key art, still, headshot or logo — a file in the data folder or an https URL.",
    example=(
        'presskit add media --role still --file data/media/defector-still-01.jpg --alt "A woman looks back'
        ' across a river at night" --caption "Crossing the Tumen River" --credit "Photo: Ann Shin"'
    ),
    edit_example='presskit edit media 1 --caption "Crossing the Tumen River, 2012" --position 2',
    section="media", section_rank=10, label=_label, adding=_adding, editing=_editing, describe_more=_describe_more,
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
