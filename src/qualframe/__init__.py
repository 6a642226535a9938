"""qualframe: qualitative comparative case studies with the Framework Method.

The public Python API is what this module exports (guarded by a test)::

    import qualframe
    project = qualframe.create_project("Peer workers", template="peer-worker-study")
    project.documents.import_files(["interviews/"])
    project.coding.codings(code="Disclosure")   # a pandas DataFrame
"""

from qualframe.errors import (
    BatchImportError,
    ConfigurationError,
    ConflictError,
    InputFileError,
    NotFoundError,
    ProjectChoiceError,
    QualframeError,
    UserError,
    ValidationError,
)
from qualframe.project import Project, ProjectInfo, create_project, list_projects, open_project
from qualframe.storage.database import Database

__version__ = "0.1.0"

__all__ = [
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
]
