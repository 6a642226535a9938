"""Quotes leave out the transcript's speaker label and timestamp (issue 10 §3)."""

from __future__ import annotations

import pytest

from qualframe.formats.quoting import quotable


@pytest.mark.parametrize(
    ("text", "speaker", "quoted"),
    [
        ("P01: I trusted her.", "P01", "I trusted her."),
        ("**Ms Nield**: We were told.", "Ms Nield", "We were told."),
        ("[Speaker 1] Fine.", "Speaker 1", "Fine."),
        ("Speaker 1: [00:01:23] Fine.", "Speaker 1", "Fine."),
        ("(0:05) Fine.", None, "Fine."),
        ("[00:01:23] Fine.", None, "Fine."),
        ("I trusted her.", "P01", "I trusted her."),
        ("trusted her", None, "trusted her"),
        ("P01:", "P01", "P01:"),
        ("At 10:30 we met.", None, "At 10:30 we met."),
        ("Really good staff", "R", "Really good staff"),
        ("I think so", "I", "I think so"),
        ("Mum said it was fine", "Mum", "Mum said it was fine"),
        ("10:30 was when we met", None, "10:30 was when we met"),
        ("**Ms Nield:** We were told.", "Ms Nield", "We were told."),
        ("[Speaker 1]: Fine.", "Speaker 1", "Fine."),
    ],
)
def test_a_quote_leaves_out_the_label_and_timestamp(
    text: str, speaker: str | None, quoted: str
) -> None:
    assert quotable(text, speaker) == quoted
