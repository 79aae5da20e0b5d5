"""What the content console reads from the store and records in it: its sign-outs, the kept
conversations listed and reviewed, how often each snippet was shown, and the activity per day
(`ConsoleStore`). A review is a conversation's history, hence the base `ConversationStore`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import Text, case, func, or_, select

from api.store.conversations import ConversationStore
from api.store.daily import DAY_COUNTS, day_counts
from api.store.records import ConversationSummary, DayCounts, ReviewedTurn, unavailable_on_error
from api.store.tables import (
    DAILY,
    MESSAGES,
    ChatMessage,
    ChatSession,
    ConsoleSignOut,
    Feedback,
    Gap,
    as_utc,
    utc_now,
)


class ConsoleStore(ConversationStore):
    """The content console's sign-outs, and its reading of the kept conversations."""

    # --- content console sign-outs --------------------------------------------------------------

    def sign_out(self, sid: str, expires_at: datetime) -> None:
        """Refuse the console session `sid` from now on (until `expires_at`, when its cookie
        would expire anyway).

        Raises:
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with unavailable_on_error("record the sign-out"), self._sessions.begin() as db:
            if db.get(ConsoleSignOut, sid) is None:
                db.add(ConsoleSignOut(sid=sid, expires_at=expires_at))

    def signed_out(self, sid: str) -> bool:
        """Whether the console session `sid` was signed out.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        with unavailable_on_error("read the sign-outs"), self._sessions() as db:
            return db.get(ConsoleSignOut, sid) is not None

    # --- reviewing what was asked ---------------------------------------------------------------

    def conversations(self, *, search: str = "", in_text: bool = True,
                      since: datetime | None = None, limit: int = 50
                      ) -> list[ConversationSummary]:
        """The kept conversations, the most recently active first.

        Args:
            search: only conversations with a turn that holds this (any case) in its question
                or answer (when `in_text`), in the id of a source it showed, or in its session
                or message id.
            in_text: whether `search` may look into what was said.
            since: only conversations active from then on.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        cutoff = utc_now() - self.session_ttl
        if since is not None:
            cutoff = max(cutoff, since)
        answered = func.sum(case((ChatMessage.answered.is_(True), 1), else_=0))
        up = func.sum(case((ChatMessage.rating == "up", 1), else_=0))
        down = func.sum(case((ChatMessage.rating == "down", 1), else_=0))
        query = (
            select(ChatSession.id, ChatSession.created_at, ChatSession.last_active,
                   func.count(ChatMessage.id), answered, up, down)
            .join(ChatMessage, ChatMessage.session_id == ChatSession.id)
            .where(ChatSession.last_active > cutoff)
            .group_by(ChatSession.id, ChatSession.created_at, ChatSession.last_active)
            .order_by(ChatSession.last_active.desc())
            .limit(limit)
        )
        needle = search.strip()
        if needle:
            fields = [ChatMessage.sources.cast(Text), ChatMessage.session_id, ChatMessage.id]
            if in_text:
                fields += [ChatMessage.question, ChatMessage.answer]
            matching = select(ChatMessage.session_id).where(
                or_(*(f.icontains(needle, autoescape=True) for f in fields)))
            query = query.where(ChatSession.id.in_(matching))
        with unavailable_on_error("read the conversations"), self.engine.connect() as db:
            rows = db.execute(query).all()
            ids = [r[0] for r in rows]
            first_turn = (select(ChatMessage.session_id, func.min(ChatMessage.turn).label("turn"))
                          .where(ChatMessage.session_id.in_(ids))
                          .group_by(ChatMessage.session_id).subquery())
            firsts = dict(db.execute(
                select(ChatMessage.session_id, ChatMessage.question).join(
                    first_turn, (ChatMessage.session_id == first_turn.c.session_id)
                    & (ChatMessage.turn == first_turn.c.turn))).all()) if ids else {}
        return [ConversationSummary(sid, as_utc(started), as_utc(active), int(turns),
                                    int(yes or 0), int(ups or 0), int(downs or 0),
                                    firsts.get(sid, ""))
                for sid, started, active, turns, yes, ups, downs in rows]

    def review(self, session_id: str) -> list[ReviewedTurn] | None:
        """A kept conversation's turns, oldest first, each with the reasons it was listed as a
        gap and its feedback comments; None when unknown or expired.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        turns = self.history(session_id)
        if turns is None:
            return None
        ids = [m.id for m in turns]
        with unavailable_on_error("read the conversation"), self._sessions() as db:
            gaps = db.execute(select(Gap.message_id, Gap.reason, Gap.detail)
                              .where(Gap.message_id.in_(ids)).order_by(Gap.id)).all()
            notes = db.execute(select(Feedback.message_id, Feedback.comment)
                               .where(Feedback.message_id.in_(ids))
                               .order_by(Feedback.id)).all()
        reasons: dict[str, dict[str, str]] = defaultdict(dict)  # reason -> its first detail
        comments: dict[str, list[str]] = defaultdict(list)
        for mid, reason, detail in gaps:
            reasons[str(mid)].setdefault(reason, detail or "")
        for mid, comment in notes:
            if comment:  # an empty comment says nothing
                comments[mid].append(comment)
        return [ReviewedTurn(m, tuple(reasons[m.id]), tuple(comments[m.id]),
                             tuple(reasons[m.id].values())) for m in turns]

    def source_usage(self) -> Counter[str]:
        """How many kept turns showed each snippet as a source (by snippet id).

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        counts: Counter[str] = Counter()
        with unavailable_on_error("read the conversations"), self.engine.connect() as db:
            result = db.execution_options(yield_per=1000).execute(select(ChatMessage.sources))
            for (sources,) in result:
                counts.update({str(s["id"]) for s in sources or ()
                               if isinstance(s, dict) and s.get("id")})
        return counts

    def activity(self, since: date) -> list[DayCounts]:
        """Questions, answers and ratings per day from `since` on (days with none left out).

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        start = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
        with unavailable_on_error("read the activity"), self.engine.connect() as db:
            days = day_counts(db, select(MESSAGES.c.id).where(MESSAGES.c.created_at >= start))
            for r in db.execute(select(DAILY).where(DAILY.c.day >= since)):
                for name in DAY_COUNTS:
                    days[r.day][name] += getattr(r, name)
        return [DayCounts(day, **days[day]) for day in sorted(days)]
