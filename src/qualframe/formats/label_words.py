"""The words that decide whether a line start reads as a speaker label.

Used by :mod:`qualframe.formats.speaker_turns`: labels that are remarks or
fields ("Note:"), words that make a label prose ("You say:", "It states:"),
reporting verbs, references to parts of a document ("Paragraph 4:"),
transcript roles accepted in lower case, and transcription conventions in
brackets ("[laughs]"). All compared case-folded.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``, as a set."""
    return frozenset(text.split())


#: Labels that introduce a remark, a field or a list, not a speaker.
NON_SPEAKER_LABELS = _words(
    """note notes nb n.b example examples e.g i.e eg ie date time duration location venue place
    subject re source title author authors keywords tags summary abstract warning caution
    tip important see also update edit url link email e-mail tel phone fax http https ftp
    mailto file www ps p.s transcript recording and then so but or however therefore thus
    because below above by to from they it it's this that these those here there yes no well
    now again further furthermore moreover lastly next first firstly second secondly third
    thirdly fourth fourthly fifth fifthly finally meanwhile otherwise instead hence
    background aim aims purpose objective objectives method methods agenda conclusion
    conclusions you he him she her we including question questions answer answers response
    comment comments reply"""
)
#: Words that cannot start a plain ``Name:`` label ("And 9:", "At 12:", "Says Ann:").
FUNCTION_WORDS = _words(
    """and but or so then at on by to from with says said including as if when where which
    while one two three four five six seven eight nine ten"""
)
#: First words that make a label prose: pronouns, discourse words, auxiliaries
#: ("You say:", "It states:", "He said:", "Next point:", "Over the page:", "Can I ask:").
PROSE_OPENERS = FUNCTION_WORDS | _words(
    """i you he she it we they me him us them my your his its our their this that these those
    there here what who whom whose how why next now first firstly second secondly third
    thirdly finally lastly also again further furthermore moreover however therefore thus
    hence well yes no over please see just only even perhaps maybe because below above
    meanwhile otherwise instead can could do does did let should would must shall is are was
    were has have had it's that's there's let's"""
)
#: Determiners that start a label only when every later word is capitalised ("The Witness").
DETERMINERS = _words("the a an")
#: Words that make a short lower-case label read as prose ("The reasons were these:").
PROSE_WORDS = PROSE_OPENERS | _words(
    """the a an be been not following reasons example examples findings conclusion
    conclusions summary note notes point points question questions answer line fact issue
    problem reason thing things part bit"""
)
#: Verbs that report speech or writing: a label holding one is prose ("Professor X says:").
REPORTING_VERBS = _words(
    """say says said saying reply replies replied write writes wrote written state states
    stated ask asks asked add adds added tell tells told go goes went continue continues
    continued explain explains explained note notes noted read reads answer answers answered
    respond responds responded put puts argue argues argued suggest suggests suggested recall
    recalls recalled describe describes described conclude concludes concluded observe
    observes observed comment comments commented mention mentions mentioned report reports
    reported recommend recommends recommended set sets see sees saw show shows showed shown
    agree agrees agreed confirm confirms confirmed think thinks thought believe believes
    believed mean means meant refer refers referred quote quotes quoted cite cites cited
    list lists listed"""
)
#: First words of plain ``Word N:`` labels that cite a document part, not a speaker.
REFERENCE_WORDS = _words(
    """paragraph paragraphs para paras page pages annex appendix box section table figure fig
    chapter item point step action number no line lines recommendation recommendations
    option options proposition tab exhibit footnote clause article part volume vol rule
    regulation schedule example question answer"""
)
#: Speaker roles accepted in lower case as plain labels ("interviewer: ...").
LOWER_CASE_ROLES = _words(
    """interviewer interviewee respondent participant facilitator moderator speaker researcher
    int resp i r q a p"""
)
#: Bracketed first words that are transcription conventions or pseudonymisation
#: placeholders ("[Name of hospital] was..."), not speakers.
STAGE_WORDS = _words(
    """laughs laughter laughing laugh pause pauses paused silence inaudible unclear
    unintelligible crosstalk cross-talk overlapping overlap sighs sigh coughs cough music
    applause interruption interrupted redacted removed noise background break end ends start
    starts begins beginning long short sic indistinct as the a an emphasis translation
    translated original name names place town city hospital school organisation
    organization company employer"""
)
#: Lower-case words allowed inside a plain ``Name:`` label after its first word.
NAME_PARTICLES = _words(
    """of the to for and de du da das dos del della van von der den la le al bin ibn y & in"""
)
