"""The public Python API is small and explicit; changing it is a decision."""

from __future__ import annotations

import qualframe

EXPECTED = {
    "BatchImportError",
    "ConfigurationError",
    "ConflictError",
    "Database",
    "InputFileError",
    "NotFoundError",
    "Project",
    "ProjectChoiceError",
    "ProjectInfo",
    "QualframeError",
    "UserError",
    "ValidationError",
    "__version__",
    "create_project",
    "list_projects",
    "open_project",
}


def test_the_public_api_is_exactly_the_documented_names() -> None:
    assert set(qualframe.__all__) == EXPECTED
    for name in EXPECTED:
        assert hasattr(qualframe, name)


def test_user_errors_and_configuration_errors_share_one_root() -> None:
    for error in (
        qualframe.InputFileError,
        qualframe.ValidationError,
        qualframe.NotFoundError,
        qualframe.ConflictError,
        qualframe.ProjectChoiceError,
        qualframe.BatchImportError,
    ):
        assert issubclass(error, qualframe.UserError)
    assert issubclass(qualframe.UserError, qualframe.QualframeError)
    assert issubclass(qualframe.ConfigurationError, qualframe.QualframeError)
    assert not issubclass(qualframe.ConfigurationError, qualframe.UserError)


def test_input_file_errors_name_the_file_and_the_line() -> None:
    error = qualframe.InputFileError("cases.csv", "case 'X' is unknown", line=4)
    assert str(error) == "cases.csv, line 4: case 'X' is unknown"


def test_importing_qualframe_opens_no_database(monkeypatch, tmp_path) -> None:
    import importlib
    import sys

    loaded = {name: module for name, module in sys.modules.items() if name.startswith("qualframe")}
    for name in loaded:
        del sys.modules[name]
    try:
        monkeypatch.chdir(tmp_path)
        importlib.import_module("qualframe")
        importlib.import_module("qualframe.cli")
        importlib.import_module("qualframe.web")
        assert list(tmp_path.iterdir()) == []
        assert not (tmp_path / "xdg-data").exists()
    finally:
        # Later tests must keep using the modules (and exception classes) they imported.
        for name in [name for name in sys.modules if name.startswith("qualframe")]:
            del sys.modules[name]
        sys.modules.update(loaded)
