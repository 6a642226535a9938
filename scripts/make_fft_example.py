"""Build the packaged NHS FFT example from the shared dataset (run once; output committed).

``python scripts/make_fft_example.py`` reads
``../shared/datasets/nhs-fft-patient-experience`` (MIT licence, see its
PROVENANCE.md) and writes ``src/qualframe/examples/nhs_fft/``:

- ``comments.csv``: a stratified sample of substantive comments (fixed seed):
  comment id, trust, service type, rating, question, answer, labels (``;``);
- ``codebook.yaml``: the v6 framework labels grouped under the framework's
  categories, with the definitions of ``framework3.qmd`` where the names match;
- the two licence files, verbatim.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "datasets" / "nhs-fft-patient-experience"
OUT = ROOT / "src" / "qualframe" / "examples" / "nhs_fft"
SEED = 20231010
PER_GROUP = 24  # comments per (trust, service type)
MIN_GROUP = 10  # smaller service types are left out
SKIP_LABELS = {"Not assigned", "Labelling not possible"}
RATINGS = {1: "very good", 2: "good", 3: "neither good nor poor", 4: "poor", 5: "very poor"}

#: The framework's categories (framework3.qmd, "##" headings) and the v6 labels under each.
CATEGORIES: dict[str, list[str]] = {
    "General": [
        "Positive experience & gratitude",
        "Negative experience & dissatisfaction",
        "Organisation & efficiency",
        "Funding & use of financial resources",
        "Feeling safe",
        "Learning organisation",
        "Impact of treatment/ care",
    ],
    "Staff": [
        "Staff manner & personal attributes",
        "Number & deployment of staff",
        "Staff responsiveness",
        "Staff continuity",
        "Competence & training",
    ],
    "Access to medical care & support": [
        "Contacting services",
        "Appointment arrangements",
        "Appointment method",
        "Timeliness of care",
        "Out of hours support (community services)",
        "Existence of services",
        "Choice of services",
        "Psychological therapy arrangements",
    ],
    "Communication & involvement": [
        "Unspecified communication",
        "Staff listening, understanding & involving patients",
        "Information directly from staff during care",
        "Information provision & guidance",
        "Being kept informed, clarity & consistency of information",
        "Interaction with family/ carers",
    ],
    "Patient journey & service coordination": [
        "Referals & continuity of care",
        "Diagnosis & triage",
        "Admission",
        "Discharge",
        "Care plans",
        "Patient records",
    ],
    "Medication & pain": ["Supplying & understanding medication", "Pain management"],
    "Environment, equipment & catering": [
        "Cleanliness, tidiness & infection control",
        "Sensory experience",
        "Environment & Facilities",
        "Provision of medical equipment",
        "Food & drink provision & facilities",
    ],
    "Service location, travel & transport": [
        "Service location",
        "Transport to/ from services",
        "Parking",
    ],
    "Activities": ["Activities & access to fresh air", "Electronic entertainment"],
    "Mental health specifics": ["Mental Health Act"],
    "Equality, safety & dignity": [
        "Equality, Diversity & Inclusion",
        "Safeguarding concerns?",
        "Patient appearance & grooming",
    ],
}


def clean(value: object) -> str:
    """Text with runs of white space (and non-breaking spaces) folded to one space."""
    return re.sub(r"\s+", " ", str(value)).strip()


def definitions(qmd: Path) -> dict[str, str]:
    """The first paragraph under each "### Sub-category" heading of the framework."""
    found: dict[str, str] = {}
    sections = re.split(r"^### ", qmd.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    for section in sections:
        title, _, body = section.partition("\n")
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        text = next((p for p in paragraphs if not p.startswith((":::", "Examples"))), "")
        found[clean(title)] = clean(text)
    return found


def sample(frame: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """Substantive, labelled, distinct comments: ``PER_GROUP`` per (trust, service type)."""
    answer = frame["FFT answer"].fillna("").map(clean)
    usable = [label for label in labels if label not in SKIP_LABELS]
    labelled = frame[usable].fillna(0).astype(int).sum(axis=1) > 0
    keep = frame[labelled & answer.str.len().between(60, 900)].assign(answer=answer)
    keep = keep.drop_duplicates("answer")
    keep = keep[keep["Service type 1"].fillna("Unknown").map(clean) != "Unknown"]
    shuffled = keep.sample(frac=1, random_state=SEED)
    chosen = shuffled.groupby(["Trust", "Service type 1"]).head(PER_GROUP)
    sizes = chosen.groupby(["Trust", "Service type 1"])["answer"].transform("size")
    return chosen[sizes >= MIN_GROUP]  # a group of one or two compares nothing


def comments_table(chosen: pd.DataFrame, labels: list[str]) -> pd.DataFrame:
    """The packaged columns, one row per comment, ordered by trust, service and id."""
    usable = [label for label in labels if label not in SKIP_LABELS]
    rows = pd.DataFrame(
        {
            "comment": chosen["Comment ID"].map(clean),
            "trust": chosen["Trust"].map(clean),
            "service type": chosen["Service type 1"].map(clean),
            "rating": chosen["FFT categorical answer"].map(RATINGS).fillna(""),
            "question": chosen["FFT question"].map(clean),
            "answer": chosen["answer"],
            "labels": chosen[usable]
            .fillna(0)
            .astype(int)
            .apply(lambda row: "; ".join(clean(n) for n in usable if row[n] == 1), axis=1),
        }
    )
    return rows.sort_values(["trust", "service type", "comment"]).reset_index(drop=True)


def codebook(labels: list[str], meaning: dict[str, str]) -> dict[str, object]:
    """The YAML codebook: categories as themes, v6 labels as their codes."""
    placed = {label for items in CATEGORIES.values() for label in items}
    missing = [label for label in labels if label not in placed and label not in SKIP_LABELS]
    if missing:
        raise SystemExit(f"labels without a category: {missing}")
    codes = []
    for category, items in CATEGORIES.items():
        children = []
        for label in items:
            child: dict[str, str] = {"name": clean(label)}
            if meaning.get(clean(label)):
                child["definition"] = meaning[clean(label)]
            children.append(child)
        codes.append({"name": category, "origin": "deductive", "children": children})
    return {"codes": codes}


def main() -> int:
    """Write the example's files into the package."""
    frame = pd.read_csv(SOURCE / "v6framework_230831.csv")
    labels = list(frame.columns[frame.columns.get_loc("Not assigned") :])
    chosen = comments_table(sample(frame, labels), labels)
    OUT.mkdir(parents=True, exist_ok=True)
    chosen.to_csv(OUT / "comments.csv", index=False)
    meaning = definitions(SOURCE / "codebook" / "framework3.qmd")
    text = yaml.safe_dump(codebook(labels, meaning), sort_keys=False, allow_unicode=True, width=100)
    (OUT / "codebook.yaml").write_text(text, encoding="utf-8")
    shutil.copyfile(SOURCE / "LICENSE_pxtextmining.txt", OUT / "LICENSE-pxtextmining.txt")
    shutil.copyfile(
        SOURCE / "codebook" / "LICENCE_PatientExperience-QDC.txt",
        OUT / "LICENSE-PatientExperience-QDC.txt",
    )
    print(f"{len(chosen)} comments, {chosen['trust'].value_counts().to_dict()} -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
