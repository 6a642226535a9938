"""A database error's message never lists the statement's parameters: the
engine is created with ``hide_parameters``, so interview text in a failed
write does not reach a log or a traceback through ``[parameters: ...]``."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from qualframe.storage.database import Database
from qualframe.storage.models import Code

SENTINEL = "P7 told me about the overdose in March"


def test_a_failed_write_keeps_its_parameters_out_of_the_message(database: Database) -> None:
    with pytest.raises(IntegrityError) as raised, database.transaction() as session:
        session.add(Code(project_id=1, name=None, definition=SENTINEL, inclusion=SENTINEL))
        session.flush()
    message = str(raised.value)
    assert "[SQL parameters hidden due to hide_parameters=True]" in message
    assert "[parameters:" not in message
    if database.dialect == "sqlite":  # PostgreSQL's own DETAIL may quote the row (see incidents)
        assert SENTINEL not in message


def test_the_engine_log_hides_parameters_too(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    placeholder = "%s" if database.dialect == "postgresql" else "?"
    database.engine.echo = True  # what someone debugging would switch on
    try:
        logging_on = caplog.at_level(logging.INFO, logger="sqlalchemy.engine")
        with logging_on, database.engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT 1 WHERE 'a' = {placeholder}", (SENTINEL,))
    finally:
        database.engine.echo = False
    assert "SELECT 1" in caplog.text
    assert SENTINEL not in caplog.text
