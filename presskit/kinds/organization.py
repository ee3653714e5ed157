"""An organization: outlet, festival, award body, broadcaster, venue or company, with its home time zone."""

from __future__ import annotations

from typing import Any

from presskit.kinds.base import Field, Kind, register
from presskit.models.enums import OrgKind

ORG_KIND_WORDS = {
    "festival": "a festival", "outlet": "a publication", "award_body": "an awards body",
    "broadcaster": "a channel", "venue": "a venue", "company": "a company", "other": "an organization",
}


# Countries whose name takes the article in running text ("in the United States").
_THE_COUNTRIES = {"united states", "united kingdom", "netherlands", "philippines", "czech republic",
                  "united arab emirates", "bahamas", "gambia", "maldives", "dominican republic",
                  "central african republic", "democratic republic of the congo", "republic of korea",
                  "usa", "uk", "us"}


def _in_country(country: str) -> str:
    return f"the {country}" if country.strip().lower() in _THE_COUNTRIES else country


def org_name(org: Any) -> str:
    """The organization as a reader sees it: its name, or for one the sources do not name (``unnamed``), what
    is known of it: 'a festival in the United States', 'a venue in Austin, United States'."""
    if not getattr(org, "unnamed", False):
        return org.name
    where = ", ".join(p for p in (org.city, _in_country(org.country) if org.country else None) if p)
    return f"{ORG_KIND_WORDS.get(str(org.kind), 'an organization')}{' in ' + where if where else ''}"


def is_named(org: Any) -> bool:
    return org is not None and not getattr(org, "unnamed", False)


def _label(row: Any) -> str:
    tz = f", {row.timezone}" if row.timezone else ""
    return f"{row.name} ({row.kind}{tz})"


KIND = register(Kind(
    "organization", "Organization", plural="organizations", aliases=("org",),
    help="An outlet, festival, award body, broadcaster, venue or company, with its home time zone.",
    example='presskit add organization --name TVO --kind broadcaster --tz America/Toronto --country Canada',
    edit_example='presskit edit organization TVO --website https://www.tvo.org',
    named=True, section="organizations", section_rank=0, label=_label,
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
