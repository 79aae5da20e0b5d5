"""`eval`: score the index in service on question sets, answers, conversations and the
knowledge's own publish checks, and judge the scores against their floors (`eval_verdict`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from api.cli.answers import stdout_console
from api.cli.common import IndexOpt, fail, settings_for, working
from api.cli.eval_verdict import FloorError, parse_floors, summary, table, verdict
from api.cli.evaluation import (
    EvalQuestion,
    evaluate,
    evaluate_answers,
    evaluate_conversations,
    load_conversations,
    load_questions,
)
from api.config import Settings
from api.dialogue.engine import Engine, serving_engine
from api.embedding.factory import make_embedder
from api.errors import HiringAdvisorError
from api.index.intents import cross_validate
from api.knowledge.loader import load_knowledge
from api.publish.checks import run_checks
from api.search.retrieval import Retriever

Measures = dict[str, float]  # "group.measure" -> value, as the verdict table names them
QuestionsOpt = Annotated[Path | None, typer.Option(
    help="JSONL question set [default: HIRING_ADVISOR_EVAL_PATH, or tests/eval/questions.jsonl]")]
ConversationsOpt = Annotated[Path | None, typer.Option(
    help="JSONL conversations to play; alone, only those are scored [default with --answers: "
    "conversations.jsonl beside the questions]", show_default=False)]
IntentsOpt = Annotated[bool, typer.Option(
    "--intents", help="Report how well the intents of knowledge/intents.yml are told apart "
    "(cross-validated precision, recall, confusions).")]
FloorsOpt = Annotated[list[str] | None, typer.Option(
    "--min", metavar="NAME=VALUE", show_default=False,
    help="Hold a measure to another floor in this run (e.g. retrieval.hit@1=0.9); repeat for "
    "more. The verdict table names the measures and their floors.")]


def eval_command(
    questions: QuestionsOpt = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List each miss.")] = False,
    sweep: Annotated[bool, typer.Option(
        "--sweep", help="Show the effect of other relevance thresholds.")] = False,
    answers: Annotated[bool, typer.Option(
        "--answers", help="Also score the answers a person would see, and conversations.")
    ] = False,
    conversations: ConversationsOpt = None,
    checks: Annotated[bool, typer.Option(
        "--checks", help="Run the publish checks of the knowledge on the index.")] = False,
    intents: IntentsOpt = False,
    floors: FloorsOpt = None,
    out: IndexOpt = None,
) -> None:
    """Score the index in service, then judge each score against its floor.

    Retrieval (hit@1, hit@3, MRR, fact recall, rejection) on a question set; with `--answers`
    the answers a person sees and whole conversations; with `--checks` the knowledge's publish
    checks. A table ends the run: each measure, its floor and a verdict. Exits 1 when a measure
    is below its floor, 2 when the index or a set cannot be read.

    Example: `hiring-advisor eval --verbose --answers --checks`

    Example: `hiring-advisor eval --out /tmp/index --conversations
    tests/eval/kb2/conversations.jsonl`
    """
    try:
        overrides = parse_floors(floors or [])
    except FloorError as exc:
        raise typer.BadParameter(str(exc), param_hint="--min") from None
    settings = settings_for(index=out)
    if intents:
        _print_intents(settings, verbose)
        if questions is None and conversations is None and not (answers or checks or sweep):
            return
    only_conversations = conversations is not None and questions is None and not answers
    try:
        with working("loading the model and the index…"):
            engine = serving_engine(settings.index_dir, make_embedder(settings), settings)
        items = [] if only_conversations else load_questions(questions or settings.eval_path)
    except HiringAdvisorError as exc:
        raise fail(exc, 2) from None
    measured = _print_checks(engine, verbose) if checks else {}
    if only_conversations:
        assert conversations is not None
        measured |= _print_conversations(engine, conversations, verbose)
    else:
        measured |= _print_retrieval_scores(engine.retriever, items, verbose)
        if sweep:
            _print_sweep(engine.retriever, items)
    if answers:
        beside = (questions or settings.eval_path).with_name("conversations.jsonl")
        measured |= _print_answers(engine, items, verbose, conversations or beside)
    _judge(measured, overrides)


def _judge(measured: Measures, overrides: dict[str, float]) -> None:
    """Print the verdict table and its summary; exit 1 when a measure is below its floor."""
    try:
        rows = verdict(measured, overrides)
    except FloorError as exc:
        raise typer.BadParameter(str(exc), param_hint="--min") from None
    console = stdout_console()
    console.print()
    console.print(table(rows))
    console.print(summary(rows))
    if not all(row.passed for row in rows):
        raise typer.Exit(1)


def _print_answers(engine: Engine, items: list[EvalQuestion], verbose: bool,
                   conversations: Path) -> Measures:
    """Ask each question in a new conversation and score what a person sees; then play
    `conversations`, when the file exists."""
    scores = evaluate_answers(engine.conversation, items)
    typer.echo(f"answers: {scores.in_scope} in-scope and {scores.out_of_scope} out-of-scope "
               "questions, each in a new conversation")
    measured = {f"answers.{name}": value for name, value in scores.summary().items()}
    if conversations.exists():
        measured |= _print_conversations(engine, conversations, verbose)
    return measured


def _print_intents(settings: Settings, verbose: bool) -> None:
    """Each intent's cross-validated precision and recall, and what it is taken for."""
    try:
        found = load_knowledge(settings.knowledge_dir).intents
    except HiringAdvisorError as exc:
        raise fail(exc, 2) from None
    if found is None:
        typer.echo("intents: none (the knowledge has no intents.yml)")
        return
    report = cross_validate(found, make_embedder(settings).load())
    total = sum(report.support.values())
    typer.echo(f"intents: {len(found.intents)}, {total} examples, cross-validated "
               f"({report.below_threshold} below the threshold {found.threshold})")
    typer.echo(f"  {'intent':<16}{'precision':>10}{'recall':>8}{'examples':>10}")
    for intent in found.intents:
        typer.echo(f"  {intent.id:<16}{report.precision[intent.id]:>10.3f}"
                   f"{report.recall[intent.id]:>8.3f}{report.support[intent.id]:>10}")
    for (said, read), count in report.confusions.most_common():
        typer.echo(f"  confused: {said} read as {read} ({count})")
    if verbose:
        for text, said, read, sure in report.examples:
            typer.echo(f"  miss {text!r}: {said} read as {read} ({sure:.2f})")


def _print_retrieval_scores(retriever: Retriever, items: list[EvalQuestion],
                            verbose: bool) -> Measures:
    """Retrieval by style and (verbose) each miss; the measures overall."""
    report = evaluate(retriever, items)
    typer.echo(f"retrieval: {len(report.in_scope)} in-scope and {len(report.out_of_scope)} "
               "out-of-scope questions")
    typer.echo("by style (hit@3, or rejection for out-of-scope styles):")
    for style, (count, rate) in report.by_style().items():
        typer.echo(f"  {style:<22} {count:>3}  {rate:.2f}")
    if verbose:
        for o in report.failures():
            got = ", ".join(o.top) or "nothing"
            typer.echo(
                f"  miss {o.question.id} (rank {o.rank}, score {o.score:.2f}) "
                f"{o.question.question!r}\n    expected {o.question.expected[:2]}, got {got}"
                + (f"; {o.reason}" if o.reason else "")
            )
    return {f"retrieval.{name}": value for name, value in report.metrics().items()}


def _print_conversations(engine: Engine, path: Path, verbose: bool) -> Measures:
    """Play a conversation set: its turns passed by style, and (verbose) the failures; the
    share passed."""
    try:
        outcomes = evaluate_conversations(engine.conversation, load_conversations(path))
    except HiringAdvisorError as exc:
        raise fail(exc, 2) from None
    passed = sum(o.ok for o in outcomes)
    typer.echo(f"conversation turns: {passed}/{len(outcomes)} pass ({path})")
    total, ok = Counter(o.style for o in outcomes), Counter(o.style for o in outcomes if o.ok)
    if len(total) > 1:
        typer.echo("  " + "  ".join(f"{s or '-'} {ok[s]}/{n}" for s, n in sorted(total.items())))
    if verbose:
        for o in outcomes:
            if not o.ok:
                typer.echo(f"  fail {o.conversation}.{o.turn} {o.message!r}: "
                           f"{'; '.join(o.problems)}")
    return {"conversations.passed": passed / max(len(outcomes), 1)}


def _print_checks(engine: Engine, verbose: bool) -> Measures:
    """The knowledge's publish checks on the index in service: counts and the failures; the
    shares passed and the search ranks."""
    report = run_checks(engine.index.checks, engine)
    counts = report.counts()
    typer.echo(f"checks: {counts['pass']} pass, {counts['fail']} fail, {counts['stale']} stale")
    for outcome in report.failures() if verbose or counts["fail"] else []:
        check = outcome.check
        typer.echo(f"  {outcome.status} {check.path}:{check.line} {check.ask!r}: "
                   f"{outcome.detail}")
    return {f"checks.{name}": value for name, value in report.metrics().items()}


def _print_sweep(retriever: Retriever, items: list[EvalQuestion]) -> None:
    """Answered share vs out-of-scope rejection for a range of score thresholds."""
    keep = retriever.min_relevance
    typer.echo("min_relevance  answered  oos_rejection  hit@1  hit@3")
    try:
        for step in range(15, 55, 5):
            retriever.min_relevance = step / 100
            m = evaluate(retriever, items).metrics()
            typer.echo(
                f"  {step / 100:.2f}         {m['answered']:.3f}     {m['oos_rejection']:.3f}"
                f"          {m['hit@1']:.3f}  {m['hit@3']:.3f}"
            )
    finally:
        retriever.min_relevance = keep
