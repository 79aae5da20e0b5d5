"""The `hiring-advisor` command line: build the index, ask, evaluate, serve, list gaps."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from api.config import Settings, get_settings
from api.errors import HiringAdvisorError, KnowledgeError

if TYPE_CHECKING:
    from api.dialogue.conversation import Conversation
    from api.store.repository import Store

T = TypeVar("T")

app = typer.Typer(
    help="hiring-advisor: hiring advice from the knowledge in knowledge/.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

KnowledgeOpt = Annotated[
    Path | None,
    typer.Option("--knowledge", help="Knowledge directory [default: HIRING_ADVISOR_KNOWLEDGE_DIR]"),
]
IndexOpt = Annotated[
    Path | None, typer.Option("--out", "--index", help="Index directory [default: index/]")
]


def _settings(knowledge: Path | None = None, index: Path | None = None) -> Settings:
    settings = get_settings()
    updates: dict[str, Path] = {}
    if knowledge is not None:
        updates["knowledge_dir"] = knowledge
    if index is not None:
        updates["index_dir"] = index
    return settings.model_copy(update=updates) if updates else settings


def _fail(error: HiringAdvisorError, code: int = 1) -> typer.Exit:
    """Print a domain error for a person and return the exit to raise."""
    if isinstance(error, KnowledgeError):
        typer.echo(f"error: {len(error.problems)} problem(s) in the knowledge base:", err=True)
        for problem in error.problems:
            typer.echo(f"  {problem}", err=True)
        typer.echo("The index was not changed.", err=True)
    else:
        typer.echo(f"error: {error}", err=True)
    return typer.Exit(code)


def _with_store(action: Callable[[Store], T]) -> T:
    """`action` on the configured conversation store, closed afterwards; a store error is
    printed for a person (exit 1)."""
    from api.serve.service import store_from_settings

    store = store_from_settings(get_settings())
    try:
        return action(store)
    except HiringAdvisorError as exc:
        raise _fail(exc) from None
    finally:
        store.close()


@app.command("build-index")
def build_index_command(
    knowledge: KnowledgeOpt = None,
    out: IndexOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Publish even if checks got worse or are stale.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Re-embed every snippet.")] = False,
    if_stale: Annotated[
        bool, typer.Option("--if-stale", help="Do nothing when the index is up to date.")
    ] = False,
) -> None:
    """Validate knowledge/, build the index (embedding only what changed), run the checks of
    knowledge/checks.yml on the index in service and on the new build, and publish the new one
    when no check got worse and none is stale.

    Exits 0 when published or up to date, 1 when the knowledge is invalid, 4 when the checks
    refused the build. Example: hiring-advisor build-index --knowledge knowledge --out index
    """
    from functools import partial

    from api.embedding.encoders import make_embedder
    from api.publish.publishing import publish
    from api.serve.service import open_conversation

    settings = _settings(knowledge, out)
    embedder = make_embedder(settings)
    try:
        result = publish(
            settings.knowledge_dir, settings.index_dir, embedder,
            partial(open_conversation, embedder=embedder, settings=settings),
            force=force, full=full, if_stale=if_stale, progress=sys.stderr.isatty(),
        )
    except HiringAdvisorError as exc:
        raise _fail(exc) from None
    if result.status == "failed":
        raise _fail(KnowledgeError(result.problems))
    if result.status == "unavailable":
        typer.echo(f"error: {result.message}", err=True)
        raise typer.Exit(1)
    if result.build is not None:
        report = result.build
        for warning in report.warnings:
            typer.echo(f"warning: {warning}", err=True)
        typer.echo(f"{report.summary()} ({report.total} snippets, {report.seconds:.1f}s)")
    if result.gate is not None:
        typer.echo(result.gate.table())
    typer.echo(result.message)
    if result.status == "published" and result.build is not None:
        typer.echo(f"index: {result.build.path}")
    if result.status == "refused":
        raise typer.Exit(4)


@app.command("validate")
def validate_command(knowledge: KnowledgeOpt = None) -> None:
    """Check the knowledge files without building anything; lists every problem with file:line.

    Example: hiring-advisor validate --knowledge knowledge
    """
    from api.knowledge.loader import load_knowledge

    settings = _settings(knowledge)
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except HiringAdvisorError as exc:
        raise _fail(exc) from None
    from api.answer.kit import kit_warnings

    for warning in [*kb.warnings, *kit_warnings(kb.profile, kb.snippets)]:
        typer.echo(f"warning: {warning}", err=True)
    profile = kb.profile
    typer.echo(
        f"ok: {len(kb.snippets)} snippets, {len(kb.salaries)} salary records, "
        f"{len(profile.roles)} roles, {len(profile.ladders)} ladder(s), "
        f"{len(kb.synonyms)} synonym terms, {len(kb.checks)} checks"
    )


@app.command("status")
def status_command(knowledge: KnowledgeOpt = None, out: IndexOpt = None) -> None:
    """Say whether the index is up to date with knowledge/ and the configured model.

    Exits 0 when fresh, 3 when a build is needed. Example: hiring-advisor status
    """
    from api.embedding.encoders import make_embedder
    from api.index.build import index_status

    settings = _settings(knowledge, out)
    try:
        status = index_status(
            settings.knowledge_dir, settings.index_dir, make_embedder(settings).vector_space
        )
    except HiringAdvisorError as exc:
        raise _fail(exc) from None
    typer.echo(status.reason)
    if not status.fresh:
        raise typer.Exit(3)


@app.command("ask")
def ask_command(
    question: Annotated[
        str | None, typer.Argument(help="The question; omit it to ask several in a row.")
    ] = None,
    k: Annotated[int, typer.Option("-k", "--top-k", min=1, max=50, help="Snippets to show.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out: IndexOpt = None,
) -> None:
    """Print the best snippets for a question, with scores and sources.

    Example: hiring-advisor ask "what does a senior AI engineer earn in Boston?"
    """
    from api.search.retrieval import Retriever

    settings = _settings(index=out)
    try:
        retriever = Retriever.from_settings(settings)
    except HiringAdvisorError as exc:
        raise _fail(exc, 2) from None
    if question is not None:
        _print_retrieval(retriever, question, k, as_json)
        return
    typer.echo("Ask a question (empty line or Ctrl-D to quit).")
    while True:
        try:
            line = input("? ").strip()
        except (EOFError, KeyboardInterrupt):
            typer.echo()
            return
        if not line:
            return
        _print_retrieval(retriever, line, k, as_json)


def _print_retrieval(retriever: object, question: str, k: int, as_json: bool) -> None:
    from api.search.retrieval import Retriever

    assert isinstance(retriever, Retriever)
    result = retriever.retrieve(question, top_k=k)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "question": question,
                    "relevant": result.relevant,
                    "reason": result.reason,
                    "hits": [
                        {
                            "id": h.snippet.id,
                            "title": h.snippet.title,
                            "score": round(h.score, 4),
                            "dense": round(h.dense, 4),
                            "lexical": round(h.lexical, 4),
                            "path": f"{h.snippet.path}:{h.snippet.line}",
                            "text": h.snippet.text,
                        }
                        for h in result.hits
                    ],
                },
                indent=2,
            )
        )
        return
    if not result.relevant:
        typer.echo(f"Nothing relevant found in the guidance ({result.reason}).")
        return
    for rank, hit in enumerate(result.hits, start=1):
        snippet = hit.snippet
        typer.echo(
            f"{rank}. [{hit.score:.2f}] {snippet.title}  ({snippet.id}, "
            f"{snippet.path}:{snippet.line}; source: {snippet.source}, as of {snippet.as_of})"
        )
        typer.echo(f"   {snippet.text}\n")


@app.command("eval")
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
    out: IndexOpt = None,
) -> None:
    """Score the index in service: retrieval (hit@1, hit@3, MRR, fact recall, rejection), the
    answers a person sees, whole conversations, and the knowledge's publish checks.

    Examples: hiring-advisor eval --verbose --answers;
    hiring-advisor eval --out /tmp/index --conversations tests/eval/kb2/conversations.jsonl
    """
    from api.cli.evaluation import evaluate, load_questions
    from api.dialogue.conversation import Conversation
    from api.search.retrieval import Retriever

    settings = _settings(index=out)
    only_conversations = conversations is not None and questions is None and not answers
    try:
        retriever = Retriever.from_settings(settings)
        items = [] if only_conversations else load_questions(questions or settings.eval_path)
    except HiringAdvisorError as exc:
        raise _fail(exc, 2) from None
    conversation = Conversation(retriever)
    if checks:
        _print_checks(conversation, verbose)
    if only_conversations:
        assert conversations is not None
        _print_conversations(conversation, conversations, verbose)
        return
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
    if sweep:
        _print_sweep(retriever, items)
    if answers:
        from api.cli.evaluation import evaluate_answers

        scores = evaluate_answers(conversation, items)
        typer.echo("answers (one question per conversation):")
        for name, value in scores.summary().items():
            typer.echo(f"  {name:<16} {value:.3f}")
        path = conversations or (questions or settings.eval_path).with_name("conversations.jsonl")
        if path.exists():
            _print_conversations(conversation, path, verbose)


def _print_conversations(conversation: Conversation, path: Path, verbose: bool) -> None:
    """Play a conversation set; pass rate overall and by style, and the failures."""
    from collections import Counter

    from api.cli.evaluation import evaluate_conversations, load_conversations

    try:
        outcomes = evaluate_conversations(conversation, load_conversations(path))
    except HiringAdvisorError as exc:
        raise _fail(exc, 2) from None
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


def _print_checks(conversation: Conversation, verbose: bool) -> None:
    from api.publish.checks import run_checks

    report = run_checks(conversation.retriever.index.checks, conversation)
    counts = report.counts()
    typer.echo(f"checks: {counts['pass']} pass, {counts['fail']} fail, {counts['stale']} stale")
    for name, value in report.metrics().items():
        typer.echo(f"  {name:<14} {value:.3f}")
    for outcome in report.failures() if verbose or counts["fail"] else []:
        check = outcome.check
        typer.echo(f"  {outcome.status} {check.path}:{check.line} {check.ask!r}: "
                   f"{outcome.detail}")


def _print_sweep(retriever: object, items: list) -> None:
    """Answered share vs out-of-scope rejection for a range of score thresholds."""
    from api.cli.evaluation import evaluate
    from api.search.retrieval import Retriever

    assert isinstance(retriever, Retriever)
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


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the chat API and the widget (uvicorn), loading the model and index once per worker.

    Example: hiring-advisor serve --host 0.0.0.0 --port 8000 --workers 2
    """
    import os

    import uvicorn

    from api.embedding.encoders import OnnxEmbedder, make_embedder
    from api.serve.metrics import multiprocess_directory
    from api.serve.service import store_from_settings
    from api.store.repository import StoreUnavailable

    settings = get_settings()
    if settings.embed_threads is None:
        # Workers share the cores: give each its fair part rather than all of them.
        threads = max(1, (os.cpu_count() or 1) // workers)
        os.environ["HIRING_ADVISOR_EMBED_THREADS"] = str(threads)
    embedder = make_embedder(settings)
    if isinstance(embedder, OnnxEmbedder):
        try:
            embedder.ensure_exported()  # once, here, before the workers start
        except HiringAdvisorError as exc:
            raise _fail(exc) from None
    store = store_from_settings(settings)
    try:
        store.prepare()  # once, here, before the workers start
    except StoreUnavailable as exc:
        typer.echo(f"warning: {exc}; answers will be given but not kept", err=True)
    finally:
        store.close()
    typer.echo(f"serving on http://{host}:{port} (docs: /docs, widget demo: /)")
    # Several workers record their metrics in a private directory that /metrics adds up.
    with multiprocess_directory(workers):
        uvicorn.run(
            "api.serve.app:app", host=host, port=port, workers=workers, access_log=False,
            log_level="warning",
            # Forwarded addresses are read by the app, from HIRING_ADVISOR_TRUSTED_PROXIES only.
            proxy_headers=False,
        )


@app.command("gaps")
def gaps_command(
    limit: Annotated[int, typer.Option(min=1, max=500, help="Groups to show.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List questions that went unanswered, scored low or got a thumbs-down, grouped.

    Example: hiring-advisor gaps --limit 10
    """
    groups = _with_store(lambda store: store.gaps(limit))
    if as_json:
        typer.echo(json.dumps([
            {"question": g.question, "count": g.count, "reasons": g.reasons,
             "examples": g.examples, "last_seen": g.last_seen.isoformat(), "detail": g.detail}
            for g in groups
        ], indent=2))
        return
    if not groups:
        typer.echo("No content gaps recorded yet.")
        return
    for g in groups:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(g.reasons.items()))
        typer.echo(f"{g.count:>4}  {g.question}  [{reasons}; last {g.last_seen:%Y-%m-%d %H:%M}]")
        for other in g.examples[1:]:
            typer.echo(f"      also: {other}")
        if g.detail:
            typer.echo(f"      why: {g.detail}")


@app.command("purge")
def purge_command() -> None:
    """Delete conversations idle for longer than HIRING_ADVISOR_SESSION_TTL_MINUTES and content
    gaps older than HIRING_ADVISOR_GAP_RETENTION_DAYS (a running server does this every
    HIRING_ADVISOR_PURGE_INTERVAL_MINUTES too).

    Example: hiring-advisor purge
    """
    report = _with_store(lambda store: store.purge())
    typer.echo(f"purged {report.sessions} expired conversation(s) ({report.messages} turns) "
               f"and {report.gaps} old content gap(s)")


kit_app = typer.Typer(help="Hiring kits drafted from the knowledge: a job post, a screening "
                           "scorecard. Every line is quoted from a snippet or salary record.",
                      no_args_is_help=True)
app.add_typer(kit_app, name="kit")
RoleOpt = Annotated[str, typer.Option("--role", help="A role id or any of its names.")]
LevelOpt = Annotated[str | None, typer.Option("--level", help="A level id or name.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the structured document as JSON.")]


def _print_kit(kind: str, role: str, level: str | None, location: str | None,
               knowledge: Path | None, as_json: bool) -> None:
    """Draft a kit from the knowledge directory (no index needed) and print it.

    Exits 1 when the knowledge is invalid, 2 for a role, level or place it does not have, 3
    when it has nothing for this kit and role; each message says what it has instead.
    """
    from api.answer.kit import Kits, NoKitContent, UnknownKitValue
    from api.knowledge.domain import Domain
    from api.knowledge.loader import load_knowledge

    try:
        kb = load_knowledge(_settings(knowledge).knowledge_dir)
        kits = Kits(Domain(kb.profile, {r.id: r for r in kb.salaries}), kb.snippets)
        document = kits.build(kits.ask(kind, role, level, location))
    except UnknownKitValue as exc:
        raise _fail(exc, 2) from None
    except NoKitContent as exc:
        raise _fail(exc, 3) from None
    except HiringAdvisorError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(json.dumps(document.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(document.markdown, nl=False)


@kit_app.command("job-post")
def kit_job_post_command(
    role: RoleOpt,
    level: LevelOpt = None,
    location: Annotated[str | None, typer.Option(
        "--location", help="A place: its figure, or the nearest one, labelled.")] = None,
    knowledge: KnowledgeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print a job post drafted from the knowledge, as Markdown.

    Its sections come from the profile (about the role, responsibilities, requirements, nice to
    have, compensation: the matching salary record or the nearest, labelled, how the team
    works); each line is quoted from the knowledge and its sources are listed at the end. Exits
    2 for a role, level or place the knowledge lacks, 3 when it has nothing for the role.

    Example: hiring-advisor kit job-post --role "AI engineer" --level senior --location Boston
    """
    _print_kit("job_post", role, level, location, knowledge, as_json)


@kit_app.command("scorecard")
def kit_scorecard_command(
    role: RoleOpt,
    level: LevelOpt = None,
    knowledge: KnowledgeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print a screening scorecard drafted from the knowledge, as Markdown.

    Must-have and nice-to-have criteria quoted from the knowledge, each with what to look for
    and its source. Exits 2 for a role or level the knowledge lacks, 3 when it has nothing for
    the role.

    Example: hiring-advisor kit scorecard --role "ML engineer" --level junior
    """
    _print_kit("scorecard", role, level, None, knowledge, as_json)


db_app = typer.Typer(help="The conversation database (HIRING_ADVISOR_DATABASE_URL): its schema "
                          "migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade_command() -> None:
    """Apply the schema migrations up to the latest (the server does this at start-up too);
    tables made before migrations are recorded as revision 0001 first.

    Example: HIRING_ADVISOR_DATABASE_URL=postgresql+psycopg://user:password@host/db
    hiring-advisor db upgrade
    """
    before, after = _with_store(lambda store: store.upgrade())
    if before == after:
        typer.echo(f"already at {after.current}, the latest")
        return
    start = ("0001 (tables made before migrations)" if before.legacy
             else before.current or "nothing (an empty database)")
    typer.echo(f"upgraded from {start} to {after.current}")


@db_app.command("current")
def db_current_command() -> None:
    """Print the database's schema revision, and whether it is the latest; changes nothing.

    Example: hiring-advisor db current
    """
    schema = _with_store(lambda store: store.revision())
    if schema.legacy:
        typer.echo(f"none: tables made before migrations (`hiring-advisor db upgrade` records "
                   f"them as 0001 and upgrades to {schema.head})")
    elif schema.current is None:
        typer.echo(f"none: an empty database (the latest is {schema.head})")
    elif not schema.known:
        typer.echo(f"{schema.current} (not a revision this version knows; its latest is "
                   f"{schema.head})")
    elif schema.up_to_date:
        typer.echo(f"{schema.current} (the latest)")
    else:
        typer.echo(f"{schema.current} (the latest is {schema.head}: `hiring-advisor db upgrade`)")


def main() -> None:
    """Console entry point."""
    from pydantic import ValidationError

    from api.config import settings_problems

    try:
        app()
    except ValidationError as exc:
        typer.echo(f"error: fix these settings:\n{settings_problems(exc)}", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
