"""Use cases: every change a user can make, as one transaction, audited.

Services take a SQLAlchemy session (opened by the caller, one per user
action) and a :class:`~qualframe.services.context.ProjectContext`. They hold
the business rules; queries live in ``storage``.
"""
