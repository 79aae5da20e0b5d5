"""Hiring kits: a job post and a screening scorecard, drafted only from the knowledge.

Which sections a kit has, and which snippets each takes its lines from, is the profile's
(`kits:` in profile.yml, `api.knowledge.profile.KitSpec`). A kit quotes the knowledge: each line
is a list item or a sentence of a snippet (`api.answer.kit_lines`), or a salary record's own
sentence, and carries that snippet's or record's id. Nothing is reworded; a section the knowledge
has nothing for is left out and named as missing. Figures come from the salary records through
`api.answer.salaries` (the matching record, or the nearest, labelled as such).

This module owns `Kits`: which snippet goes to which section and speaks of which role, and
drafting a kit's sections from them into a document. The request and the reading of its names
are `api.answer.kit_ask`'s; the document and its JSON and Markdown, `api.answer.kit_document`'s;
the checks of the profile's kits, `api.answer.kit_checks`'.

Used by the chat (`api.dialogue.kit_chat`), the HTTP API (`POST /api/kit`) and the CLI
(`hiring-advisor kit`); it knows nothing of any of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase

from api.answer.freshness import Clock, figures_age
from api.answer.kit_ask import (
    SCORECARD,
    KitAsk,
    NoKitContent,
    UnknownKitValue,
    read_level,
    read_location,
    read_role,
)
from api.answer.kit_company import (
    LEVELS,
    company_lines,
    company_source,
    post_pay,
    states_level_years,
    states_years,
)
from api.answer.kit_document import Bullet, KitDocument, Section, SourceRef, render_markdown
from api.answer.kit_lines import Repeats, as_bullet, lead, midsentence, passages, reads_optional
from api.answer.salaries import SalaryQuestion
from api.answer.salaries import answer as salary_answer
from api.answer.wording import age_caution, join_words
from api.knowledge.company import PayBand
from api.knowledge.domain import Domain
from api.knowledge.kits import KitSectionSpec, KitSpec
from api.knowledge.model import Snippet
from api.knowledge.naming import article, ucfirst
from api.knowledge.profile import Profile
from api.knowledge.records import SalaryRecord
from api.understand.fairness import asks_to_filter_people

# --- drafting --------------------------------------------------------------------------------


@dataclass
class _Draft:
    """Lines placed so far, section by section."""

    spec: KitSpec
    bullets: dict[str, list[Bullet]] = field(default_factory=dict)
    moved: list[Bullet] = field(default_factory=list)  # lines that read as optional
    notes: dict[str, str] = field(default_factory=dict)  # a section's note, in place of its own
    recruiter: list[Bullet] = field(default_factory=list)  # notes for the recruiter only
    warnings: list[Bullet] = field(default_factory=list)  # to fix before publishing


class Kits:
    """Drafts the hiring kits of one knowledge base (its profile, snippets and records)."""

    def __init__(self, domain: Domain, snippets: Iterable[Snippet], *, today: Clock) -> None:
        """`today`: the clock that dates kits (how old the figures they quote are)."""
        self.domain = domain
        self._today = today
        self.profile: Profile = domain.profile
        self.naming = domain.naming
        all_snippets = list(snippets)
        self._record_snippets = {s.salary_ids[0]: s for s in all_snippets
                                 if len(s.salary_ids) == 1}
        self.snippets = [s for s in all_snippets if not s.gap and not s.salary_ids]
        self._by_id = {s.id: s for s in self.snippets}
        self._role_names = {r.id: _names_pattern((r.id.replace("-", " "), r.name, r.plural,
                                                  *r.aliases))
                            for r in self.profile.roles}
        self._level_names = {(lad.id, lv.id): _names_pattern((lv.id, lv.name, *lv.aliases))
                             for lad in self.profile.ladders for lv in lad.levels}
        self._placed = {spec.kind: self._place(spec) for spec in self.profile.kits}
        self._roles_with: dict[str, list[str]] = {}

    @property
    def specs(self) -> tuple[KitSpec, ...]:
        return self.profile.kits

    @property
    def labels(self) -> dict[str, str]:
        return self.profile.kit_labels

    def spec(self, kind: str) -> KitSpec:
        spec = self.profile.kit(kind)
        if spec is None:
            kinds = ", ".join(k.kind for k in self.specs)
            raise UnknownKitValue(
                f"no kit '{kind}' in the knowledge's profile"
                + (f"; kits: {kinds}" if kinds else " (no 'kits:' in profile.yml, or the "
                   "index was built before kits existed: rebuild it)"))
        return spec

    # --- which snippet goes where -------------------------------------------------------------

    def _place(self, spec: KitSpec) -> dict[str, list[tuple[Snippet, bool]]]:
        """Each snippet in the section that names it most specifically: by id, then by a
        pattern, then by topic; (snippet, lead only) per section, in knowledge order."""
        placed: dict[str, list[tuple[Snippet, bool]]] = {s.id: [] for s in spec.sections}
        for snippet in self.snippets:
            if any(fnmatchcase(snippet.id, p) for p in spec.leave_out):
                continue
            found = _section_for(snippet, spec.sections)
            if found is not None:
                section, only_lead = found
                placed[section.id].append((snippet, only_lead))
        return placed

    def snippet_of(self, source_id: str) -> Snippet | None:
        """The snippet a kit line quotes: a content snippet, or a salary record's own."""
        return self._by_id.get(source_id) or self._record_snippets.get(source_id)

    def for_role(self, snippet: Snippet, role: str) -> bool:
        """Whether a snippet speaks of a role: a file about one role speaks of it; one about
        several roles (or none in particular) speaks of those it names, or of all when it names
        none of them."""
        if len(snippet.roles) == 1:
            return snippet.roles[0] == role
        candidates = snippet.roles or tuple(self._role_names)
        if role not in candidates:
            return False
        named = self._named(snippet, candidates)
        return not named or role in named

    def about_role(self, snippet: Snippet, role: str) -> bool:
        """Whether a snippet is about the role itself, not about every role alike: a kit
        needs at least one such line to be a kit for the role."""
        if role in snippet.roles:
            return self.for_role(snippet, role)
        return not snippet.roles and role in self._named(snippet, tuple(self._role_names))

    def _named(self, snippet: Snippet, candidates: tuple[str, ...]) -> list[str]:
        text = f"{snippet.title}\n{snippet.text}"
        return [r for r in candidates if r in self._role_names and self._role_names[r](text)]

    def roles_with(self, kind: str) -> list[str]:
        """The roles a kit has content of their own for, in profile order."""
        if kind not in self._roles_with:
            placed = [s for found in self._placed.get(kind, {}).values() for s, _ in found]
            self._roles_with[kind] = [r.id for r in self.profile.roles
                                      if any(self.about_role(s, r.id) for s in placed)]
        return list(self._roles_with[kind])

    # --- reading what is asked ----------------------------------------------------------------

    def ask(self, kind: str, role: str, level: str | None = None,
            location: str | None = None, omit: Sequence[str] = ()) -> KitAsk:
        """A kit asked for by names ('ML engineer', 'sr', 'Boston'), without the sections
        `omit` names (their ids).

        Raises:
            UnknownKitValue: a kind, role, level, place or section the knowledge does not have
                (the message lists what it has).
        """
        spec = self.spec(kind)
        role_id = read_role(self.domain, role, spec, self.roles_with)
        level_id, asked = (read_level(self.domain, role_id, level) if level and level.strip()
                           else ("", ""))
        where, place = ("", None)
        if location and location.strip():
            where, place = read_location(self.domain, role_id, location.strip())
        sections = [s.id for s in spec.sections]
        unknown = [i for i in omit if i not in sections]
        if unknown:
            raise UnknownKitValue(f"no section '{unknown[0]}' in the {spec.name.lower()}; its "
                                  f"sections: {', '.join(sections)}")
        return KitAsk(kind, role_id, level_id, asked, where, place,
                      omit=tuple(dict.fromkeys(omit)))

    # --- the document -------------------------------------------------------------------------

    def build(self, ask: KitAsk) -> KitDocument:
        """Draft the kit asked for.

        Raises:
            UnknownKitValue: the profile has no such kit.
            NoKitContent: the knowledge has nothing for this kit and role (the message lists
                the roles it has content for).
        """
        spec = self.spec(ask.kind)
        role = self.profile.role(ask.role)
        if role is None:
            raise UnknownKitValue(f"no role '{ask.role}' in the knowledge")
        draft = _Draft(spec, {s.id: [] for s in spec.sections})
        repeats = Repeats((role.name, *role.aliases))
        ladder = self.domain.ladder(ask.role)
        ladder_id = ladder.id if ladder is not None else ""
        own = self._company_lines(draft, ask, ladder_id)
        # The company's years for the level stand instead of the content's generic ones.
        no_years = states_level_years(self.domain.company, ask, ladder_id) and any(
            s.company == LEVELS and s.id not in ask.omit for s in spec.sections)
        specific = False  # a line about the role itself, not only about every role
        for section in spec.sections:
            if not (section.figures or section.id in ask.omit or section.id in own):
                specific = self._quote(draft, section, ask, repeats, no_years) or specific
        if not specific:
            raise NoKitContent(self.no_content(spec, ask.role))
        optional = next((s for s in spec.sections if s.optional), None)
        if optional is not None and optional.id not in ask.omit:
            # Lines that read optional ("a plus") go there; with it left out, nowhere.
            draft.bullets[optional.id] += draft.moved
        for section in spec.sections:
            if section.figures:
                self._pay(draft, section, ask)
        return self._document(draft, ask)

    def _company_lines(self, draft: _Draft, ask: KitAsk, ladder: str) -> set[str]:
        """Fill the sections that take the company's own lines; the ids of those it filled
        (the company's lines replace any other a section would take)."""
        filled = set()
        for section in draft.spec.sections:
            if section.company and section.id not in ask.omit:
                lines = company_lines(self.domain.company, section.company, ask, ladder,
                                      self.labels)
                if lines:
                    draft.bullets[section.id] = lines
                    filled.add(section.id)
        return filled

    def _quote(self, draft: _Draft, section: KitSectionSpec, ask: KitAsk, repeats: Repeats,
               no_years: bool) -> bool:
        """Quote the lines of the snippets placed in a section that speak of the role (only
        its lines written for kits, when it has some); whether one is about the role itself."""
        found = [(s, only_lead) for s, only_lead in self._placed[draft.spec.kind][section.id]
                 if self.for_role(s, ask.role)]
        if any(s.for_kits for s, _ in found):
            found = [(s, only_lead) for s, only_lead in found if s.for_kits]
        optional = any(s.optional for s in draft.spec.sections) and not section.optional
        specific = False
        for snippet, only_lead in found:
            for part in lead(snippet.text) if only_lead else passages(snippet.text):
                if self._other_level(part.text, ask) \
                        or asks_to_filter_people(part.text, self.domain.cues) \
                        or (no_years and states_years(part.text)) or repeats.seen(part.text):
                    continue
                bullet = Bullet(as_bullet(part.text), snippet.id, evidence=section.evidence)
                if optional and reads_optional(part.text):
                    draft.moved.append(bullet)
                else:
                    draft.bullets[section.id].append(bullet)
                specific = specific or self.about_role(snippet, ask.role)
        return specific

    def _pay(self, draft: _Draft, section: KitSectionSpec, ask: KitAsk) -> None:
        """A figures section: the company's band or the market references, and what the
        recruiter is to know of them and of the place's pay-transparency rules."""
        shown = section.id not in ask.omit
        market = self._figures(ask) if shown else []
        pay = post_pay(self.domain, ask, market, (section.note, self._caution(market)),
                       self.labels, self.naming.day, shown=shown)
        draft.bullets[section.id] = pay.ad
        draft.notes[section.id] = pay.note
        draft.recruiter += pay.recruiter
        draft.warnings += pay.warnings

    def no_content(self, spec: KitSpec, role: str) -> str:
        """Why a kit cannot be drafted for a role, and for which roles it can."""
        have = [self.domain.role_name(r, plural=True) for r in self.roles_with(spec.kind)]
        name = spec.name.lower()
        text = (f"I have no content for {article(name)} {name} for "
                f"{self.domain.role_name(role, plural=True)}.")
        return f"{text} I can draft one for {join_words(have)}." if have else text

    def _other_level(self, text: str, ask: KitAsk) -> bool:
        """Whether a line is about other levels of the role's ladder than the one asked."""
        ladder = self.domain.ladder(ask.role)
        if not ask.level or ladder is None:
            return False
        named = [lv.id for lv in ladder.levels if self._level_names[(ladder.id, lv.id)](text)]
        return bool(named) and ask.level not in named

    def figure_ids(self, ask: KitAsk) -> list[str]:
        """The salary records a kit is for (whether or not it states them)."""
        return [b.source for b in self._figures(ask) if b.source]

    def _figures(self, ask: KitAsk) -> list[Bullet]:
        """The salary records for the role, level and place: the matching ones, else the
        nearest, each labelled with what it stands for."""
        question = SalaryQuestion(
            roles=(ask.role,), named_roles=True,
            levels=(ask.level,) if ask.level else (),
            locations=(ask.location,) if ask.location else (),
            places=(ask.place,) if ask.place else ())
        result = salary_answer(question, self.domain)
        rows = [(r, False) for r in result.rows] or [(r, True) for r in result.context]
        return [Bullet(self._record_text(r), r.id, self._figure_label(r, ask, context))
                for r, context in rows]

    def _caution(self, bullets: Sequence[Bullet]) -> str:
        """The caution on the age of the figures quoted ('' when they are not old)."""
        rows = [self.domain.records[b.source] for b in bullets if b.source in self.domain.records]
        age = figures_age(rows, self.profile.freshness, self._today())
        return age_caution(age, self.naming.locale) if age is not None else ""

    def _record_text(self, record: SalaryRecord) -> str:
        snippet = self._record_snippets.get(record.id)
        return snippet.text if snippet is not None else self.naming.sentence(record)

    def _figure_label(self, record: SalaryRecord, ask: KitAsk, context: bool) -> str:
        """What a figure stands for when it is not exactly the one asked ("" when it is)."""
        labels = self.labels
        where = ask.where
        found: list[str] = []
        matches_place = bool(ask.location) and ask.location in (record.location, record.region)
        if record.location and where and not matches_place:
            if context:  # not an answer at all: nothing else to say of it
                return labels["context"].format(asked=where)
            found.append(labels["nearest_place"].format(asked=where))
        if ask.level and record.level and (record.level != ask.level or ask.asked_level):
            asked = ask.asked_level or self.naming.level_name(ask.role, ask.level)
            found.append(labels["nearest_level"].format(asked=asked))
        if ask.level and not record.level:
            found.append(labels["any_level"].format(asked=where))
        if where and not record.location:
            found.append(labels["any_place"].format(asked=where))
        return "; ".join([*found[:1], *(midsentence(f) for f in found[1:])])

    def title(self, ask: KitAsk, spec: KitSpec) -> str:
        level = self.naming.level_name(ask.role, ask.level) if ask.level else ""
        who = " ".join(p for p in (level, self.domain.role_name(ask.role)) if p)
        where = f" ({ask.shown})" if ask.where else ""
        if spec.kind == SCORECARD:
            return f"{spec.name}: {who}{where}"
        company = self.domain.company.company
        if company is not None:
            return self.labels["at_company"].format(title=ucfirst(who),
                                                    company=company.name) + where
        return ucfirst(who) + where

    def _document(self, draft: _Draft, ask: KitAsk) -> KitDocument:
        spec = draft.spec
        sections = tuple(
            Section(s.id, s.heading, tuple(draft.bullets[s.id]), draft.notes.get(s.id, s.note),
                    table=bool(s.evidence) and spec.kind == SCORECARD)
            for s in spec.sections if draft.bullets[s.id])
        # A section of the company's own lines is not the knowledge's to miss.
        missing = tuple(s.heading for s in spec.sections
                        if not draft.bullets[s.id] and s.id not in ask.omit
                        and not s.company_only)
        omitted = tuple(s.heading for s in spec.sections if s.id in ask.omit)
        lines = [*(b for s in sections for b in s.bullets), *draft.warnings, *draft.recruiter]
        sources = tuple(self._source(i) for i in dict.fromkeys(b.source for b in lines))
        document = KitDocument(spec.kind, spec.name, self.title(ask, spec), ask, sections,
                               missing, sources, omitted, labels=self.labels,
                               recruiter=tuple(draft.recruiter), warnings=tuple(draft.warnings))
        day = self.naming.day
        return replace(document, markdown=render_markdown(document, self.labels, day),
                       ad_markdown=render_markdown(document, self.labels, day, sources=False))

    def _source(self, source_id: str) -> SourceRef:
        own = company_source(self.domain, source_id, self._band_title)
        if own is not None:
            return own
        record = self.domain.records.get(source_id)
        if record is not None:
            cited = f", as cited in {record.cited_in}" if record.cited_in else ""
            return SourceRef(record.id, "record", self.naming.title(record),
                             self._record_text(record), record.source + cited, record.as_of,
                             record.path, record.line)
        snippet = self._by_id[source_id]
        return SourceRef(snippet.id, "snippet", snippet.title, snippet.text, snippet.source,
                         snippet.as_of, snippet.path, snippet.line)

    def _band_title(self, band: PayBand) -> str:
        """'Northwind pay bands: senior AI engineer, US tier 1'."""
        company = self.domain.company.company
        zone = company.zone(band.zone) if company is not None and band.zone else None
        level = self.naming.level_name(band.role, band.level) if band.level else ""
        who = " ".join(p for p in (level, self.domain.role_name(band.role)) if p)
        where = band.location or (zone.name if zone is not None else "")
        owner = band.source or (company.name if company is not None else "")
        return f"{owner}: {who}" + (f", {where}" if where else "")


def _section_for(snippet: Snippet, sections: Sequence[KitSectionSpec]
                 ) -> tuple[KitSectionSpec, bool] | None:
    """The section a snippet goes to and whether only its lead is taken, or None."""
    for exact in (True, False):
        for section in sections:
            for patterns, only_lead in ((section.lead, True), (section.snippets, False)):
                if any(("*" not in p) == exact and fnmatchcase(snippet.id, p)
                       for p in patterns):
                    return section, only_lead
    by_topic = next((s for s in sections if snippet.topic in s.topics), None)
    return (by_topic, False) if by_topic is not None else None


Search = Callable[[str], object]


def _names_pattern(names: Iterable[str]) -> Search:
    """A search for any of the names as whole words, plural or possessive too; short
    capitalised names ('EM', 'SRE') only in capitals."""
    kept = sorted({n.strip() for n in names if len(n.strip()) > 1}, key=len, reverse=True)
    caps = [n for n in kept if n.isupper() and len(n) <= 4]
    words = [n for n in kept if n not in caps]
    parts = []
    if words:
        parts.append("(?i:" + "|".join(re.escape(n) for n in words) + ")")
    if caps:
        parts.append("|".join(re.escape(n) for n in caps))
    if not parts:
        return lambda text: None
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?:s|'s)?(?![\w-])").search
