"""`eval`: score the index in service on question sets, answers, conversations and the
knowledge's own publish checks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import IndexOpt, fail, settings_for
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


def eval_command(
    questions: Annotated[
        Path | None, typer.Option(help="JSONL question set [default: tests/eval/questions.jsonl]")
    ] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List each miss.")] = False,
    sweep: Annotated[
        bool, typer.Option(help="Show the effect of other relevance thresholds.")
    ] = False,
    answers: Annotated[
        bool, typer.Option(help="Also score the answers a person would see, and conversations.")
    ] = False,
    conversations: Annotated[
        Path | None, typer.Option(help="JSONL conversations to play; alone, only those are "
                                  "scored [default with --answers: conversations.jsonl beside "
                                  "the questions]")
    ] = None,
    checks: Annotated[
        bool, typer.Option(help="Run the publish checks of the knowledge on the index.")
    ] = False,
    intents: Annotated[
        bool, typer.Option(help="Report how well the intents of knowledge/intents.yml are told "
                                "apart (cross-validated precision, recall, confusions).")
    ] = False,
    out: IndexOpt = None,
) -> None:
    """Score the index in service: retrieval (hit@1, hit@3, MRR, fact recall, rejection), the
    answers a person sees, whole conversations, and the knowledge's publish checks.

    Examples: hiring-advisor eval --verbose --answers;
    hiring-advisor eval --out /tmp/index --conversations tests/eval/kb2/conversations.jsonl
    """
    settings = settings_for(index=out)
    if intents:
        _print_intents(settings, verbose)
        if questions is None and conversations is None and not (answers or checks or sweep):
            return
    only_conversations = conversations is not None and questions is None and not answers
    try:
        engine = serving_engine(settings.index_dir, make_embedder(settings), settings)
        items = [] if only_conversations else load_questions(questions or settings.eval_path)
    except HiringAdvisorError as exc:
        raise fail(exc, 2) from None
    if checks:
        _print_checks(engine, verbose)
    if only_conversations:
        assert conversations is not None
        _print_conversations(engine, conversations, verbose)
        return
    _print_retrieval_scores(engine.retriever, items, verbose)
    if sweep:
        _print_sweep(engine.retriever, items)
    if answers:
        scores = evaluate_answers(engine.conversation, items)
        typer.echo("answers (one question per conversation):")
        for name, value in scores.summary().items():
            typer.echo(f"  {name:<16} {value:.3f}")
        path = conversations or (questions or settings.eval_path).with_name("conversations.jsonl")
        if path.exists():
            _print_conversations(engine, path, verbose)


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
                            verbose: bool) -> None:
    """Retrieval metrics overall and by style, and (verbose) each miss."""
    report = evaluate(retriever, items)
    typer.echo(
        f"{len(report.in_scope)} in-scope and {len(report.out_of_scope)} out-of-scope questions"
    )
    for name, value in report.metrics().items():
        typer.echo(f"  {name:<14} {value:.3f}")
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


def _print_conversations(engine: Engine, path: Path, verbose: bool) -> None:
    """Play a conversation set; pass rate overall and by style, and the failures."""
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


def _print_checks(engine: Engine, verbose: bool) -> None:
    """The knowledge's publish checks on the index in service."""
    report = run_checks(engine.index.checks, engine)
    counts = report.counts()
    typer.echo(f"checks: {counts['pass']} pass, {counts['fail']} fail, {counts['stale']} stale")
    for name, value in report.metrics().items():
        typer.echo(f"  {name:<14} {value:.3f}")
    for outcome in report.failures() if verbose or counts["fail"] else []:
        check = outcome.check
        typer.echo(f"  {outcome.status} {check.path}:{check.line} {check.ask!r}: "
                   f"{outcome.detail}")


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
