"""qualframe: qualitative comparative case studies with the Framework Method.

The public Python API is what this module exports (``__all__``, guarded by
a test)::

    import qualframe
    project = qualframe.create_project("Peer workers", template="peer-worker-study")
    project.documents.import_files(["interviews/"])
    project.coding.codings(code="Disclosure")   # a pandas DataFrame

Names are imported on first use, so ``import qualframe`` (and the command
line's ``--help``) stays fast: nothing heavy is loaded until it is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualframe.errors import (
        BatchImportError as BatchImportError,
    )
    from qualframe.errors import (
        ConfigurationError as ConfigurationError,
    )
    from qualframe.errors import (
        ConflictError as ConflictError,
    )
    from qualframe.errors import (
        InputFileError as InputFileError,
    )
    from qualframe.errors import (
        NotFoundError as NotFoundError,
    )
    from qualframe.errors import (
        ProjectChoiceError as ProjectChoiceError,
    )
    from qualframe.errors import (
        QualframeError as QualframeError,
    )
    from qualframe.errors import (
        UserError as UserError,
    )
    from qualframe.errors import (
        ValidationError as ValidationError,
    )
    from qualframe.project import (
        Project as Project,
    )
    from qualframe.project import (
        ProjectInfo as ProjectInfo,
    )
    from qualframe.project import (
        create_project as create_project,
    )
    from qualframe.project import (
        list_projects as list_projects,
    )
    from qualframe.project import (
        open_project as open_project,
    )
    from qualframe.storage.database import Database as Database

__version__ = "0.1.0"

#: Every public name and the module it lives in (imported on first use).
_EXPORTS: dict[str, str] = {
    "BatchImportError": "qualframe.errors",
    "ConfigurationError": "qualframe.errors",
    "ConflictError": "qualframe.errors",
    "InputFileError": "qualframe.errors",
    "NotFoundError": "qualframe.errors",
    "ProjectChoiceError": "qualframe.errors",
    "QualframeError": "qualframe.errors",
    "UserError": "qualframe.errors",
    "ValidationError": "qualframe.errors",
    "Project": "qualframe.project",
    "ProjectInfo": "qualframe.project",
    "create_project": "qualframe.project",
    "list_projects": "qualframe.project",
    "open_project": "qualframe.project",
    "Database": "qualframe.storage.database",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562) and keep it."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qualframe' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
