"""Conversation sets written apart from the code, played with the real model: the shipped
knowledge (a harder analytic, multi-turn, paraphrase and refusal set), the made-up second
knowledge base, and new roles added to a copy of the shipped knowledge with no code change.

Floors, not exact scores: the sets measure how the assistant generalises. Every refusal must be
right in every set (answered=false, and the reason when the set names one).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from api.cli.evaluation import TurnOutcome, evaluate_conversations, load_conversations
from api.config import Settings
from api.dialogue.conversation import Conversation
from api.dialogue.engine import Engine, open_engine
from api.errors import KnowledgeError
from api.index.build import build_index
from api.index.lifecycle import load_index
from api.knowledge.loader import load_knowledge
from api.publish.checks import run_checks
from tests.conftest import KB2, KNOWLEDGE, ROOT
from tests.support.overlays import apply_overlay

EVAL = ROOT / "tests/eval"
FLOOR = 0.9


@pytest.fixture(scope="module")
def embedder(real_embedder):
    return real_embedder


def open_on(knowledge: Path, index: Path, embedder) -> Engine:
    build_index(knowledge, index, embedder)
    return open_engine(load_index(index), embedder, Settings())


def play(conversation: Conversation, path: Path, overlay: str | None = None
         ) -> list[TurnOutcome]:
    conversations = [c for c in load_conversations(path)
                     if overlay is None or c.get("overlay") == overlay]
    assert conversations, path
    return evaluate_conversations(conversation, conversations)


def check(outcomes: list[TurnOutcome], *, refusals: float = 1.0,
          any_refused: bool = True, floor: float = FLOOR) -> None:
    """At least `floor` of the turns right, and `refusals` of those that expect a refusal (a
    set must have some unless `any_refused` is False)."""
    def described(o: TurnOutcome) -> str:
        return f"{o.conversation}.{o.turn} {o.message!r}: {'; '.join(o.problems)}"

    failed = [o for o in outcomes if not o.ok]
    refused = [o for o in outcomes if o.expect == "refused"]
    wrong = [described(o) for o in failed if o.expect == "refused"]
    assert refused or not any_refused
    assert len(refused) - len(wrong) >= refusals * len(refused), wrong
    assert len(outcomes) - len(failed) >= floor * len(outcomes), [described(o) for o in failed]


def test_the_harder_article_set(real_service):
    check(play(real_service.engine.conversation, EVAL / "hard/conversations.jsonl"))


def test_questions_in_other_languages(real_service):
    """Answered in English when what they ask is clear from the knowledge's names and words,
    else refused with other_language (issue 25)."""
    check(play(real_service.engine.conversation, EVAL / "reasoning/languages.jsonl"))


@pytest.mark.parametrize("name", ["arithmetic", "dialogue", "freshness", "level-place",
                                  "reading"])
def test_the_reasoning_sets(real_service, name):
    """Written apart from the code for each kind of failure issue 25 names, before the code
    for it; at least 95% of turns each. The dialogue set misses two today: a not-covered
    question ("how many of each do I need?") answered from the last topic, and "any real
    examples where that made a difference?" answered with the last snippet again."""
    outcomes = play(real_service.engine.conversation, EVAL / f"reasoning/{name}.jsonl")
    failed = [f"{o.conversation}.{o.turn} {o.message!r}: {'; '.join(o.problems)}"
              for o in outcomes if not o.ok]
    assert len(outcomes) - len(failed) >= 0.95 * len(outcomes), failed


def test_the_second_knowledge_base_set(tmp_path, embedder):
    check(play(open_on(KB2, tmp_path / "index", embedder).conversation,
               EVAL / "kb2/conversations.jsonl"))


@pytest.mark.parametrize("overlay", ["data-engineer", "mlops-engineer"])
def test_a_new_role_is_answered_with_no_code_change(tmp_path, embedder, overlay):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, overlay)
    engine = open_on(knowledge, tmp_path / "index", embedder)
    check(play(engine.conversation, EVAL / "new-role/conversations.jsonl", overlay))
    # The checks the overlay brings with it pass too, next to the shipped ones.
    report = run_checks(engine.index.checks, engine)
    assert report.failures() == [], [(o.check.ask, o.detail) for o in report.failures()]


def test_the_blind_sets_written_last(real_service, tmp_path, embedder):
    """Written by someone who saw neither the code nor the other sets, and played once before
    any fix; kept as a floor since. One not-covered question there ("how many engineers should
    the core team have?") is answered from the team-model snippet: allowed, not hidden."""
    check(play(real_service.engine.conversation, EVAL / "blind/article.jsonl"), refusals=0.9)
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/blind-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "blind/new-role.jsonl"))


@pytest.mark.parametrize("path", [*sorted((EVAL / "round2").glob("*.jsonl")),
                                  *sorted((EVAL / "round3").glob("*.jsonl"))],
                         ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_the_blind_rounds(real_service, path):
    """Written by helpers who saw the article and the content but neither the code nor the
    other sets (round 2 first played 135/186, round 3 136/180), then fixed by rules, never
    by phrasing; kept at the 90% floor. Round 3 expects nurses' and lawyers' pay not covered,
    where every earlier set expects it out of scope: the refusal is what counts there."""
    check(play(real_service.engine.conversation, path), refusals=0.9, any_refused=False)


def _editor_drops_the_clash(tmp_path: Path, overlay: str, alias: str) -> Path:
    """The knowledge with a new role's overlay laid over it: the build names the alias both
    roles claim (profile.yml:line), and the editor drops it from the AI engineer's."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures" / overlay)
    with pytest.raises(KnowledgeError, match=rf"profile\.yml:\d+: '{alias}' names both role "
                                             r"'ai-engineer'"):
        load_knowledge(knowledge)
    profile = yaml.safe_load((knowledge / "profile.yml").read_text(encoding="utf-8"))
    for role in profile["roles"]:
        if role["id"] == "ai-engineer":
            role["aliases"] = [a for a in role["aliases"] if a.lower() != alias.lower()]
    (knowledge / "profile.yml").write_text(yaml.safe_dump(profile, sort_keys=False,
                                                          allow_unicode=True), encoding="utf-8")
    return knowledge


def test_a_role_the_content_editor_adds_after_an_alias_clash(tmp_path, embedder):
    """Round 4: a computer vision engineer added as a content editor would, blind (first
    played 39/50). The article's content lists "computer vision engineer" as an AI engineer
    alias; the build names the clash (profile.yml:line) and the editor drops that alias."""
    knowledge = _editor_drops_the_clash(tmp_path, "round4-role", "computer vision engineer")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round4/new-role.jsonl"))


def test_every_shipped_check_passes(real_service):
    engine = real_service.engine
    report = run_checks(engine.index.checks, engine)
    assert report.failures() == [], [(o.check.ask, o.detail) for o in report.failures()]
    assert report.metrics()["hit@3"] >= 0.95


def test_the_fifth_blind_round_as_six_kinds_of_people_type(real_service):
    """Written (6 December) as a terse CTO, an HR generalist, an agency recruiter, a founder
    whose English is a second language, a finance lead and a sceptic type, by a helper who saw
    only the article and the content. First played 97/138; 115 after rules for small talk
    before a question, a title the asker deals with ("pass it on to the hiring manager"), what
    a budget keeps after the people counted, a team over it, an uplift from A to B, a month
    and a span asked together, choosing between people by family status, a retirement plan's
    name ("401k match") that is not an amount, a swap in a team named by levels alone, a role
    without figures not answered by another's, and "how much less is X" setting X against the
    other. Kept at 80 %, not yet at the floor."""
    check(play(real_service.engine.conversation, EVAL / "round5/personas.jsonl"),
          refusals=0.8, floor=0.8)


def test_the_sixth_blind_round_of_the_six_kinds(real_service):
    """Written (6 December) by a helper who saw only the article and the content, as people of
    many kinds type: arithmetic, dialogue, reading, level and place together, the figures' age,
    other languages, kits and refusals of every kind (47 conversations). First played 122/158;
    128 after the intent classifier also reads follow-ups ("sorry, I meant London
    specifically") and questions of source and age from the content's examples, a one-word
    city in lower case after a word that does not introduce a place read as the everyday word
    ("our new AI hub"), two places compared in
    words the knowledge lacks not read as their pay ("the time difference between London and
    New York"), a question of its own about a place not read as a pay follow-up, an amount
    before a job title not read as a kind of job ("€150k, engineers"), and "the three of them"
    naming the last team; 130 after the question a message ends on after its background is
    what the classifier reads and what is searched ("...our first AI engineer. Which skills
    matter most?") and a ranking in a topic question is not of pay ("most important"); 133
    after a team or a year standing for age ("a young team", "graduated before 2000"), "bag"
    as a way of saying pay (synonyms.yml), a declared gap asked of a role not covered rather
    than out of scope, and two of the figure on the table kept as that figure when the
    calculation goes on; 135 after a position in a short follow-up naming the item of the last
    list ("and the last one?", "first minus last?") and a comparison word in a topic question
    comparing no pay ("totally different q: ..."); 136 after a place said as not meant
    ("I meant Bellevue not Boston") dropped beside the one meant, with three examples of such
    corrections added to the follow-up intent; 137 after a name misspelt so that it looks like
    its own stem ("bellevu", "enginer") corrected; 139 after "the 2 cities" in a short
    follow-up naming the last two places asked about; 140 after a comparison named again the
    other way round swapping its sides. Kept at 80 %, not yet at the floor."""
    check(play(real_service.engine.conversation, EVAL / "round6/blind.jsonl"),
          refusals=0.7, floor=0.8)



def test_the_company_overlay_set(tmp_path, embedder):
    """Issue 29: the made-up company (deploy/demo-company) laid over a copy of the shipped
    knowledge as a talent team would add its files: salary answers with the band beside the
    market reference, offers checked against both, job posts in the company's voice with the
    band's range, and a warning where a place's rule needs a range the bands lack. Written
    before the code for it."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    for path in (ROOT / "deploy/demo-company").iterdir():
        shutil.copy(path, knowledge / path.name)
    engine = open_on(knowledge, tmp_path / "index", embedder)
    check(play(engine.conversation, EVAL / "company/conversations.jsonl", "demo-company"),
          floor=0.95)


def test_the_seventh_blind_round(real_service):
    """Written (6 December, during issue 29) by a helper who saw only the article and the
    content, as people type: arithmetic, offers and their follow-ups, corrections, slang,
    long messages, sources and dates, kits, refusals and six other languages (54
    conversations). First played 143/163; 158 after a bare number after an offer read as
    that offer in thousands ("what if we went to 150?"), "by what percent?" after an offer,
    the figure shown named by what it is ("the market figure per month"), what is left of a
    budget asked again, someone added to a team total, "how much more per hour does the
    senior get" after two hourly figures, "and the date?" after a source, "src?" (synonyms),
    a whole message searched when the question it ends on says too little alone, a follow-up
    after a decline read with what the decline offers, words neither English nor the
    knowledge's backing one word of another language, and "add all three of those up" over
    the figures of the last turns. Kept at 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round7/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_eighth_blind_round_as_six_kinds_of_people_type(real_service):
    """Written (6 December, for issue 25) by a helper who saw only the article and the
    content: a terse CTO, an HR generalist, an agency recruiter, a founder whose English is a
    second language, a finance lead and a sceptic (32 conversations). First played 82/116;
    110 after a percentage taken with the base the follow-up names ("and with Bellevue as
    base?", "as a share of the senior number"), a gap as a share rather than an amount,
    several figures worked out per hour, "a French engineer" or "a UK engineer" read as an
    engineer, requests that say they change the subject, kit edits said as "same post but
    New York" and "change to senior", thanks in other languages, selecting by pregnancy or by
    region of origin declined, and off-topic requests that mention a hire refused as out of
    scope. Kept at 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round8/personas.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_eighth_blind_round_new_role(tmp_path, embedder):
    """The same round's made-up MLOps engineer, added to a copy of the shipped knowledge as a
    content editor would (tests/fixtures/round8-role) with questions about it (28
    conversations). First played 69/77; 75 after a role's distinctive first word alone
    ("MLOps") named the role and a word only a declared gap holds ("equity") let the gap win
    from further behind. Kept at 90 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round8-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round8/new-role.jsonl"), refusals=0.9, floor=0.9)


def test_the_ninth_blind_round(real_service):
    """Written (6 December, for issue 25) by a helper who saw only the article and the content,
    after the eighth round's fixes: budgets and offers, corrections, paraphrases, kits and
    their edits, sources and dates, refusals of every kind and six other languages (37
    conversations). First played 112/131; 126 after the people a budget affords costed per
    month, a count corrected alone ("3 not 2"), "three of them" after the ones named, "two
    full years", the highest of the last three figures over the lowest, an amount checked
    against another place rather than taken as a share, a gap's word after a decline, "add
    the certs" and "add python to the requirements", a post's figure after its pay section was
    taken out, whether a figure holds or what it is for, and a topic the content writes about
    carrying a word it lacks ("certs ... on LinkedIn"). Kept at 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round9/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_tenth_blind_round_as_six_kinds_of_people_type(real_service):
    """Written (6 December, for issue 25) by a helper who saw only the article and the
    content, after the ninth round's fixes: the six kinds of people again (33 conversations).
    First played 101/125; 116 after "for both" as a team's total, "a headcount of four
    there", "two of them in Germany", headroom in a budget, "that same team" over years,
    "what share of the budget", "saving" as a difference, one of the two figures shown named
    in a comparison, pleasantries around thanks, "digital natives" as an age filter,
    another profession beside a role read from other words, and a gap asked after a remark on
    the numbers. Kept at 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round10/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_eleventh_blind_round_across_the_issue_s_kinds(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: arithmetic, dialogue, everyday messages, sources, refusals and other languages
    (30 conversations). First played 114/128, before any fix; 120 after a duration asked
    after a percentage gap (the gap in money), "lean on that figure" as a source question
    (a phrasing added to knowledge/phrasings.yml), "go for" and "pass on" people as choosing
    them, another profession told only as background, a role without figures asked "same
    question", and two questions joined by "and roughly what". Kept at 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round11/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_twelfth_blind_round_as_six_kinds_of_people_type(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: a terse CTO, an HR generalist, an agency recruiter, a founder whose English is a
    second language, a finance lead and a sceptic (30 conversations). First played 95/125,
    before any fix; 118 after kit requests with other verbs of making, declared gaps asked
    of a calculation's people or of the figures shown, pay trends and forecasts as a
    declared gap, a headcount told as background, counts corrected in words, a figure named
    by its source ("the BLS median") set against another, "the three of them" after
    counting three, and countries named in another language. Kept at 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round12/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_thirteenth_blind_round_offers_budgets_and_boundaries(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: offers, budgets, messy messages, provenance, boundaries of every refusal kind,
    other languages (30 conversations). Its first play crashed on one turn (people added to a
    calculation with none, fixed); with that fix alone 101/131. 122 after offers as a
    percentage of the figure named, an amount raised by a percentage, a figure named twice,
    countries named in another language, people dropped from a team, "the Boston team",
    "pass over", "-born", "base an offer on it", an offer said with its place worked out
    per month, "how many pounds short" and an offer set against another. Kept at 85 %,
    refusals 85 %: the weakest remaining classes are a sum across currencies and a role
    without figures asked with its source."""
    check(play(real_service.engine.conversation, EVAL / "round13/blind.jsonl"),
          refusals=0.85, floor=0.85)


def test_the_fourteenth_blind_round_of_the_harder_kinds(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: arithmetic, corrections, slang, long messages, kits and sources, refusals and six
    other languages (30 conversations). First played 121/140 before any fix; 130 after a
    city without a figure refused as not covered, declared gaps asked mid-calculation, totals
    in each currency, long messages read by their question's own people, positions in the
    last list shown and "how much extra over three years" as a difference; 133 after a
    leftover spent for the next hire, "make one of the four a senior" and a share of a total
    over years taken over the same years. Kept at 90 %, refusals 90 % (23/24)."""
    check(play(real_service.engine.conversation, EVAL / "round14/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_fifteenth_blind_round_as_six_kinds_of_people_type(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: a terse CTO, an HR generalist, an agency recruiter, a founder whose English is a
    second language, a finance lead and a sceptic (30 conversations). First played 103/130
    before any fix; 118 after periods as phrasings ("/month?", "per hr?"), a percentage of a
    figure ("15% of the senior salary"), percentages asked after an offer, "both" and "3
    engineers" counted, and an off-topic follow-up naming a city; 120 after "from when" and
    "are these numbers even current" as source questions. Kept at 85 %, refusals 90 %
    (26/28)."""
    check(play(real_service.engine.conversation, EVAL / "round15/blind.jsonl"),
          refusals=0.9, floor=0.85)


def test_the_sixteenth_round_a_role_added_blind_by_a_content_editor(tmp_path, embedder):
    """An NLP engineer added as a content editor would (playbook, salary rows, a profile
    entry; made up, marked as a fixture) by a helper who saw only the content, with 15
    conversations on it. The shipped profile lists "NLP engineer" as an AI engineer alias:
    the build names the clash (profile.yml:line), the editor drops that alias. First played
    57/63; 60 after words outside the question no longer refusing it ("... trying to write
    the req") and hours read as durations. Kept at 90 %."""
    knowledge = _editor_drops_the_clash(tmp_path, "round16-role", "NLP engineer")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round16/new-role.jsonl"))


def test_the_seventeenth_blind_round_of_eight_kinds(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: pronouns, budgets, offers, typos and slang, long messages, kits, sources and
    refusals (32 conversations). First played 100/145 before any fix; 125 after kits edited
    with a question in between, chat spellings as content, positions in the last list shown,
    an offer checked again by a short follow-up and a count that heads a list; 128 after a
    list kept for the next position, a team named in full after a budget and a source
    question that asks arithmetic too; 133 after long messages read question by question
    (one calculation only when a question asks it). Kept at 85 %, refusals 85 % (18/20)."""
    check(play(real_service.engine.conversation, EVAL / "round17/blind.jsonl"),
          refusals=0.85, floor=0.85)


def test_the_eighteenth_round_figures_added_blind_for_a_role_the_profile_had(tmp_path,
                                                                             embedder):
    """Salary rows and a playbook for the profile's data scientist, who had no figures,
    added as a content editor would (made up, marked as a fixture) by a helper who saw only
    the content, with 14 conversations on them; the build accepts the overlay as laid. First
    played 51/59; 58 after a place said last holding for every role counted before it, a
    calculation asked again in its period, "same comparison for ..." and "in percent?" after
    a comparison. Kept at 90 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round18-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round18/new-role.jsonl"))


def test_the_nineteenth_blind_round_of_the_issue_s_six_kinds(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: arithmetic, dialogue, reading, level and place, freshness and other languages,
    at least 22 turns a kind (30 conversations). First played 133/150 before any fix; 146
    after periods per day and week as content, hellos in other languages, corrections that
    open with "no sorry", "same level but ...", a person after a figure read as its role,
    paying a group less declined and a contract rate named by its gap's root. Kept at 95 %,
    refusals 90 % (22/23)."""
    check(play(real_service.engine.conversation, EVAL / "round19/blind.jsonl"),
          refusals=0.9, floor=0.95)


def test_the_twentieth_blind_round_as_six_kinds_of_people_type(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: a terse CTO, an HR generalist, an agency recruiter, a second-language founder, a
    finance lead and a sceptic (30 conversations, 157 turns). First played 117/157 before any
    fix; 138 after counts and durations written short ("x3 sr for 2y?"), lower-case city
    names, follow-ups that say nothing arithmetic no longer continuing a calculation, a
    count corrected as "4 of them, not 5", a budget spent on the last team and long
    messages read question by question; 142 after how a role differs asked after a figure,
    a closing thanks in a long message and a kit placed in the city a ranking put on top.
    Kept at 85 %, refusals 90 % (24/26)."""
    check(play(real_service.engine.conversation, EVAL / "round20/blind.jsonl"),
          refusals=0.9, floor=0.85)


def test_the_twenty_first_round_a_prompt_engineer_added_by_a_content_editor(tmp_path,
                                                                            embedder):
    """A prompt engineer (playbook, declared gaps, six salary rows, the role in a profile.yml
    laid down whole; made up, marked as a fixture in every file) added by a helper who saw
    only the content, with 15 conversations on it; the build accepts it as laid. First played
    64/69; 69 after "how much more does the AI engineer get?" read against the two roles on
    the table, "how is that different from an AI engineer?" searched for both roles and
    "they" after a role other than the first read as that role. Kept at 95 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round21-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round21/new-role.jsonl"), floor=0.95)


def test_the_twenty_second_blind_round_of_the_harder_kinds(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: paraphrase, offers and budgets, corrections and returns, kits and their edits,
    sources and dates, refusals and six languages (30 conversations, 158 turns). First played
    130/158 before any fix; 149 after a count of "them" after a passage, a level said as not
    meant, kits drafted among several questions edited next, a total set against a budget,
    a city's budget spent at its country's figure, "the first city I asked about",
    "working from home" as the remote-work gap and the source of "the figures by level".
    Kept at 90 %, refusals 90 % (24/26)."""
    check(play(real_service.engine.conversation, EVAL / "round22/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_twenty_third_blind_round_of_everyday_kinds(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: slang and typos, long messages, follow-ups on topics other than pay, level and
    place, sources and freshness, refusals and near-misses (30 conversations, 183 turns).
    First played 155/183 before any fix; 162 after a role said by another name read by its
    own, a topic asked of a level answered from the topic, questions told as statements in
    a long message answered each, a named person's pay declined and a list kept while the
    talk is about its items. Kept at 85 %, refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round23/blind.jsonl"),
          refusals=0.9, floor=0.85)


def test_the_twenty_fourth_blind_round_of_arithmetic_over_turns(real_service):
    """Written (7 December, for issue 25) by a helper who saw only the article and the
    content: offers, budgets, team totals, conversions, corrections and mixed-currency traps
    (30 conversations, 159 turns). First played 111/159 before any fix; 132 after asks and
    budgets stated per month, day or hour read in the year, a raise for everyone on a team,
    the money short of one more person and two counted teams set side by side. Kept at
    80 %."""
    check(play(real_service.engine.conversation, EVAL / "round24/blind.jsonl"), floor=0.8)


def test_the_twenty_fifth_round_a_computer_vision_engineer_added_blind(tmp_path, embedder):
    """A made-up computer vision engineer laid over a copy of the knowledge as an editor
    would (tests/fixtures/round25-role: a playbook, declared gaps, six salary rows, a whole
    profile.yml without the AI engineer's clashing alias), with 15 conversations by a helper
    who saw only the content. First played 72/79; 74 after 'cost ... together' as a total
    (a phrasing in knowledge/). Kept at 90 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round25-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round25/new-role.jsonl"), floor=0.9)


def test_the_twenty_sixth_blind_round_of_six_personas(real_service):
    """Written (7 December, second sitting, for issue 25) by a helper who saw only the
    article and the content: a terse CTO, an HR generalist, an agency recruiter, a founder
    writing in a second language, a finance lead and a sceptic (30 conversations, 188 turns).
    First played 150/188 before any fix; 166 after kits asked for in everyday words, a
    multiplier of the figure shown, declines of marking people down, gaps named by two
    words, the base of a share said after 'of' and one side of a comparison replaced.
    Kept at 85 %, refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round26/blind.jsonl"),
          refusals=0.9, floor=0.85)


def test_the_twenty_seventh_blind_round_of_dialogue_across_turns(real_service):
    """Written (7 December, second sitting, for issue 25) by a helper who saw only the
    article and the content: corrections, going back, follow-ups on topics other than pay,
    kit edits, pronouns and positions after a list (30 conversations, 172 turns). First
    played 142/172 before any fix; 156 after kit changes read by their sentence, the list
    of figures shown kept while answers show one of it, one of two named by how it
    compares and a side said not meant replaced. Kept at 85 %, refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round27/blind.jsonl"),
          refusals=0.9, floor=0.85)


def test_the_twenty_eighth_blind_round_of_long_messages_languages_and_refusals(real_service):
    """Written (7 December, second sitting, for issue 25) by a helper who saw only the
    article and the content: long messages, other languages, refusals of every kind with
    near-misses, sources and dates, everyday paraphrase (30 conversations, 176 turns).
    First played 136/176 before any fix; 150 after the figures' age in whole months, tax
    and pay movement as gaps, 'back to English' read as the talk's language and everyday
    words for the work. Kept at 80 %, refusals 95 %."""
    check(play(real_service.engine.conversation, EVAL / "round28/blind.jsonl"),
          refusals=0.95, floor=0.8)


def test_the_twenty_ninth_blind_round_of_budgets_and_corrections(real_service):
    """Written (7 December, third sitting, for issue 25) by a helper who saw only the
    article and the content: offers and budgets, percentages and ratios, corrections said in
    passing and refusals mixed into money talk (30 conversations, 167 turns). First played
    120/167 before any fix; 134 after what a budget affords said as how far it goes, its
    leftover spent on one more, a place corrected into one without figures, a bare head
    count read as background and people's worth of pay as a budget. Kept at 75 %, refusals
    90 %."""
    check(play(real_service.engine.conversation, EVAL / "round29/blind.jsonl"),
          refusals=0.9, floor=0.75)


def test_the_thirtieth_blind_round_of_slang_kits_sources_and_languages(real_service):
    """Written (7 December, third sitting, for issue 25) by a helper who saw only the
    article and the content: slang and typos, long messages, kits edited across turns,
    sources and dates, other languages and refusals (30 conversations, 185 turns). First
    played 142/185 before any fix; 167 after chat spellings, a kit named back after a
    question, a yes-or-no question naming a source, spoken languages as a declared gap.
    Kept at 85 %, refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round30/blind.jsonl"),
          refusals=0.9, floor=0.85)


def test_the_thirty_first_round_a_robotics_engineer_added_blind(tmp_path, embedder):
    """A made-up robotics engineer laid over a copy of the knowledge as an editor would
    (tests/fixtures/round31-role: a playbook, declared gaps, seven salary rows with a place
    no other role has, in Canadian dollars), with 15 conversations by a helper who saw only
    the content. First played 74/83; 78 after a step up in percent, a named person described
    after a comma and years under the belt. Kept at 90 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round31-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round31/new-role.jsonl"), floor=0.9)


def test_the_thirty_second_blind_round_six_kinds_of_people(real_service):
    """Written (7 December, first sitting, for issue 25) by a helper who saw only the article
    and the content: a terse CTO, an HR generalist, an agency recruiter, a founder writing in
    a second language, a finance lead and a sceptic, five conversations each (189 turns).
    First played 153/189 before any fix; 165 after level follow-ups on a passage, a place as
    background to a topic question, a team's average and shares, names taken back in passing
    and more. Kept at 85 %, refusals 85 %."""
    check(play(real_service.engine.conversation, EVAL / "round32/blind.jsonl"),
          refusals=0.85, floor=0.85)


def test_the_thirty_third_blind_round_of_long_dialogues(real_service):
    """Written (7 December, first sitting, for issue 25) by a helper who saw only the article
    and the content: going back, corrections, pronouns and positions after a list, follow-ups
    off pay, kit edits, a level with a place and the age of the figures (30 conversations, 189
    turns). First played 152/189 before any fix; 172 after positions over levels, names taken
    back in passing, "over there", kit fields set anew. Kept at 88 %, refusals 95 %."""
    check(play(real_service.engine.conversation, EVAL / "round33/blind.jsonl"),
          refusals=0.95, floor=0.88)


def test_the_thirty_fourth_round_an_ai_solutions_architect_added_blind(tmp_path, embedder):
    """A made-up AI solutions architect laid over a copy of the knowledge as an editor would
    (tests/fixtures/round34-role: a playbook, two declared gaps, seven salary rows with
    Singapore in SGD), with 15 conversations by a helper who saw only the content. First
    played 79/94; 81 after a job ad's languages gap and a count before a role's bare head
    ("three architects"). Kept at 82 %, refusals 90 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round34-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round34/new-role.jsonl"), refusals=0.9, floor=0.82)


def test_the_thirty_fifth_blind_round_everyday_words_and_refusals(real_service):
    """Written (7 December, second sitting, for issue 25) by a helper who saw only the article
    and the content: a founder typing on a phone, a manager with no tech words, a compliance
    officer, a sceptic of sources and dates, a manager switching languages, and conversations
    wandering off topic and back (30 conversations, 193 turns). First played 168/193 before
    any fix; 181 after arithmetic words, names after articles, kit pay, "a good one", gross or
    net and more. Kept at 92 %, refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round35/blind.jsonl"),
          refusals=0.9, floor=0.92)


def test_the_thirty_sixth_blind_round_offers_budgets_and_long_messages(real_service):
    """Written (7 December, second sitting, for issue 25) by a helper who saw only the article
    and the content: offers checked against the figures, budgets, long messages with two
    questions, arithmetic continued across turns, rankings and kits with figures (30
    conversations, 187 turns). First played 140/187 before any fix; 162 after offers and
    percentages continued, each side counted, kit edits after figures. Kept at 85 %, refusals
    85 %."""
    check(play(real_service.engine.conversation, EVAL / "round36/blind.jsonl"),
          refusals=0.85, floor=0.85)


def test_the_thirty_seventh_round_a_research_scientist_added_blind(tmp_path, embedder):
    """A made-up machine learning research scientist laid over a copy of the knowledge as an
    editor would (tests/fixtures/round37-role: a playbook, two declared gaps, junior and
    senior rows but no mid-level one, New York, France, Toronto in CAD and Amsterdam), with
    16 conversations by a helper who saw only the content. First played 86/96; 91 after a
    place for people of a level, gaps asked of "them", the level named by its ladder. Kept at
    93 %, refusals 95 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round37-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round37/new-role.jsonl"), refusals=0.95, floor=0.93)


def test_the_thirty_eighth_blind_round_long_messages_and_everyday_words(real_service):
    """Written (8 December, first sitting, for issue 25) by a helper who saw only the article
    and the content: long messages whose background names other people and roles, non-pay
    questions after arithmetic, slang and typos, going back to an earlier topic, refusals
    between answers, and a manager with no tech words (30 conversations, 187 turns). First
    played 138/187 before any fix; 148 after questions read with only the background they
    need, a topic asked of levels, someone like that, differences in a period. Kept at 78 %,
    refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round38/blind.jsonl"),
          refusals=0.9, floor=0.78)


def test_the_thirty_ninth_blind_round_kits_sources_places_languages(real_service):
    """Written (8 December, first sitting, for issue 25) by a helper who saw only the article
    and the content: kits edited over several turns, sources and dates, a level in a place,
    other languages, refusals of every kind and corrections (30 conversations, 190 turns).
    First played 166/190 before any fix; 174 after a team said whole, "should be", a
    reference figure named by its amount, a named person's pay asked with "he", stock on top
    and greetings of other languages. Kept at 90 %, refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round39/blind.jsonl"),
          refusals=0.9, floor=0.9)


def test_the_fortieth_round_an_ai_product_manager_added_blind(tmp_path, embedder):
    """A made-up AI product manager laid over a copy of the knowledge as an editor would
    (tests/fixtures/round40-role: a playbook, two declared gaps, three level rows, San
    Francisco, London in GBP, Berlin in EUR and Singapore in SGD, a new currency), with 16
    conversations by a helper who saw only the content. First played 88/100; 89 after money
    we have set against a team's total. Kept at 87 %, refusals 94 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round40-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round40/new-role.jsonl"), refusals=0.94, floor=0.87)


def test_the_forty_first_blind_round_six_kinds_of_people(real_service):
    """Written (8 December, second sitting, for issue 25) by a helper who saw only the article
    and the content: a terse CTO, an HR generalist, an agency recruiter, a founder whose
    English is a second language, a finance lead and a sceptic, five conversations each (196
    turns). First played 150/196 before any fix; 171 after durations, kit edits said with a
    reason, shares of two named figures, places paired after a level, sums over a time and
    one more on top of a budget. Kept at 84 %, refusals 94 %."""
    check(play(real_service.engine.conversation, EVAL / "round41/blind.jsonl"),
          refusals=0.94, floor=0.84)


def test_the_forty_second_blind_round_the_article_asked_indirectly(real_service):
    """Written (8 December, second sitting, for issue 25) by a helper who saw only the article
    and the content: every fact of the article asked in other words or through a situation,
    a level in a place, sources and dates, refusals of every kind and eight languages (199
    turns). First played 167/199 before any fix; 178 after source questions pointing at
    nothing shown, Polish and Swedish, foreign role names and database words. Kept at 88 %,
    refusals 95 %."""
    check(play(real_service.engine.conversation, EVAL / "round42/blind.jsonl"),
          refusals=0.95, floor=0.88)


def test_the_forty_third_round_an_ai_security_engineer_added_blind(tmp_path, embedder):
    """A made-up AI security engineer laid over a copy of the knowledge as an editor would
    (tests/fixtures/round43-role: a playbook, two declared gaps, three level rows, New York,
    Toronto in CAD, Amsterdam in EUR and a London day rate in GBP), with 16 conversations by a
    helper who saw only the content. First played 80/102; 82 after a ranking across
    currencies and "k" before a follow-up; 92 (8 December, third sitting) after a gap its
    playbook declares named in the question's words, and a comparison with the AI engineer
    asked while talking about this role, at the place told before the question. Kept at 88 %,
    refusals 75 %."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round43-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round43/new-role.jsonl"), refusals=0.75, floor=0.88)


def test_the_forty_fourth_blind_round_of_the_harder_kinds(real_service):
    """Written (8 December, third sitting, for issue 25) by a helper who saw only the article
    and the content, as a startup CTO, an HR coordinator, an agency recruiter, a CFO, a
    non-native speaker and a sceptical VP: arithmetic, offers, corrections, slang, long
    messages, kits and their edits, sources, refusals and eight languages (35 conversations,
    200 turns). First played 171/200 before any fix; 187 after figures named apart ("the New
    York figure as a percentage above the senior one"), totals over years set against each
    other, one hire here and one there combined, how far over a budget and what share of it a
    team takes, a budget in another currency answered with the figures, "by the week",
    "how stale", "how many months old", a level taken back a few words later and going back
    to an earlier kit of another kind; 191 after a gap as a percentage of the ask said back,
    "how much percent is missing", a gap asked of the candidate ("he wants stock options")
    and the price of a thing that is no offer. Kept at 93 %, refusals 90 %."""
    check(play(real_service.engine.conversation, EVAL / "round44/blind.jsonl"),
          refusals=0.9, floor=0.93)


def test_the_forty_fifth_blind_round_every_fact_of_the_article(real_service):
    """Written (8 December, third sitting) by a helper who saw only the article and the
    content: every fact of the article asked plainly, through a situation, as yes or no and
    across turns, with refusals of every kind and eight languages (35 conversations, 200
    turns). First played 187/200 before any fix; 190 after which places and levels there are
    figures for, a company named finding its own certification and a pronoun standing for
    the topic named before it; 192 after a gap asked of a figure named by its amount ("is
    the £60,646 before tax?") and "this person" after a role told in the background. Kept at
    94 %, refusals 95 %."""
    check(play(real_service.engine.conversation, EVAL / "round45/blind.jsonl"),
          refusals=0.95, floor=0.94)


def test_the_forty_sixth_round_a_robotics_engineer_added_blind(tmp_path, embedder):
    """A made-up robotics engineer laid over a copy of the knowledge as an editor would
    (tests/fixtures/round46-role: a playbook, two declared gaps, three level rows, Boston, a
    monthly Pittsburgh figure, Tokyo in JPY and Eindhoven in EUR), with 22 conversations (112
    turns) by a helper who saw only the content. First played 97/112; 98 after which places
    the role has figures for; 102 after the price of a thing that is no offer and the role
    named by its name's everyday first word beside its figures ("the robotics pay figures").
    Kept at 88 %, refusals 90 %. Left: a monthly figure set beside yearly ones in one period,
    and "what skills should I screen for?" finding the assessment passage."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    apply_overlay(knowledge, ROOT / "tests/fixtures/round46-role")
    check(play(open_on(knowledge, tmp_path / "index", embedder).conversation,
               EVAL / "round46/new-role.jsonl"), refusals=0.9, floor=0.88)
