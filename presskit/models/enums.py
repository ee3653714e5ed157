"""Kinds and statuses, stored by value."""

from enum import StrEnum


class OrgKind(StrEnum):
    outlet = "outlet"
    festival = "festival"
    award_body = "award_body"
    broadcaster = "broadcaster"
    venue = "venue"
    company = "company"
    other = "other"


class WorkKind(StrEnum):
    film = "film"
    interactive = "interactive"
    series = "series"
    other = "other"


class CoverageKind(StrEnum):
    review = "review"
    interview = "interview"
    feature = "feature"
    list = "list"
    op_doc = "op_doc"
    news = "news"
    broadcast_segment = "broadcast_segment"


class NominationStatus(StrEnum):
    submitted = "submitted"
    shortlisted = "shortlisted"
    nominated = "nominated"
    won = "won"
    lost = "lost"
    withdrawn = "withdrawn"
    disqualified = "disqualified"


class SelectionStatus(StrEnum):
    submitted = "submitted"
    selected = "selected"
    not_selected = "not_selected"
    withdrawn = "withdrawn"
    screened = "screened"


class ScreeningStatus(StrEnum):
    scheduled = "scheduled"
    rescheduled = "rescheduled"
    cancelled = "cancelled"
    held = "held"


class BroadcastStatus(StrEnum):
    scheduled = "scheduled"
    rescheduled = "rescheduled"
    cancelled = "cancelled"
    aired = "aired"


class PremiereTier(StrEnum):
    world = "world"
    international = "international"
    continental = "continental"
    national = "national"
    regional = "regional"
    none = "none"


class EventKind(StrEnum):
    qa_screening = "qa_screening"
    exhibition = "exhibition"
    panel = "panel"
    other = "other"


class JournalKind(StrEnum):
    added = "added"
    status = "status"


class MediaRole(StrEnum):
    poster = "poster"
    key_art = "key_art"
    still = "still"
    headshot = "headshot"
    logo = "logo"
