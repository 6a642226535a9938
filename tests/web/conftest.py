"""Fixtures of the web tests: the application on the test database, an
in-process client, and the sample study."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from qualframe.storage.database import Database
from qualframe.web.app import create_app
from route_recorder import RouteRecorder
from web.sample_study import NumberedStudy, SampleStudy, build_numbered_study, build_sample_study


@pytest.fixture
def app(database: Database) -> FastAPI:
    """The web application on this test's database; changes default to "tester"."""
    application = create_app(database, user="tester")
    application.add_middleware(RouteRecorder)
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An in-process client addressed to http://localhost (as a local browser is)."""
    with TestClient(app, base_url="http://localhost") as test_client:
        yield test_client


@pytest.fixture
def sample(database: Database) -> SampleStudy:
    """The sample study (see :mod:`web.sample_study`) in this test's database."""
    return build_sample_study(database)


@pytest.fixture
def numbered(database: Database) -> NumberedStudy:
    """A study whose names are digits (see :mod:`web.sample_study`) in this test's database."""
    return build_numbered_study(database)
