"""Run every benchmark and write ``docs/benchmarks.md``: ``python -m benchmarks``.

Options: ``--corpus PATH`` (default ``../shared/datasets/uk-covid-inquiry-transcripts``),
``--skip-synthetic`` to leave out the 200,000-coding study (it takes minutes to build),
``--only-cli`` to measure only the command line's start-up (seconds),
``--skip-team`` to leave out the team server's load and crash tests (they
need PostgreSQL on 127.0.0.1:5432 and take about two minutes), ``--only-team``
to run only those (printed, not written).

qualframe's modules are byte-compiled first, as ``pip install`` compiles an
installed package: an editable checkout under ``PYTHONDONTWRITEBYTECODE``
(as on CI) would otherwise compile every module again in each process the
benchmarks start, which no installed copy does.
"""

from __future__ import annotations

import argparse
import compileall
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks import (
    agreement_speed,
    change_model_profile,
    cli_startup,
    coding_retrieval,
    corpus_import,
    document_view_browser,
    document_view_speed,
    framework_speed,
    pdf_import,
    search_kwic,
    team_crash,
    team_load,
)
from benchmarks.report import Result, write_markdown

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "datasets" / "uk-covid-inquiry-transcripts"


def _byte_compile() -> None:
    """Write the bytecode of qualframe's modules, as an installation does."""
    import qualframe

    package = Path(qualframe.__file__).parent
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"{package}: could not byte-compile qualframe")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--only-cli", action="store_true")
    parser.add_argument("--skip-team", action="store_true")
    parser.add_argument("--only-team", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    options = parser.parse_args(argv)
    _byte_compile()
    if options.only_cli:
        return _report(cli_startup.run(), None)
    if options.only_team:
        team_results, _tables = _team()
        return _report(team_results, None)
    if not options.corpus.is_dir():
        print(f"{options.corpus}: corpus folder not found (is ../shared beside the checkout?)")
        return 1
    results: list[Result] = cli_startup.run()
    with tempfile.TemporaryDirectory(prefix="qualframe-bench-") as folder:
        work = Path(folder)
        imported, project = corpus_import.run(options.corpus, work)
        results += imported
        results += search_kwic.run(project, work / "floor-0.db")
        project.database.close()
        document_study = work / "document-view"
        document_study.mkdir()
        viewed = document_view_speed.build(document_study)
        results += document_view_speed.run(viewed)
        viewed.project.database.close()
        large_study = work / "document-view-10k"
        large_study.mkdir()
        results += document_view_speed.run_large(large_study)
        browser_study = work / "document-view-browser"
        browser_study.mkdir()
        results += document_view_browser.run(browser_study)
        pdfs = work / "pdf"
        pdfs.mkdir()
        results += pdf_import.run(pdfs)
        if not options.skip_synthetic:
            from benchmarks import synthetic_study

            synthetic = work / "synthetic"
            synthetic.mkdir()
            source = sorted(options.corpus.rglob("*.rst"))[0]
            study = synthetic_study.build(synthetic, source)
            results += coding_retrieval.run(study)
            results += framework_speed.run(study)
            results += change_model_profile.run(study)
            results += agreement_speed.run(study)
            study.project.database.close()
    tables: list[str] = []
    if not options.skip_team:
        team_results, tables = _team()
        results += team_results
    return _report(results, options.output, tables)


def _team() -> tuple[list[Result], list[str]]:
    """The team server's load and crash tests on PostgreSQL (none without a
    server), and the load test's table per action (Markdown)."""
    from benchmarks.team_server import postgres_available

    if not postgres_available():
        print("PostgreSQL does not answer on 127.0.0.1:5432: the team tests are left out.")
        return [], []
    with tempfile.TemporaryDirectory(prefix="qualframe-bench-team-") as folder:
        work = Path(folder)
        loaded, table = team_load.run(work)
        print(table)
        section = f"## The team server under load, per action\n\n{table}"
        return loaded + team_crash.run(work), [section]


def _report(results: list[Result], output: Path | None, sections: Sequence[str] = ()) -> int:
    """Print the results, write them to ``output`` (unless None) with ``sections``
    (Markdown) after them; 2 if a target is missed."""
    for result in results:
        ratio = f" ({result.ratio:.2f}× floor)" if result.ratio else ""
        status = "ok" if result.met else "MISSED"
        print(f"[{status}] {result.name}: {result.value:.3g} {result.unit}{ratio}; {result.target}")
    if output is not None:
        write_markdown(results, output, "make bench", sections)
        print(f"written {output}")
    return 0 if all(r.met for r in results) else 2


if __name__ == "__main__":
    sys.exit(main())
