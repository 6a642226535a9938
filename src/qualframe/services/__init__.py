"""Use cases: every change a user can make, as one transaction, audited.

Services take a :class:`~qualframe.services.core.unit_of_work.UnitOfWork` first
(the open transaction, the project and who acts; opened by the caller, one
per user action). They hold the business rules; queries live in ``storage``.
"""
