from sqlalchemy import func, select

from presskit import models as m
from presskit.db import session_scope


def test_seed_data_imports(defector):
    with session_scope(defector, write=False) as s:
        assert s.scalar(select(func.count(m.Nomination.id))) == 6
        tvo = s.scalar(select(m.Broadcast).where(m.Broadcast.key == "tvo-2013-06-26-2100"))
        assert tvo.starts_at.isoformat() == "2013-06-27T01:00:00+00:00"
        assert tvo.local_start.tzname() == "EDT"


def test_cli_error_is_one_line(cli):
    assert cli("init", "--title", "The Defector").exit_code == 0
    r = cli("add", "coverage", "--outlet", "X", "--headline", "Y", "--url", "javascript:alert(1)")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: --url 'javascript:alert(1)' is not an http(s) or mailto URL")
    assert r.stderr.count("\n") == 1
