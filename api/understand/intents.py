"""What a message asks, by the intent classifier the build trained on the knowledge's examples
(`knowledge/intents.yml`): used where a message's own words do not say, and only when the
classifier is at least as sure as the content asks (`threshold`)."""

from __future__ import annotations

from dataclasses import replace

from api.embedding.base import BaseEmbedder
from api.index.intents import IntentModel
from api.understand.reading import Reading

# The intents the code acts on (kinds of question, as the content's examples define them).
PAY = "pay"  # what someone is paid or costs
OFF_TOPIC = "off-topic"  # not about hiring at all
FOLLOW_UP = "follow-up"  # a change or correction of what was just asked
SOURCE = "source"  # where an answer or a figure comes from, and how old it is
TOPIC = "topic"  # what the role involves, skills, certifications, how to hire
# Rankings a question about a topic asks in words of its own ("which skills are most
# important?"), not of pay, even beside a place or a level.
_RANKINGS = ("highest", "lowest", "rank")


class IntentReader:
    """Reads a message's intent with a build's classifier (none: every message as it reads)."""

    def __init__(self, model: IntentModel | None, embedder: BaseEmbedder) -> None:
        self.model = model
        self.embedder = embedder

    def intent(self, reading: Reading) -> tuple[str, float]:
        """The likeliest intent of a message and how sure the classifier is ("", 0 without
        one). The vector is the one search makes of the same words (shared by the cache)."""
        if self.model is None:
            return "", 0.0
        return self.model.predict(self.embedder.encode_query(reading.analysis.dense))

    def read(self, reading: Reading, *, pay: bool = True, question: Reading | None = None
             ) -> tuple[Reading, str, float]:
        """The reading (asking pay when its words do not say so but the classifier is sure it
        does: "what's the damage for a senior?"; not when `pay` is False, as while a drafted
        kit is being changed), the intent the classifier reads and how sure it is ("" when it
        was not asked: small talk, a decline, no classifier). `question`: the question the
        message ends on after its background, which alone says what is asked."""
        if self.model is None or reading.smalltalk is not None or reading.declined:
            return reading, "", 0.0
        intent, sure = self.intent(question or reading)
        # A message that names a level or place figures are kept by needs less to be read as
        # pay ("what's a senior going for these days?"; not "how costly is an AI team?").
        needed = self.model.named if reading.salary_slots else self.model.threshold
        if sure < needed:
            return reading, intent, sure
        if pay and intent == PAY and not reading.pay:
            reading = replace(reading, pay=True)
        elif intent == FOLLOW_UP and not reading.followup:
            reading = replace(reading, followup=True)  # "sorry, I meant London specifically"
        elif intent == SOURCE and not reading.source_question \
                and not (reading.amounts and reading.op) \
                and not any(map(reading.says, ("percent", "ratio", "average"))):
            # (not an amount checked, "by how much?", nor "that as a % of the BLS number?")
            reading = replace(reading, source_question=True)  # "is this data still current?"
        elif intent == TOPIC and reading.op and not (reading.pay or reading.amounts) and (
                reading.op in _RANKINGS or not (reading.salary_slots or reading.refers_back)):
            # "which skills are most important?", "different q: what does the cert cover?"
            # (not "how does that compare with ...?": "that" is the figure just shown)
            reading = replace(reading, op="")
        return reading, intent, sure

    def sure(self, intent: str, found: str, sure: float) -> bool:
        """Whether the classifier read `intent`, and at least as surely as the content asks."""
        return self.model is not None and found == intent and sure >= self.model.threshold
