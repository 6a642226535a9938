"""The document-view benchmark builds what it claims and measures both requests."""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks import document_view_speed
from qualframe.formats.speaker_turns import detect_speaker_turns


def test_the_transcript_has_the_words_and_speakers_asked_for() -> None:
    text = document_view_speed.transcript(random.Random(1), 5_000)
    assert 5_000 <= len(text.split()) < 5_400
    labels = {turn.label for turn in detect_speaker_turns(text)}
    assert labels == {"Interviewer", *document_view_speed.SPEAKERS}


def test_a_small_study_is_built_and_both_requests_are_measured(tmp_path: Path) -> None:
    study = document_view_speed.build(tmp_path, words=2_000, codings=60)
    assert study.codings == 60
    coders = set(study.project.coding.codings()["coder"])
    assert coders == {coder for coder, _ in document_view_speed.CODERS}
    page, apply = document_view_speed.run(study)
    assert page.name.endswith("-word transcript with 60 codings (GET page)")
    assert page.floor and apply.floor
    assert page.value > 0 and apply.value > 0
    applied = study.project.coding.codings(code="Applied in the benchmark", coder="analyst")
    assert len(applied) == (document_view_speed.APPLY_REPEATS)
    study.project.database.close()
