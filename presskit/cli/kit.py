"""Commands of this area register on `presskit.cli.app` (filled in by its issue)."""
