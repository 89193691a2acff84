"""Word lists the evidence rules read: general English news usage, no article's names.

Kept apart from the rules so a missing word is a one-line change and the rules stay readable.
"""

from __future__ import annotations

import re

_Trie = dict[str, "_Trie"]


def trie_pattern(phrases: tuple[str, ...]) -> str:
    """A regex matching any of `phrases`, longest first, as a trie of shared prefixes."""
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: _Trie) -> str:
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def forms(*rows: str) -> frozenset[str]:
    return frozenset(word for row in rows for word in row.split())


# Abbreviations that are never the end of a sentence: a title or a label is always followed by more.
TITLE_ABBREVIATIONS = forms(
    "mr mrs ms dr sen rep gov gen lt col sgt capt cmdr adm maj cpl pvt supt insp det prof rev fr sr jr st mt",
    "ft pres amb hon messrs mme no nos vol pp pg fig ch art sec vs v approx est ca",
)
# Abbreviations that may end a sentence: they end one only before a word that usually starts one.
ENDING_ABBREVIATIONS = forms(
    "inc corp co ltd llc plc bros dept govt assn univ ave blvd rd etc al",
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun",
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nev",
    "okla ore pa tenn tex va vt wash wis wyo",
    "a.m p.m",
)
# Words that usually open a sentence: after "U.S." or "Inc." they mean the sentence did end there.
SENTENCE_OPENERS = forms(
    "the a an he she it they we i you his her its their our my this that these those there here",
    "but and or so yet then still also however meanwhile in on at for from by with after before when while",
    "if as although though because since during despite instead now today yesterday last next",
    "some many most all both each several no not one two three what who how why where",
)

# Capitalized words that are not names even when capitalized (sentence starts, days, pronouns).
NOT_NAMES = SENTENCE_OPENERS | forms(
    "said says asked told according to of",
    "monday tuesday wednesday thursday friday saturday sunday",
    "january february march april june july august september october november december",
    "democrats republicans democrat republican americans",
    "sources officials aides critics analysts experts",
)

# Titles heading a name: dropped from the speaker, kept in its role.
TITLES = forms(
    "mr mrs ms miss dr sen senator rep representative gov governor president vice secretary",
    "gen general lt col colonel sgt capt captain adm admiral maj major cmdr commander",
    "judge justice mayor chairman chairwoman chair speaker leader minister ambassador chancellor",
    "prof professor rev reverend father sister bishop cardinal pope king queen prince princess sheikh",
    "attorney deputy assistant acting former late then chief press spokesman spokeswoman spokesperson",
    "candidate nominee congressman congresswoman councilman councilwoman commissioner sheriff",
    "state prime first lady director agent analyst host anchor commentator moderator founder",
)

# Reporting verbs by lemma; every form is listed so no inflection rule can misfire.
_CUE_ROWS = (
    "say says said saying",
    "tell tells told telling",
    "add adds added adding",
    "explain explains explained explaining",
    "write writes wrote writing",
    "tweet tweets tweeted tweeting",
    "argue argues argued arguing",
    "ask asks asked asking",
    "state states stated stating",
    "note notes noted noting",
    "declare declares declared declaring",
    "continue continues continued continuing",
    "insist insists insisted insisting",
    "claim claims claimed claiming",
    "recall recalls recalled recalling",
    "warn warns warned warning",
    "reply replies replied replying",
    "respond responds responded responding",
    "answer answers answered answering",
    "remark remarks remarked remarking",
    "observe observes observed observing",
    "announce announces announced announcing",
    "acknowledge acknowledges acknowledged acknowledging",
    "admit admits admitted admitting",
    "concede concedes conceded conceding",
    "counter counters countered countering",
    "joke jokes joked joking",
    "quip quips quipped quipping",
    "shout shouts shouted shouting",
    "yell yells yelled yelling",
    "exclaim exclaims exclaimed exclaiming",
    "urge urges urged urging",
    "conclude concludes concluded concluding",
    "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising",
    "stress stresses stressed stressing",
    "charge charges charged charging",
    "complain complains complained complaining",
    "boast boasts boasted boasting",
    "promise promises promised promising",
    "predict predicts predicted predicting",
    "post posts posted posting",
    "testify testifies testified testifying",
    "retort retorts retorted retorting",
    "recount recounts recounted recounting",
    "mutter mutters muttered muttering",
    "whisper whispers whispered whispering",
    "lament laments lamented lamenting",
    "tout touts touted touting",
    "vow vows vowed vowing",
    "pledge pledges pledged pledging",
    "contend contends contended contending",
    "assert asserts asserted asserting",
    "maintain maintains maintained maintaining",
    "reiterate reiterates reiterated reiterating",
    "interject interjects interjected interjecting",
    "muse muses mused musing",
    "read reads",
    "begin begins began beginning",
    "quote quotes quoted",
    "report reports reported",
    "chime chimes chimed",
    "scoff scoffs scoffed scoffing",
    "snap snaps snapped snapping",
    "blast blasts blasted blasting",
    "echo echoes echoed echoing",
    "declare declares declared",
)
CUE_VERBS = forms(*_CUE_ROWS)
# A participle attaches to the clause's subject: `X attacked Y, saying "..."` is X's.
CUE_PARTICIPLES = frozenset(word for word in CUE_VERBS if word.endswith("ing"))
# Phrasal continuations kept in the cue as written ("went on", "pointed out", "put it").
CUE_PHRASES = (("went", "on"), ("goes", "on"), ("pointed", "out"), ("points", "out"), ("put", "it"))

# Verbs before a quote that names a thing rather than reports speech: a show "titled "Dangerous"".
NAMING_VERBS = forms("titled entitled headlined dubbed named nicknamed labeled labelled billed branded")
PASSIVE_AUXILIARIES = forms("was were been be being is are")

# Words allowed between a subject and its verb: "X also said", "X has since said".
SUBJECT_VERB_FILLERS = forms(
    "also has have had would will then later once again further simply flatly just had previously",
    "recently repeatedly since quickly finally even still often frequently never only first has",
    "long already always publicly privately earlier later once twice now",
    "was were is did does do had been later",
)
PERSONAL_PRONOUNS = forms("he she")
OTHER_PRONOUNS = forms("they we it i you")
RELATIVE_PRONOUNS = forms("who which that whom whose")
PREPOSITIONS = forms(
    "of by for at from with to in on about than against like into onto over under after before during",
    "among between near via per toward towards across through without within upon",
)
# Words that open an introductory phrase before a sentence's subject ("On Sunday, X said").
INTRO_WORDS = PREPOSITIONS | forms(
    "later earlier still yet but and so meanwhile however asked speaking then now when while as if",
    "although though because since instead today yesterday last this",
)
# Lowercase words that end a name phrase read after a cue: "said Smith in a statement".
DETERMINERS = forms(
    "a an the one two three four five several some many other another most few both these those this",
    "his her their its our your my whose any each every",
)

QUALIFIERS = (
    "approximately",
    "about",
    "around",
    "roughly",
    "over",
    "more than",
    "up to",
    "nearly",
    "almost",
    "at least",
    "at most",
    "some",
    "an estimated",
    "estimated",
    "fewer than",
    "less than",
    "close to",
    "as many as",
    "as much as",
    "as few as",
    "upwards of",
    "in excess of",
    "just over",
    "just under",
    "under",
    "below",
    "above",
    "around",
    "about",
    "almost",
)

HEDGES = (
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "likely",
    "unlikely",
    "probably",
    "perhaps",
    "reportedly",
    "allegedly",
    "alleged",
    "apparently",
    "appears to",
    "appeared to",
    "appear to",
    "seems",
    "seemed",
    "seem to",
    "suggest",
    "suggests",
    "suggested",
    "suggesting",
    "estimate",
    "estimates",
    "estimated",
    "expected to",
    "unclear",
    "uncertain",
    "not confirmed",
    "unconfirmed",
    "not been confirmed",
    "not be confirmed",
    "unverified",
    "not verified",
    "could not be verified",
    "doubt",
    "doubts",
    "believed to",
    "thought to",
    "rumored",
    "rumoured",
    "speculation",
    "speculated",
    "it is understood",
    "is said to",
    "are said to",
)
