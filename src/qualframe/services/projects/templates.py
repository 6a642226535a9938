"""Built-in study templates, such as the peer worker study.

A template is a YAML file shipped in ``qualframe/templates`` describing a
study design: attributes, placeholder cases, a deductive framework (codes),
a memo and a change model (nodes bound to the framework's codes, links,
indicators naming the shipped measures; what is not verified marked as a
candidate). Applying one goes through the same services as a user would,
so every object it creates is in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from qualframe.errors import NotFoundError
from qualframe.services.core.unit_of_work import UnitOfWork

#: Template name (as typed after ``--template``) -> file in qualframe/templates.
TEMPLATES = {"peer-worker-study": "peer_worker_study.yaml"}


@dataclass(frozen=True)
class Template:
    """A parsed template file."""

    name: str
    title: str
    description: str
    content: dict[str, Any]


def load_template(name: str) -> Template:
    """The built-in template called ``name``; NotFoundError lists the known ones."""
    try:
        filename = TEMPLATES[name]
    except KeyError:
        known = ", ".join(sorted(TEMPLATES))
        raise NotFoundError(f"No study template called {name!r} (templates: {known}).") from None
    text = resources.files("qualframe.templates").joinpath(filename).read_text("utf-8")
    content = yaml.safe_load(text)
    return Template(name, content["title"], content.get("description", ""), content)


def template_title(name: str) -> str:
    """The study title a template proposes as the project name."""
    return load_template(name).title


def apply_template(uow: UnitOfWork, name: str) -> None:
    """Apply the built-in study template ``name`` (e.g. ``"peer-worker-study"``) to
    this project: its attributes and their levels, placeholder cases, the codes
    of its framework, its methodological memo and its change model. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown template."""
    template = load_template(name)
    _apply_attributes(uow, template.content.get("attributes", []))
    _apply_cases(uow, template.content.get("cases", {}))
    _apply_codes(uow, template.content.get("codes", []), parent=None)
    memo = template.content.get("memo")
    if memo:
        _apply_memo(uow, memo)
    model = template.content.get("change_model")
    if model:
        _apply_change_model(uow, model)


def _apply_attributes(uow: UnitOfWork, items: list[dict[str, Any]]) -> None:
    from qualframe.services.study import attributes as study

    for item in items:
        study.define_attribute(
            uow,
            item["name"],
            item["level"],
            item["type"],
            item.get("levels", ()),
            item.get("description", ""),
        )


def _apply_cases(uow: UnitOfWork, spec: dict[str, Any]) -> None:
    from qualframe.services.study import cases as study_cases

    for number in range(1, int(spec.get("count", 0)) + 1):
        study_cases.add_case(uow, spec["name"].format(n=number), spec.get("description", ""))


def _apply_codes(uow: UnitOfWork, items: list[dict[str, Any]], parent: int | None) -> None:
    from qualframe.services.codebook import editing

    for item in items:
        code = editing.create_code(
            uow,
            item["name"],
            parent=parent,
            definition=item.get("definition", "").strip(),
            inclusion=item.get("inclusion", "").strip(),
            exclusion=item.get("exclusion", "").strip(),
            origin=item.get("origin", "deductive"),
        )
        _apply_codes(uow, item.get("children", []), parent=code.id)


def _apply_memo(uow: UnitOfWork, memo: dict[str, Any]) -> None:
    from qualframe.services.memos import memos

    memos.create_memo(uow, memo["title"], kind=memo["kind"], body=memo["body"])


def _apply_change_model(uow: UnitOfWork, spec: dict[str, Any]) -> None:
    """Create the template's change model: its nodes (bound to the codes the
    template created), links from each source to its targets, indicators."""
    from qualframe.services.change_model import indicators, links, models, nodes

    model = models.create_model(uow, spec["name"], description=spec.get("description", ""))
    for node in spec.get("nodes", []):
        nodes.add_node(
            uow,
            node["label"],
            node["kind"],
            description=node.get("description", "").strip(),
            candidate=bool(node.get("candidate", False)),
            codes=node.get("codes", ()),
            model=model.id,
        )
    rationale = spec.get("link_rationale", "")
    for link in spec.get("links", []):
        for target in link["targets"]:
            links.add_link(
                uow, link["source"], target, rationale=rationale, candidate=True, model=model.id
            )
    for item in spec.get("indicators", []):
        indicators.add_indicator(
            uow,
            item["node"],
            item["name"],
            measure=item.get("measure"),
            timing=item.get("timing", ""),
            data_source=item.get("data_source", ""),
            notes=item.get("notes", ""),
            model=model.id,
        )
