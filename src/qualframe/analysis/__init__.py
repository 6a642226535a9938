"""Analysis for the Framework Method's comparisons: pure functions on data frames.

Nothing here touches a database session, a file system path other than one
it is given, or the network. Services hand these functions the frames they
built (the codings frame, the participants frame, structured answers) and
turn the results into records, reports and pages.

- :mod:`qualframe.analysis.statistics` — comparing structured answers across
  groups (counts, row percentages, Fisher / chi-square, Mann–Whitney /
  Kruskal–Wallis) with plain-language warnings.
- :mod:`qualframe.analysis.cooccurrence` — which codes occur together, in
  overlapping text, in the same speaker turn, or for the same participant.
- :mod:`qualframe.analysis.saturation` — new codes per interview in the order
  of data collection (a saturation curve, novelqualcodes-style novelty table).
- :mod:`qualframe.analysis.agreement` — inter-coder agreement on units
  (percent, Cohen's and Fleiss' κ, Gwet's AC1, Krippendorff's α).
- :mod:`qualframe.analysis.unitizing` — agreement on spans of text
  (Krippendorff's unitizing α: where, which code, both; character figures
  beside the share of text nobody coded).
- :mod:`qualframe.analysis.charts` — matplotlib figures for the above, saved
  as PNG or SVG, without pyplot's global state.
"""
