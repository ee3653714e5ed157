"""Errors a user can act on. Raised in the core, printed once by the command line as `Error: ...`."""


class PresskitError(Exception):
    """Base of every error whose message is meant for the user."""

    exit_code = 1


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
