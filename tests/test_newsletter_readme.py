"""The README's newsletter section runs, in order, and prints what it shows (STYLE.md rule 11)."""

from __future__ import annotations

import shlex

import pytest
from conftest import ROOT

from tests.readme_support import run_sessions, section, sessions


@pytest.mark.sqlite_only("it shows the ids SQLite gives")
def test_the_newsletter_section_prints_what_it_shows(cli, tmp_path):
    (tmp_path / "data").symlink_to(ROOT / "data")
    steps = sessions(section("The newsletter"))
    assert [shlex.split(command)[1] for command, _ in steps].count("newsletter") == 4
    # "Error: no news ..." is exit status 3 (nothing to send); every other step succeeds.
    run_sessions(cli, steps, exit_code=lambda shown: 3 if shown.startswith("Error: no news") else 0)
    assert (tmp_path / "newsletter.eml").read_bytes().startswith(b"Subject: The Defector won the Diversity")
    assert 'href="*|UNSUB|*"' in (tmp_path / "newsletter.html").read_text()


def test_the_readme_documents_every_newsletter_option():
    text = section("The newsletter")
    for words in ("--since last", "--since 2014-01-01", "--since send:3", "--mark-sent", "--audience",
                  "--work SLUG", "--format html|text|eml|mjml", "--subject", "--now", "--coming-up",
                  "--esp mailchimp|listmonk|buttondown|brevo", "--templates DIR", "presskit sends show N",
                  "presskit sends undo N", "exit\n  status 3", "out/newsletter.eml", "--intro TEXT",
                  "--intro-file PATH", "--earlier-after DAYS"):
        assert words in text, words
