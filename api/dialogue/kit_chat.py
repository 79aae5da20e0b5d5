"""Hiring kits in the conversation: a request for one ("draft a job post for a senior ML engineer
in Boston"), a change to the last one ("make it mid-level", "for Germany instead", "now the
scorecard"), and the offer of a job post under a salary answer.

The patterns here are plain English about kinds of documents; the roles, levels and places come
from the message as `api.reading` read it, or from the conversation. A question that only
mentions a job post ("what should a job ad include?") is not a request for one: a request opens
with asking for a document to be made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from api.answer.compose import (
    NOT_COVERED,
    OUT_OF_SCOPE,
    Answer,
    AnswerKind,
    Composer,
    Frame,
    Refusal,
)
from api.answer.kit import Kits
from api.answer.kit_ask import JOB_POST, SCORECARD, KitAsk, KitError, in_country
from api.answer.kit_document import KitDocument
from api.answer.wording import join_words
from api.dialogue.kit_edits import MADE, EditAction, SectionEdit, drafted_named, found_in, read_edit
from api.knowledge.kits import KitSpec
from api.knowledge.model import Snippet
from api.knowledge.naming import article, place_phrase
from api.search.retrieval import Hit
from api.text.words import plain_words, sentences
from api.understand.fairness import traits_named
from api.understand.reading import Reading

# The topic of a conversation whose last answer was a kit.
KIT_TOPIC = "kit"
_NOUNS = {
    JOB_POST: r"job[\s-]*(?:post(?:ing)?|ad(?:vert(?:isement)?)?|description|listing|spec"
              r"(?:ification)?|opening|announcement)s?|jds?|vacanc(?:y|ies)(?:\s+(?:text|notice|"
              r"ad))?|(?:job\s+)?postings?|announcements?\s+(?:of|for)\s+(?:an?\s+|the\s+)?job",
    SCORECARD: r"score[\s-]*cards?|(?:(?:screening|interview|hiring|cv|resume|candidate|"
               r"evaluation|assessment)\s+)(?:rubrics?|checklists?|criteria|sheets?|matrix|"
               r"matrices|forms?|guides?)|rubrics?|"
               r"checklists?(?=.*\b(?:screen\w*|cvs?|resumes?|candidates?|applicants?)\b)",
}
# A job to be advertised ("advertise a lead AI engineer position", "an opening posted on our
# careers site"): with a verb of making ("draft it"), a request for a job post.
_ADVERTISED = re.compile(
    r"\badvertis\w*\b|\badverts?\b|\bcareers?\s+(?:site|page)\b|"
    r"\b(?:post|posted|posting|publish\w*|list|listed)\s+(?:\w+\s+){0,3}?(?:opening|position|"
    r"role|job|vacancy)\b|\b(?:opening|position|role|job|vacancy)\s+(?:\w+\s+){0,2}?"
    r"(?:posted|published|listed)\b", re.I)
_MAKE_IT = re.compile(r"\b(?:(?:draft|write|create|prepare|compose|put\s+together|whip\s+up)\s+"
                      r"(?:it|that|one|something|the\s+(?:text|copy|wording))|(?:put|throw)\s+"
                      r"(?:it|that|one|something)\s+together)\b", re.I)
# A bare kit noun and the role, level and place it is for ("job posting, mid level, NYC",
# "JD for a staff ML engineer"): a request, when nothing in it asks a question ("job
# description for an AI developer" said bare is what the job is: its responsibilities).
_ASKS_SOMETHING = re.compile(r"\b(?:what|how|why|which|who|whether|should|include|contain|"
                             r"look\s+like|tips?|advice|example)\b", re.I)
_DESCRIBED = re.compile(r"job[\s-]*descriptions?", re.I)
# A message that asks about a kit rather than for one ("what should a job post say? can you
# draft it?" is both: a request).
_ASKS_ABOUT = re.compile(r"\b(?:what|how|why|whether)\b[^.?!]*\b(?:it|that|one)\b[^.?!]*"
                         r"\b(?:say|include|contain|mean|look)\b", re.I)
MAX_BARE_WORDS = 12
_OPENING = (r"(?:(?:hi|hey|hello|ok(?:ay)?|so|now|then|also|and|great|thanks|cool|right|"
            r"please|pls|kindly|just|quickly)\b[\s,!.]*)*")
# A kit's name and what it is for, asked bare ("ok, a job post for a senior in Boston please").
_BARE = re.compile(rf"^\s*{_OPENING}(?:an?\s+|the\s+)?(?P<noun>[\w\s-]{{2,30}}?)\b"
                   rf"(?:\s*[,:-]|\s+for\b)", re.I)
# How a kit is asked for ("could you please", "I'd like you to") and the verbs of making one
# ("draft", "put together") are the cues kit_asking and kit_making of knowledge/phrasings.yml.
# Words between the verb and the document that turn a request into a question about one.
_ASIDE = (r"(?:\s+(?!(?:how|what|why|which|whether|if|to|about|tips?|advice|help|questions?|"
          r"guidance|examples?|mistakes?)\b)[\w/.,'+&()-]+){0,7}?")
# What changes a kit just drafted ("make it mid-level", "for Germany instead"), asks to put
# something in ("add age to the scorecard") or names part of it are the cues kit_change, kit_put
# and kit_section of knowledge/phrasings.yml.
_WH = r"what(?!\s+about)|which|why|when|where|who|how(?!\s+about)"
_QUESTION_START = re.compile(rf"^\s*(?:is|are|do|does|did|can|could|should|would|will|{_WH})\b",
                             re.I)
# A question of its own, not an edit: "what's the drop from senior to junior pay?"
_ASKS_WHAT = re.compile(rf"^\s*(?:{_WH})\b", re.I)
# A kit drafted before, named short: "same post but for France", "switch the ad to a junior".
_THE_KIT = re.compile(r"\b(?:the|this|that|same|our)\s+(?:post|posting|ad|advert|listing|"
                      r"card|kit|draft|document|doc)\b", re.I)
MAX_EDIT_WORDS = 14  # ("back to the ad - change it to the UK and make it senior")
MAX_RESTORE_WORDS = 6  # "actually, put it back": the section left out last
MAX_SECTION_EDIT_WORDS = 24
MAX_SWITCH_WORDS = 12


class KitChat:
    """Answers requests for hiring kits in a conversation, on one loaded knowledge base."""

    def __init__(self, composer: Composer, kits: Kits) -> None:
        self.composer, self.kits = composer, kits
        self.domain, self.cues = kits.domain, kits.domain.cues
        names = {spec.kind: [re.escape(spec.name.lower())] for spec in kits.specs}
        self._nouns = {kind: re.compile(rf"\b(?:{'|'.join([pattern, *names.get(kind, [])])})"
                                        r"\b", re.I)
                       for kind, pattern in _NOUNS.items()}
        # A request opens the message or a clause of it ("I'm hiring in Italy, could you draft
        # the listing?"); after a verb of making, a bare "listing" or "ad" is a job post too.
        asking = rf"(?:{self.cues.pattern('kit_asking')}\s+)*"
        making = self.cues.pattern("kit_making")
        self._request = {
            kind: re.compile(rf"(?:^|[,;:.!?]\s+|\s-+\s)\s*{_OPENING}{asking}{making}\b{_ASIDE}"
                             rf"\s+(?:an?\s+|the\s+|our\s+|my\s+)?"
                             rf"(?:{'|'.join(filter(None, [noun.pattern, MADE.get(kind)]))})\b",
                             re.I)
            for kind, noun in self._nouns.items()}
        # "..., a rubric would help", "job posting for a senior ML engineer, please".
        self._wish = {
            kind: re.compile(rf"\b(?:an?\s+|the\s+)?(?:{noun.pattern})\s+(?:would|could|might)"
                             r"\s+(?:help|be\s+(?:great|nice|useful|handy|helpful|good))|"
                             rf"^\s*(?:an?\s+|the\s+)?(?:{noun.pattern})\b.*\b(?:please|pls|plz)"
                             r"\b", re.I)
            for kind, noun in self._nouns.items()}
        self._asks = {spec.kind: spec.ask.lower() for spec in kits.specs}
        # Any word that can name a kit: most messages have none, and then no pattern above runs.
        self._any = re.compile("|".join(
            [n.pattern for n in self._nouns.values()] + [rf"\b(?:{m})\b" for m in MADE.values()]),
            re.I)

    # --- reading ------------------------------------------------------------------------------

    def kind_asked(self, text: str) -> str:
        """The kit a message asks to be drafted ('job_post', 'scorecard'), or ''."""
        if not self._may_name_kit(text):
            return ""
        lowered = " ".join(text.lower().split())
        for kind in self._request:
            if lowered.startswith(self._asks.get(kind, "\0")) or self._request[kind].search(text) \
                    or self._wish[kind].search(text) or self._bare(kind, text):
                return kind
        if _MAKE_IT.search(text) and _ADVERTISED.search(text):
            return JOB_POST
        if _MAKE_IT.search(text) and not _ASKS_ABOUT.search(text):
            # "The client wants a job post for a mid-level engineer. Can you draft it?"
            return self.kind_named(text)
        return ""

    def _bare(self, kind: str, text: str) -> bool:
        """Whether a message is a kit's name and what it is for, and nothing that asks."""
        bare = _BARE.match(text)
        noun = bare.group("noun").strip() if bare is not None else ""
        return bool(self._nouns[kind].fullmatch(noun)) and not _DESCRIBED.fullmatch(noun) \
            and len(text.split()) <= MAX_BARE_WORDS and not _ASKS_SOMETHING.search(text)

    def _may_name_kit(self, text: str) -> bool:
        """Whether a message has a word that can name a kit, or opens as a kit is asked for."""
        lowered = " ".join(text.lower().split())
        return bool(self._any.search(text)) or any(lowered.startswith(a)
                                                   for a in self._asks.values()) \
            or bool(_MAKE_IT.search(text) and _ADVERTISED.search(text))

    def kind_named(self, text: str) -> str:
        """The kit a message names anywhere, or ''."""
        return next((kind for kind, noun in self._nouns.items() if noun.search(text)), "")

    def _in_kit(self, frame: Frame | None) -> KitAsk | None:
        return KitAsk.from_dict(frame.kit) if frame is not None and frame.kit else None

    # --- answering ----------------------------------------------------------------------------

    def reply(self, reading: Reading, frame: Frame | None, kept: dict[str, Any] | None = None,
              kits: dict[str, dict[str, Any]] | None = None) -> Answer | None:
        """The answer when the message asks for a kit or changes the last one; else None.
        `kept`: the last kit drafted, when the last answer was not a kit: its sections can still
        be edited ("put the how-we-work bit back"), the other kit asked for it ("now the
        matching scorecard"); `kits`: the last of each kind ("back to the job post: ...")."""
        text, kits = reading.text, kits or {}
        named = self.kind_named(text) or drafted_named(text, kits)
        earlier = KitAsk.from_dict(kept) if (last := self._in_kit(frame)) is None and kept else None
        if named in kits and (current := last or earlier) is not None and named != current.kind:
            last, earlier = KitAsk.from_dict(kits[named]), None
        back = bool(_THE_KIT.search(text))  # ("ok, back to the listing: the salary back in")
        if earlier is not None and (back or self.cues.search("kit_section", text)):
            # A section named as one ("put the how-we-work bit back"), after a question.
            spec = self.kits.profile.kit(earlier.kind)
            if spec is not None and read_edit(text, spec, self.cues,
                                              pay=back and reading.pay) is not None \
                    and reading.words <= MAX_SECTION_EDIT_WORDS:
                return self._edit(reading, earlier)
        if earlier is not None and self._changes_kept(reading, frame):
            last = earlier  # "make it mid-level" with a question in between
        if last is None and not self._may_name_kit(text):
            return None  # names no kit and follows none: the usual question
        named = (kind := self.kind_asked(text)) or named
        if traits_named(text, self.cues) and (named or last is not None) and (
                named or self.cues.search("kit_put", text)
                or (last is not None and last.kind == SCORECARD and reading.followup)):
            # "Add age to the scorecard": choosing people by who they are, like any filter.
            return self.composer.decline(frame)
        if not kind and named and frame is not None and reading.followup \
                and reading.words <= MAX_SWITCH_WORDS and not _QUESTION_START.search(text):
            kind = named  # "now the scorecard", "and a job post?"
        if not kind and last is not None and self._changes(reading):
            kind = last.kind
        if not kind and last is not None:
            edited = self._edit(reading, last)
            if edited is not None:
                return edited
        if not kind or self.kits.profile.kit(kind) is None:
            return None  # a knowledge base without this kit answers as it always has
        if reading.other_roles or (reading.analysis.loose_titles and not reading.roles):
            other = _as_written(text, (reading.other_roles or reading.analysis.loose_titles)[0])
            return self._refused(OUT_OF_SCOPE, self._nothing_on(kind, other), f"no kit: {other}")
        try:
            # "Now the matching scorecard": the last kit's role and level, after a question.
            ask = self._ask(kind, reading, frame, last or earlier)
            document = self.kits.build(ask)
        except KitError as exc:
            return self._refused(NOT_COVERED, str(exc), f"no kit: {exc}")
        return self.answer(document, reading.text)

    def _edit(self, reading: Reading, last: KitAsk) -> Answer | None:
        """A change to the sections of the kit just drafted ("drop the 'How we work' bit"), or
        whether it has something ("is maths in there?"): the kit again, after a line that says
        what was done, with a level or place changed too when one is named."""
        spec = self.kits.profile.kit(last.kind)
        edit = read_edit(reading.text, spec, self.cues, pay=reading.pay) if spec is not None \
            and reading.words <= MAX_SECTION_EDIT_WORDS and not reading.source_question else None
        if edit is None and last.omit and reading.words <= MAX_RESTORE_WORDS \
                and self.cues.search("kit_restore", reading.text):
            edit = SectionEdit(EditAction.RESTORE, last.omit[-1:])  # "actually, put it back"
        if spec is None or edit is None or (edit.action is not EditAction.CHECK
                                            and _ASKS_WHAT.search(reading.text)):
            return None  # (not "what's the drop from senior to junior pay?")
        headings, ask = {s.id: s.heading for s in spec.sections}, last
        if edit.action is EditAction.CHECK:
            found = found_in(self.kits.build(last), edit.words)
            lead = (f"That is in it already, under **{found[0][0]}**: \u201c{found[0][1]}\u201d"
                    if found else
                    f"Nothing the {spec.name.lower()} quotes says \u201c{' '.join(edit.words)}"
                    "\u201d: every line comes from the knowledge, so add it yourself if you "
                    "need it.")
        elif not edit.sections:
            lead = (f"Which section? The {spec.name.lower()} has: "
                    f"{join_words(list(headings.values()))}.")
        else:
            named = join_words([f"**{headings[i]}**" for i in edit.sections])
            if edit.action is EditAction.OMIT:
                ask = replace(last, omit=tuple(dict.fromkeys((*last.omit, *edit.sections))))
                lead = f"Without {named}, as asked."
            else:
                ask = replace(last, omit=tuple(i for i in last.omit if i not in edit.sections))
                lead = f"{named} is back in." if ask != last else f"{named} is in it already."
        try:  # ("put the pay back in, and make it mid-level": both; its pay names a section)
            ask = self._ask(last.kind, reading, None, ask) if self._changes(
                replace(reading, pay=False)) else ask
            document = self.kits.build(ask)
        except KitError as exc:
            return self._refused(NOT_COVERED, str(exc), f"no kit: {exc}")
        return self.answer(document, reading.text, lead=lead)

    def _changes(self, reading: Reading) -> bool:
        """Whether a message after a kit changes its role, level or place ("make it mid-level",
        "for Germany instead"), rather than asking something of its own."""
        names = bool(reading.roles or reading.levels or reading.titles or reading.locations
                     or reading.regions or reading.places)
        # "the same thing for a junior": a change, not a comparison
        edit = bool(self.cues.search("kit_change", reading.text))
        asks_own = (reading.pay or reading.source_question or reading.explain
                    or (reading.op and not edit) or reading.amounts or reading.period
                    or reading.convert)
        # (its words are the sentence that says the change: "Could you make it a senior position
        # instead? The manager has changed her mind.")
        said = next((t for t in sentences(reading.text) if self.cues.search("kit_change", t)),
                    reading.text)
        return names and not asks_own and len(plain_words(said)) <= MAX_EDIT_WORDS and (
            reading.followup or edit)

    def _changes_kept(self, reading: Reading, frame: Frame | None) -> bool:
        """Whether a message changes the kit drafted before a question in between ("same post
        but for France"): it says a change and names what changes, and the kit or the last
        answer showed no figures (after figures, "make it mid-level" changes the figures)."""
        text = reading.text
        named = self.kind_named(text) or _THE_KIT.search(text)  # ("the post", "this ad")
        setting = self.cues.search("kit_setting", text)  # ("set the location to ...")
        return bool(named or setting or frame is None or not frame.salary) \
            and bool(self.cues.search("kit_change", text)) and self._changes(reading) \
            and not _QUESTION_START.search(text)

    def _ask(self, kind: str, reading: Reading, frame: Frame | None,
             last: KitAsk | None) -> KitAsk:
        """The kit asked for: what the message names, the rest from the conversation.

        Raises:
            KitError: a level the role's ladder lacks.
        """
        domain = self.domain
        if reading.roles:
            role = reading.roles[0]
        elif last is not None:
            role = last.role
        elif frame is not None and frame.role:
            role = frame.role
        else:
            role = domain.primary_role.id
        drafted = self.kits.roles_with(kind)
        if not reading.roles and role not in drafted and domain.primary_role.id in drafted:
            # "A job post for the senior role" after the software engineer median was compared:
            # the role the conversation is about, which has one.
            role = domain.primary_role.id
        level, asked = "", ""
        if reading.levels:
            level = reading.levels[0]
            if not domain.on_ladder(role, level):
                raise KitError(self._no_level(role, domain.naming.level_name(role, level)))
        elif reading.titles:
            asked = reading.titles[0]
            level = domain.level_for_title(role, asked) or ""
            if not level:
                raise KitError(self._no_level(role, asked))
        elif last is not None and domain.on_ladder(role, last.level):
            level, asked = last.level, last.asked_level
        elif frame is not None and frame.role == role and len(frame.levels) == 1 \
                and domain.on_ladder(role, frame.levels[0]):
            level = frame.levels[0]
        # Sections left out stay out when the same kit changes ("make it senior").
        ask = KitAsk(kind, role, level, asked,
                     omit=last.omit if last is not None and last.kind == kind else ())
        # Any kit keeps the place it is for (a job post's pay is for it; a scorecard names it,
        # and the job post asked next is for the same place).
        if reading.locations or reading.regions:
            return replace(ask, location=(*reading.locations, *reading.regions)[0])
        if reading.places:
            place = reading.places[0]
            return replace(ask, place=place, within=in_country(domain, role, place))
        if last is not None:
            return replace(ask, location=last.location, place=last.place, within=last.within)
        if frame is not None and frame.role == role and len(frame.locations) == 1:
            return replace(ask, location=frame.locations[0])
        focus = [self.domain.records[i] for i in (frame.focus if frame is not None else [])
                 if i in self.domain.records]
        if len(focus) == 1 and focus[0].location and focus[0].role == role:
            return replace(ask, location=focus[0].location)  # "... a senior hire there" (the top)
        return ask

    def _no_level(self, role: str, asked: str) -> str:
        ladder = self.domain.ladder(role)
        levels = join_words([lv.name for lv in ladder.levels]) if ladder else "none"
        return f"I have no level '{asked}' for {self.domain.role_name(role, plural=True)}; " \
               f"their levels are {levels}."

    def _nothing_on(self, kind: str, other: str) -> str:
        spec = self.kits.spec(kind)
        have = [self.domain.role_name(r, plural=True) for r in self.kits.roles_with(kind)]
        name = spec.name.lower()
        text = f"I have no content for {article(name)} {name} for {other}s."
        return f"{text} I can draft one for {join_words(have)}." if have else text

    def _refused(self, reason: Refusal, text: str, detail: str) -> Answer:
        return Answer(text, False, AnswerKind.REFUSED, reason, detail)

    def answer(self, document: KitDocument, question: str, lead: str = "") -> Answer:
        """A drafted kit as a chat answer: the Markdown (after `lead`, a line on what was
        done), the document under `data`, its sources, and follow-ups that change it."""
        ask = document.ask
        # The figures it is for, stated or left out ("what salary figure did you have in
        # there?" after the pay section was taken out).
        records = document.records or self.kits.figure_ids(ask)
        frame = Frame(topic=KIT_TOPIC, subject=document.title, role=ask.role,
                      levels=[ask.level] if ask.level else [],
                      locations=[ask.location] if ask.location else [],
                      records=records, focus=records, question=question, kit=ask.to_dict())
        used = tuple(Hit(s, 1.0, 1.0, 1.0) for s in self.snippets_of(document))
        text = f"{lead}\n\n{document.markdown}" if lead else document.markdown
        return Answer(text, True, AnswerKind.KIT, used=used, data=document.to_dict(),
                      frame=frame, suggestions=tuple(self.follow_ups(ask)), score=1.0)

    def snippets_of(self, document: KitDocument) -> list[Snippet]:
        """The snippets a kit quotes (a salary record's own snippet for a figure)."""
        return [s for s in (self.kits.snippet_of(ref.id) for ref in document.sources) if s]

    # --- follow-ups ---------------------------------------------------------------------------

    def follow_ups(self, ask: KitAsk) -> list[str]:
        """Changes to offer: another level, another place, the other kit."""
        domain = self.domain
        out = []
        ladder = domain.ladder(ask.role)
        levels = domain.levels_of(ask.role) or ([lv.id for lv in ladder.levels] if ladder else [])
        others = [lv for lv in levels if lv != ask.level]
        if others and ladder is not None:
            rank = ladder.rank(ask.level) if ask.level else len(ladder.levels)
            # The next level down, else up (the top one when none was asked).
            nearest = min(others, key=lambda lv: (abs(ladder.rank(lv) - rank), ladder.rank(lv)))
            out.append(f"Make it {domain.naming.level_name(ask.role, nearest)}")
        if ask.kind == JOB_POST:
            place = self._other_place(ask)
            if place:
                out.append(f"For {place_phrase(place)} instead")
        for spec in self.kits.specs:
            if spec.kind != ask.kind and ask.role in self.kits.roles_with(spec.kind):
                out.append(spec.ask)
        return out

    def _other_place(self, ask: KitAsk) -> str:
        """A place with figures for the role, in another region than the one asked if any."""
        rows = [r for r in self.domain.rows(ask.role) if r.location and r.location != ask.where]
        current = next((r.region for r in self.domain.rows(ask.role)
                        if ask.location and ask.location in (r.location, r.region)), "")
        elsewhere = [r for r in rows if r.region != current] or rows
        return elsewhere[0].location if elsewhere else ""

    def offer(self, answer: Answer, text: str = "", asked: list[str] | None = None) -> Answer:
        """`answer` with what it offers to draft: under a salary answer, the job post for what
        it was about (`data.draft`: the button's label and the message it sends); under an
        answer to a question about a kind of document ("what goes in a job description?"), the
        offer to draft one, first among the suggestions."""
        answer = self._offer_named(answer, text, asked or [])
        frame = answer.frame
        spec = self.kits.profile.kit(JOB_POST)
        if answer.kind != AnswerKind.SALARY or not answer.answered or frame is None \
                or spec is None or frame.role not in self.kits.roles_with(JOB_POST):
            return answer
        records = [self.domain.records[i] for i in frame.records if i in self.domain.records]
        data: dict[str, Any] = dict(answer.data) if answer.data else {
            "kind": "salaries",
            "rows": [self.composer.salary_row(r, role=False) for r in records]}
        data["draft"] = {"label": spec.ask, "message": self.request_text(spec, frame)}
        return replace(answer, data=data)

    def _offer_named(self, answer: Answer, text: str, asked: list[str]) -> Answer:
        kind = self.kind_named(text) if text and answer.answered \
            and answer.kind != AnswerKind.KIT else ""
        spec = self.kits.profile.kit(kind) if kind else None
        if spec is None:
            return answer
        roles = self.kits.roles_with(kind)
        role = answer.frame.role if answer.frame is not None and answer.frame.role else (
            roles[0] if roles else "")
        if role not in roles:
            return answer
        frame = answer.frame if answer.frame is not None and answer.frame.role == role \
            else Frame(role=role)
        offer = self.request_text(spec, frame)
        others = answer.suggestions or self.composer.suggestions(answer, [*asked, text])
        return replace(answer, suggestions=(offer, *[s for s in others if s != offer][:2]))

    def request_text(self, spec: KitSpec, frame: Frame) -> str:
        """'Draft a job post for a senior AI engineer in Boston, MA', from what the frame is
        about (a level or place only when it is about one)."""
        naming = self.domain.naming
        level = naming.level_name(frame.role, frame.levels[0]) if len(frame.levels) == 1 else ""
        who = " ".join(p for p in (level, self.domain.role_name(frame.role)) if p)
        where = f" in {place_phrase(frame.locations[0])}" if len(frame.locations) == 1 else ""
        return f"{spec.ask} for {article(who)} {who}{where}"

    def draft(self, kind: str, role: str, level: str | None, location: str | None,
              frame: Frame | None, omit: Sequence[str] = ()) -> KitDocument:
        """A kit asked for through the API, without the sections `omit` names; a level or
        place left out comes from `frame` (the conversation's) when it is about the role.

        Raises:
            KitError: an unknown kind, role, level, place or section, or no content for the
                role.
        """
        ask = self.kits.ask(kind, role, level, location, omit)
        ask = self.with_context(ask, frame, level=bool(level), location=bool(location))
        return self.kits.build(ask)

    def with_context(self, ask: KitAsk, frame: Frame | None, *, level: bool,
                     location: bool) -> KitAsk:
        """A kit asked for through the API, its level and place taken from the conversation
        where the request leaves them out (and the conversation is about the same role)."""
        if frame is None or frame.role != ask.role:
            return ask
        last = self._in_kit(frame)
        if not level:
            if last is not None and last.level:
                ask = replace(ask, level=last.level, asked_level=last.asked_level)
            elif len(frame.levels) == 1 and self.domain.on_ladder(ask.role, frame.levels[0]):
                ask = replace(ask, level=frame.levels[0])
        if not location:
            if last is not None and (last.location or last.place):
                ask = replace(ask, location=last.location, place=last.place, within=last.within)
            elif len(frame.locations) == 1:
                ask = replace(ask, location=frame.locations[0])
        return ask


def _as_written(text: str, phrase: str) -> str:
    """A phrase found in normalised words, as the message spells it ('MLOps engineer')."""
    words = phrase.split()
    pattern = r"\W+".join(re.escape(w) for w in words)
    found = re.search(rf"\b{pattern}", text, re.I) if words else None
    return found.group(0) if found else phrase
