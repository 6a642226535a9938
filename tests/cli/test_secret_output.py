"""Nothing sensitive on the terminal: database passwords are masked wherever a
URL is printed, and an unexpected error (a bug) prints an id, its type and
where it happened, never the interview text its message or SQL parameters carry."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import Commands, build_app
from qualframe.cli.state import CliState
from qualframe.storage.database import Database, shown_url
from qualframe.storage.models import Code

runner = CliRunner()

PASSWORD = "s3cret-pw"
#: Interview text that an unexpected database error carries in its SQL parameters.
SENTINEL = "P7 told me about the overdose in March"


def _with_password(url: str) -> str:
    """``url`` with a password: PostgreSQL's test server trusts local users and
    ignores it; SQLite has no passwords, so the SQLite pass skips."""
    if not url.startswith("postgresql"):
        pytest.skip("SQLite URLs have no password")
    return make_url(url).set(password=PASSWORD).render_as_string(hide_password=False)


def test_shown_urls_mask_the_password_wherever_it_is() -> None:
    assert shown_url("postgresql+psycopg://ana:pw@db.example/study") == (
        "postgresql+psycopg://ana:***@db.example/study"
    )
    assert shown_url("postgresql+psycopg://ana@db.example/study?password=pw&sslmode=require") == (
        "postgresql+psycopg://ana@db.example/study?password=***&sslmode=require"
    )
    assert shown_url("sqlite:////home/ana/study.db") == "sqlite:////home/ana/study.db"
    assert shown_url("not a url://ana:pw@host") == "not a url://ana:***@host"
    assert shown_url("ana:pw:more@host/db") == "ana:***@host/db"


def test_init_projects_and_db_commands_never_print_the_password(database_url: str) -> None:
    url = _with_password(database_url)
    outputs = [
        runner.invoke(build_app(), ["--database", url, *args]).output
        for args in (["init", "Study"], ["projects"], ["db", "status"], ["db", "upgrade"])
    ]
    assert "Created project Study in postgresql+psycopg://postgres:***@" in " ".join(
        outputs[0].split()
    )
    assert all(PASSWORD not in output for output in outputs)
    assert ":***@" in outputs[2] and ":***@" in outputs[3]


def test_the_serve_banner_masks_the_password(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import qualframe.web.app

    url = _with_password(database_url)
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.setattr(qualframe.web.app, "freeze_startup_heap", lambda: None)
    result = runner.invoke(build_app(), ["--database", url, "serve"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "qualframe is serving postgresql+psycopg://postgres:***@" in result.output
    assert PASSWORD not in result.output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+nodriver://ana:s3cret-pw@db.example/study", "there is no driver"),
        ("postgresql+psycopg://ana:s3cret-pw@127.0.0.1:1/study", "cannot open the database"),
        ("ana:s3cret-pw@db.example/study", "not a database URL"),
    ],
)
def test_errors_about_a_database_mask_its_password(url: str, message: str) -> None:
    result = runner.invoke(build_app(), ["--database", url, "projects"])
    assert result.exit_code == 1
    assert "Configuration error" in result.output and message in result.output
    assert PASSWORD not in result.output
    assert "Traceback" not in result.output


def _app_with_a_failing_write(database_url: str) -> tuple[Commands, int]:
    """The CLI with a command ``broken write`` whose write fails in the database
    (a code without a name) while its definition holds :data:`SENTINEL`."""
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    database.close()
    app = build_app()
    broken = Commands(name="broken", help="A command that hits a bug.")

    @broken.command("write")
    def write(cli: CliState) -> None:
        with cli.open_database().transaction() as session:
            session.add(Code(project_id=project.info.id, name=None, definition=SENTINEL))
            session.flush()

    app.add_typer(broken)
    return app, project.info.id  # type: ignore[return-value]


def _codes(database_url: str) -> int:
    database = Database(database_url)
    try:
        with database.transaction() as session:
            return session.scalar(select(func.count()).select_from(Code)) or 0
    finally:
        database.close()


def test_an_unexpected_database_error_prints_an_id_and_no_interview_text(
    database_url: str,
) -> None:
    app, _ = _app_with_a_failing_write(database_url)
    result = runner.invoke(app, ["--database", database_url, "broken", "write"])
    assert result.exit_code == 1
    assert SENTINEL not in result.output
    assert "[parameters:" not in result.output and "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.strip()]
    assert line.startswith("Unexpected error ")
    assert "IntegrityError in " in line and "run the command again with --debug" in line
    assert _codes(database_url) == 0  # nothing was saved


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_debug_shows_the_traceback_but_never_the_sql_parameters(
    database_url: str, how: str
) -> None:
    app, _ = _app_with_a_failing_write(database_url)
    args = ["--database", database_url, *(["--debug"] if how == "flag" else []), "broken", "write"]
    env = {"QUALFRAME_DEBUG": "1"} if how == "environment" else {}
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 1
    assert "Traceback" in result.output and "IntegrityError" in result.output
    assert "[SQL parameters hidden due to hide_parameters=True]" in result.output
    assert "the traceback is above" in result.output


def test_user_errors_and_click_usage_errors_are_not_reported_as_bugs(database_url: str) -> None:
    usage = runner.invoke(build_app(), ["--database", database_url, "no-such-command"])
    assert usage.exit_code == 2 and "Unexpected error" not in usage.output
    missing = runner.invoke(build_app(), ["--database", database_url, "documents", "show", "x"])
    assert missing.exit_code == 1 and "Unexpected error" not in missing.output
