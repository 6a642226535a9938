"""The team load test end to end, tiny: four members for two seconds against
``qualframe serve --team`` on PostgreSQL, then the lost-write check."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from benchmarks.team_ledger import action_stats, audit
from benchmarks.team_server import running_server, throwaway_database

from benchmarks import team_load


@pytest.mark.postgres
def test_members_act_through_the_team_server_and_nothing_acknowledged_is_lost(
    tmp_path: Path,
) -> None:
    server = os.environ.get("QUALFRAME_TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        pytest.skip("needs QUALFRAME_TEST_DATABASE_URL naming a PostgreSQL server")
    roles = {"coder": 2, "analyst": 1, "viewer": 1}
    with throwaway_database(server, prefix="qualframe_test_load") as url:
        study = team_load.build_study(url, roles)
        with running_server(url, tmp_path / "server.log") as web:
            done = asyncio.run(team_load.simulate(web.url, study, duration=2.0))
        found = audit(done.ledger, *team_load.stored_state(study))
    stats = {s.action: s for s in action_stats(done.ledger.samples, done.seconds, {})}
    assert team_load.APPLY in stats and stats[team_load.APPLY].failures == 0
    assert all(s.failures == 0 for s in stats.values())
    assert done.ledger.created and found.checked >= len(done.ledger.created)
    assert found.lost == () and found.unreported == ()
    assert len(done.logins) == 4
