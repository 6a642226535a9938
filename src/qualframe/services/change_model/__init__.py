"""The change-model area: typed graphs of a study's theory of change, backed by coded evidence.

``models`` (models and their node kinds), ``nodes``, ``links``,
``indicators`` and ``measures`` (the registry), ``versions`` (named
snapshots, compared), ``evidence`` (codings, quotes, cells and memos
supporting or contradicting a node or link), ``profiles`` (who backs what,
by attribute; flags), ``chains`` (context–mechanism–outcome configurations,
case by case), ``outputs`` (diagrams, the evaluation plan, the report).
"""
