"""Opening a study: the entry point of the Python API."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from qualframe import config
from qualframe.api.facade import Facade, ProjectBinding, use_case
from qualframe.errors import ValidationError
from qualframe.services.core import audit
from qualframe.services.core.actor import Actor
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.projects import registry, templates
from qualframe.services.projects.registry import ProjectInfo
from qualframe.storage.database import Database

if TYPE_CHECKING:
    from qualframe.api.agreement import AgreementAPI
    from qualframe.api.change_models import ChangeModelAPI
    from qualframe.api.codebook import CodebookAPI
    from qualframe.api.coding import CodingAPI
    from qualframe.api.compare import CompareAPI
    from qualframe.api.documents import DocumentsAPI
    from qualframe.api.matrix import MatrixAPI
    from qualframe.api.memos import MemosAPI
    from qualframe.api.search import SearchAPI
    from qualframe.api.study import StudyAPI
    from qualframe.api.typologies import TypologyAPI

__all__ = ["Project", "ProjectInfo", "create_project", "list_projects", "open_project"]


class Project(Facade):
    """One study in a database, with its operations grouped by area.

    - ``study``: attributes, cases, participants, interview schedule, answers
    - ``documents``: import, participants, speaker turns and mappings
    - ``codebook``: the code tree and its history
    - ``coding``: apply/remove codes, list codings, auto-code
    - ``memos``: typed memos
    - ``search``: full-text search, keyword in context, code all hits
    - ``matrix``: framework matrices, their cells (summaries, quotes, history), coverage
    - ``compare``: code × group comparisons, structured answers, co-occurrence, saturation
    - ``change_models``: change models, their evidence, profiles, CMO chains,
      the evaluation plan and diagrams
    - ``typologies``: typology dimensions and each case's or participant's category
    - ``agreement``: agreement between coders, agreement rounds and their
      disagreements, analysts' cell statuses compared

    Each call is one transaction, attributed to ``user`` in the audit log;
    ``with project.atomic():`` makes every call in the block one transaction.
    """

    def __init__(
        self,
        database: Database,
        info: ProjectInfo,
        user: str,
        *,
        binding: ProjectBinding | None = None,
    ) -> None:
        super().__init__(binding or ProjectBinding(database, info.id, user))
        self.database = database
        self.info = info
        self.user = user

    @cached_property
    def study(self) -> StudyAPI:
        """Attributes, cases, participants, interview schedule, answers."""
        from qualframe.api.study import StudyAPI

        return StudyAPI(self._binding)

    @cached_property
    def documents(self) -> DocumentsAPI:
        """Import, participants, speaker turns and mappings, text revisions."""
        from qualframe.api.documents import DocumentsAPI

        return DocumentsAPI(self._binding)

    @cached_property
    def codebook(self) -> CodebookAPI:
        """The code tree and its history."""
        from qualframe.api.codebook import CodebookAPI

        return CodebookAPI(self._binding)

    @cached_property
    def coding(self) -> CodingAPI:
        """Apply and remove codes, list codings, auto-code."""
        from qualframe.api.coding import CodingAPI

        return CodingAPI(self._binding)

    @cached_property
    def memos(self) -> MemosAPI:
        """Typed memos."""
        from qualframe.api.memos import MemosAPI

        return MemosAPI(self._binding)

    @cached_property
    def search(self) -> SearchAPI:
        """Full-text search, keyword in context, code all hits."""
        from qualframe.api.search import SearchAPI

        return SearchAPI(self._binding)

    @cached_property
    def matrix(self) -> MatrixAPI:
        """Framework matrices, their cells (summaries, quotes, history), coverage."""
        from qualframe.api.matrix import MatrixAPI

        return MatrixAPI(self._binding)

    @cached_property
    def compare(self) -> CompareAPI:
        """Code × group comparisons, structured answers, co-occurrence, saturation."""
        from qualframe.api.compare import CompareAPI

        return CompareAPI(self._binding)

    @cached_property
    def change_models(self) -> ChangeModelAPI:
        """Change models: nodes, links, evidence, profiles, chains, plan, diagrams."""
        from qualframe.api.change_models import ChangeModelAPI

        return ChangeModelAPI(self._binding)

    @cached_property
    def typologies(self) -> TypologyAPI:
        """Typology dimensions and each case's or participant's category."""
        from qualframe.api.typologies import TypologyAPI

        return TypologyAPI(self._binding)

    @cached_property
    def agreement(self) -> AgreementAPI:
        """Agreement between coders, rounds, disagreements and their resolutions."""
        from qualframe.api.agreement import AgreementAPI

        return AgreementAPI(self._binding)

    @property
    def name(self) -> str:
        """The project's name."""
        return self.info.name

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run every call made in the block (in this thread) as one transaction.

        Committed when the block ends; an error that leaves the block undoes
        everything it did. Each call inside runs under a savepoint: a call
        that fails is undone alone, so code that catches its error keeps the
        block's other work; a nested ``atomic()`` is a savepoint too, and a
        preview inside the block writes nothing and keeps the block's work.
        """
        with self._binding.atomic():
            yield

    def acting_as(self, user: str) -> Project:
        """The same project, with the changes made through it attributed to
        ``user`` (e.g. the labellers of an imported dataset); it joins this
        project's :meth:`atomic` blocks."""
        return Project(self.database, self.info, user, binding=self._binding.acting_as(user))

    apply_template = use_case(templates.apply_template)

    #: The recorded changes (who, when, what) as a DataFrame, one row per change.
    audit_log = use_case(audit.audit_entries, audit.audit_frame)
    #: The recorded changes as :class:`~qualframe.services.core.audit.AuditRecord` records.
    activity = use_case(audit.audit_entries)

    def __repr__(self) -> str:
        return f"<Project {self.info.name!r} in {self.database.dialect}>"


def _database(database: str | Database | None) -> Database:
    if isinstance(database, Database):
        return database
    url = config.resolve("database", database)
    assert url is not None  # the setting has a default
    return Database(url)


def _actor(user: str | None) -> str:
    return user or config.resolve("user") or "analyst"


def create_project(
    name: str,
    *,
    database: str | Database | None = None,
    user: str | None = None,
    template: str | None = None,
    description: str = "",
    example: str | None = None,
) -> Project:
    """Create a project and open it.

    ``database`` is a URL or an open :class:`Database` (default: the
    configured one); ``template`` names a built-in study template (e.g.
    ``"peer-worker-study"``) and ``example`` a shipped example project with
    its data (``"peer-worker"``, ``"nhs-fft"``), either applied in the same
    transaction. Raises :class:`~qualframe.errors.ConflictError` if the name
    is taken, :class:`~qualframe.errors.ValidationError` when both are given.
    """
    if template is not None and example is not None:
        raise ValidationError("Give a template or an example, not both.")
    db = _database(database)
    actor = _actor(user)
    if example is not None:
        from qualframe.examples import find_example

        find_example(example)  # an unknown name fails before anything is written
    with db.transaction() as session:
        info = registry.create_project(session, name, actor, description)
        project = Project(db, info, actor)
        with project._binding.adopt(UnitOfWork(session, info.id, Actor.of(actor))):
            if template is not None:
                project.apply_template(template)
            if example is not None:
                from qualframe.examples import build_example

                build_example(project, example)
    return project


def open_project(
    name: str | None = None,
    *,
    database: str | Database | None = None,
    user: str | None = None,
    project_id: int | None = None,
) -> Project:
    """Open the project called ``name`` (default: the only one in the database),
    or the one with id ``project_id``.

    Raises :class:`~qualframe.errors.ProjectChoiceError` when the choice is
    unclear or no such project exists.
    """
    db = _database(database)
    with db.transaction() as session:
        if project_id is not None:
            info = registry.get_project(session, project_id)
        else:
            info = registry.choose_project(session, config.resolve("project", name))
    return Project(db, info, _actor(user))


@contextmanager
def project_transaction(
    database: Database,
    project_id: int | None = None,
    *,
    name: str | None = None,
    user: str | None = None,
    writes: bool = True,
) -> Iterator[Project]:
    """A project in one transaction for a whole user action (a web request, a
    CLI command): every call made through it, in any thread, joins that one
    unit of work, which commits when the block ends and rolls back as a whole
    on any error that leaves it (each call runs under a savepoint, so an error
    a caller catches undoes only that call).

    The project is the one with id ``project_id``, else the one called
    ``name`` (default: the configured one, or the only one). ``writes``: the
    action may write (on SQLite the transaction takes the write lock at
    once); False for one that only reads (a page), which sees one snapshot.
    Raises :class:`~qualframe.errors.ProjectChoiceError` when there is no
    such project or the choice is unclear.
    """
    actor = Actor.of(_actor(user))
    with database.transaction(block=writes, reading=not writes) as session:
        if project_id is not None:
            info = registry.get_project(session, project_id)
        else:
            info = registry.choose_project(session, config.resolve("project", name))
        binding = ProjectBinding.pinned_to(database, UnitOfWork(session, info.id, actor))
        yield Project(database, info, actor.name, binding=binding)


def list_projects(*, database: str | Database | None = None) -> list[ProjectInfo]:
    """Every project in the database, by name."""
    db = _database(database)
    with db.transaction() as session:
        return registry.list_projects(session)
