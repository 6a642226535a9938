"""The public Python API is explicit; changing it is a decision.

``tests/public_surface.txt`` is the surface as it stands: every name
``qualframe`` exports and the signature of every public facade method. A
change to either fails here until the file is regenerated on purpose::

    QUALFRAME_UPDATE_SURFACE=1 .venv/bin/pytest tests/test_public_api.py
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import importlib
import inspect
import os
import typing
from pathlib import Path

import qualframe
from project_facades import area_facades
from qualframe.api.facade import Facade, UseCase
from qualframe.services.core.unit_of_work import UnitOfWork

SNAPSHOT = Path(__file__).with_name("public_surface.txt")


def _facades() -> list[tuple[str, type]]:
    """(attribute path, class) of the project and of each facade it holds."""
    found: list[tuple[str, type]] = [("Project", qualframe.Project)]
    found += [(f"Project.{name}", kind) for name, kind in area_facades().items()]
    return found


def _methods(cls: type) -> list[tuple[str, object]]:
    """The public methods of a facade class (use cases, functions, static methods)."""
    found = []
    for name in sorted(vars(cls)):
        value = vars(cls)[name]
        if name.startswith("_") and name != "__call__":
            continue
        if isinstance(value, (UseCase, staticmethod)) or inspect.isfunction(value):
            found.append((name, getattr(cls, name)))
    return found


def _without_self(signature: inspect.Signature) -> str:
    """A method's signature as its callers see it (no ``self``)."""
    params = [p for name, p in signature.parameters.items() if name != "self"]
    return str(signature.replace(parameters=params))


def _surface() -> list[str]:
    """The public surface as text lines: names, then facade method signatures."""
    lines = [f"name {name}" for name in qualframe.__all__]
    for path, cls in _facades():
        for name, method in _methods(cls):
            lines.append(f"{path}.{name}{_without_self(inspect.signature(method))}")
    return lines


def test_the_public_surface_changes_only_on_purpose() -> None:
    current = _surface()
    if os.environ.get("QUALFRAME_UPDATE_SURFACE") == "1":
        SNAPSHOT.write_text("\n".join(current) + "\n", encoding="utf-8")
    recorded = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    diff = "\n".join(difflib.unified_diff(recorded, current, "recorded", "current", lineterm=""))
    assert current == recorded, (
        "The public surface changed (QUALFRAME_UPDATE_SURFACE=1 records it):\n" + diff
    )


def test_every_public_name_can_be_imported() -> None:
    for name in qualframe.__all__:
        assert getattr(qualframe, name) is not None, name


def test_the_type_checkers_see_exactly_the_exported_names() -> None:
    tree = ast.parse(Path(qualframe.__file__).read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If))
    imported = {
        alias.asname or alias.name
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == set(qualframe.__all__) - {"__version__"}


def _qualframe_types(annotation: object) -> set[type]:
    """The qualframe classes an annotation names (inside unions, generics,
    Unpack, the argument lists of Callable, and the fields of records)."""
    found: set[type] = set()
    if isinstance(annotation, list):
        for item in annotation:
            found |= _qualframe_types(item)
        return found
    if isinstance(annotation, type) and annotation.__module__.startswith("qualframe"):
        found.add(annotation)
    for argument in typing.get_args(annotation):
        found |= _qualframe_types(argument)
    return found


def _type_checking_names(module: object) -> dict[str, object]:
    """The names ``module`` imports only for type checking (``if TYPE_CHECKING:``)."""
    names: dict[str, object] = {}
    for node in ast.parse(inspect.getsource(module)).body:  # type: ignore[arg-type]
        if not (isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if isinstance(statement, ast.ImportFrom) and statement.module:
                if statement.module.startswith("_typeshed"):
                    continue  # exists for the type checker only
                imported = importlib.import_module(statement.module)
                for alias in statement.names:
                    names[alias.asname or alias.name] = getattr(imported, alias.name)
            elif isinstance(statement, ast.Import):
                for alias in statement.names:
                    names[alias.asname or alias.name] = importlib.import_module(alias.name)
    return names


def _hints(function: object) -> dict[str, object]:
    """``function``'s resolved annotations, names imported for type checking included."""
    module = inspect.getmodule(function)
    namespace = {**vars(module), **_type_checking_names(module)}
    return typing.get_type_hints(function, globalns=namespace, include_extras=True)


def _internal(kind: type) -> bool:
    """Types a facade's signature may name without exporting them: the unit of
    work its service takes, the ORM rows some references accept, facades."""
    stored = kind.__module__.startswith("qualframe.storage.models")
    return stored or issubclass(kind, (Facade, UnitOfWork))


def test_every_record_a_facade_takes_or_returns_is_public() -> None:
    public = {getattr(qualframe, name) for name in qualframe.__all__ if name != "__version__"}
    missing: set[str] = set()
    for _, cls in _facades():
        for name, method in _methods(cls):
            target = vars(cls)[name]
            functions = (
                [target.service, *([target.then] if target.then else [])]
                if isinstance(target, UseCase)
                else [inspect.unwrap(method)]
            )
            for function in functions:
                for hint in _hints(function).values():
                    for kind in _qualframe_types(hint):
                        if kind not in public and not _internal(kind):
                            missing.add(f"{cls.__name__}.{name}: {kind.__module__}.{kind.__name__}")
    assert not missing, sorted(missing)


def test_public_records_are_frozen() -> None:
    for name in qualframe.__all__:
        value = getattr(qualframe, name)
        if dataclasses.is_dataclass(value) and isinstance(value, type):
            assert value.__dataclass_params__.frozen, name  # type: ignore[attr-defined]


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


def test_opening_a_project_for_an_import_loads_no_dataframe_library() -> None:
    # The command line starts in half a second only if pandas (and numpy) wait
    # for the first call that returns a DataFrame: checked in a fresh interpreter.
    import subprocess
    import sys

    script = (
        "import sys, qualframe.project as p, qualframe.api.documents, qualframe.cli.app\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'scipy') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_the_command_line_s_help_loads_no_database_layer() -> None:
    # `qualframe --help` builds every command group: their modules import what
    # a command needs when it runs, so start-up stays well under the budget.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from qualframe.cli import main\n"
        "sys.argv = ['qualframe', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('sqlalchemy', 'openpyxl', 'pandas', 'pysbd', 'docutils')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
