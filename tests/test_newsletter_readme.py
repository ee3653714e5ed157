"""The README's newsletter section runs, in order, and prints what it shows (STYLE.md rule 11)."""

from __future__ import annotations

import shlex

import pytest
from conftest import ROOT
from test_tracker_readme import _section, _sessions


@pytest.mark.sqlite_only("it shows the ids SQLite gives")
def test_the_newsletter_section_prints_what_it_shows(cli, tmp_path):
    (tmp_path / "data").symlink_to(ROOT / "data")
    steps = _sessions(_section("The newsletter"))
    assert [shlex.split(command)[1] for command, _ in steps].count("newsletter") == 4
    for command, shown in steps:
        args = shlex.split(command)
        assert args[0] == "presskit", command
        r = cli(*args[1:])
        assert r.stdout + r.stderr == shown, command
        assert r.exit_code == (3 if shown.startswith("Error: no news") else 0), command
    assert (tmp_path / "newsletter.eml").read_bytes().startswith(b"Subject: The Defector won the Diversity")
    assert 'href="*|UNSUB|*"' in (tmp_path / "newsletter.html").read_text()


def test_the_readme_documents_every_newsletter_option():
    section = _section("The newsletter")
    for words in ("--since last", "--since 2014-01-01", "--since send:3", "--mark-sent", "--audience",
                  "--work SLUG", "--format html|text|eml|mjml", "--subject", "--now", "--coming-up",
                  "--esp mailchimp|listmonk|buttondown|brevo", "--templates DIR", "presskit sends show N",
                  "presskit sends undo N", "exit\n  status 3", "out/newsletter.eml"):
        assert words in section, words
