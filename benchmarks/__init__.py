"""Speed measurements of qualframe against floors measured in the same run.

Run with ``make bench`` (``python -m benchmarks``); results go to
``docs/benchmarks.md``. These are measurements, not tests.
"""
