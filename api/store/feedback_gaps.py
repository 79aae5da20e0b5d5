"""Feedback and content gaps in the store: ratings, the questions that went badly grouped for
the gap report, and an editor's marks on those groups (`FeedbackGapStore`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.store.base import StoreBase
from api.store.records import (
    GAP_STATUSES,
    GapGroup,
    UnknownGapError,
    UnknownMessageError,
    unavailable_on_error,
)
from api.store.tables import ChatMessage, Feedback, Gap, HandledGap, utc_now
from api.text.words import gap_key


class FeedbackGapStore(StoreBase):
    """Ratings, and the content gaps they and unanswered turns record, grouped and marked."""

    def add_feedback(self, message_id: str, rating: str, comment: str | None) -> None:
        """Record a rating; a thumbs-down also records a content gap.

        Raises:
            UnknownMessageError: no such message.
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with unavailable_on_error("store the feedback"), self._sessions.begin() as db:
            message = db.get(ChatMessage, message_id)
            if message is None:
                raise UnknownMessageError(f"no message with id '{message_id}'")
            if message.rating == rating and self._add_comment(db, message_id, rating, comment):
                return  # the same rating again, with why: one rating, one gap
            message.rating = rating
            db.add(Feedback(message_id=message_id, rating=rating, comment=comment))
            if rating == "down":
                db.add(Gap(question=message.question, key=gap_key(message.question),
                           reason="thumbs_down", score=message.score, message_id=message_id,
                           detail=comment))

    @staticmethod
    def _add_comment(db: Session, message_id: str, rating: str, comment: str | None) -> bool:
        """The same rating given again (the widget asks why after a thumbs down): its comment
        goes to the rating already recorded, and to its gap. False when there is none to add
        it to (that rating has a comment already: a new one is a rating of its own)."""
        last = db.scalars(select(Feedback).where(
            Feedback.message_id == message_id, Feedback.rating == rating
        ).order_by(Feedback.id.desc()).limit(1)).first()
        if last is None or (comment and last.comment):
            return False
        if comment:
            last.comment = comment
            gap = db.scalars(select(Gap).where(
                Gap.message_id == message_id, Gap.reason == "thumbs_down"
            ).order_by(Gap.id.desc()).limit(1)).first()
            if gap is not None and rating == "down":
                gap.detail = comment
        return True

    def feedback_for(self, message_id: str) -> list[Feedback]:
        with self._sessions() as db:
            return list(db.scalars(select(Feedback).where(Feedback.message_id == message_id)))

    def gaps(self, limit: int = 50, *, since: datetime | None = None,
             reasons: Collection[str] | None = None, status: str = "all",
             examples: int = 3) -> list[GapGroup]:
        """Gap questions grouped by content words, most frequent first.

        Args:
            since: only questions asked from then on.
            reasons: only questions that went badly for one of these reasons.
            status: "open" leaves out the groups marked handled (and not asked again since),
                "handled" keeps only those; "all" both.
            examples: how many different wordings to give per group.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        if status not in GAP_STATUSES:
            raise ValueError(f"status must be one of {', '.join(GAP_STATUSES)}, got {status!r}")
        self.prepare()
        query = select(Gap).order_by(Gap.created_at.desc(), Gap.id.desc())
        if since is not None:
            query = query.where(Gap.created_at >= since)
        if reasons is not None:
            query = query.where(Gap.reason.in_(list(reasons)))
        with unavailable_on_error("read the content gaps"), self._sessions() as db:
            rows = list(db.scalars(query))
            marks = {m.key: m for m in db.scalars(select(HandledGap))} if rows else {}
        groups: dict[str, list[Gap]] = defaultdict(list)
        for row in rows:
            groups[row.key].append(row)
        result = []
        for key, members in groups.items():
            reason_counts: dict[str, int] = defaultdict(int)
            for m in members:
                reason_counts[m.reason] += 1
            wordings = list(dict.fromkeys(m.question for m in members))
            mark = marks.get(key)
            group = GapGroup(
                question=members[0].question,
                count=len(members),
                reasons=dict(reason_counts),
                examples=wordings[:examples],
                last_seen=members[0].created_at,
                detail=next((m.detail for m in members if m.detail), ""),
                key=key,
                missing=next((m.detail for m in members
                              if m.detail and m.reason != "thumbs_down"), ""),
                comments=tuple(dict.fromkeys(m.detail for m in members
                                             if m.detail and m.reason == "thumbs_down")),
                handled_at=mark.handled_at if mark else None,
                handled_by=mark.handled_by if mark else "",
                note=(mark.note or "") if mark else "",
            )
            if status == "all" or group.handled == (status == "handled"):
                result.append(group)
        result.sort(key=lambda g: (-g.count, -g.last_seen.timestamp()))
        return result[:limit]

    def mark_handled(self, key: str, by: str, note: str | None = None) -> datetime:
        """Mark the gap group `key` as dealt with, now (again, if it was already).

        Raises:
            UnknownGapError: no gap of that group is kept.
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        now = utc_now()
        with unavailable_on_error("mark the gap handled"), self._sessions.begin() as db:
            if db.scalar(select(Gap.id).where(Gap.key == key).limit(1)) is None:
                raise UnknownGapError(f"no content gap grouped as '{key}' is kept")
            db.execute(delete(HandledGap).where(HandledGap.key == key))
            db.add(HandledGap(key=key, handled_at=now, handled_by=by, note=note or None))
        return now

    def unmark_handled(self, key: str) -> None:
        """Open the gap group `key` again (nothing happens when it was not marked).

        Raises:
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with unavailable_on_error("reopen the gap"), self._sessions.begin() as db:
            db.execute(delete(HandledGap).where(HandledGap.key == key))
