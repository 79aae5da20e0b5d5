"""What an answer repeats of what the person typed, and the answer without it.

Some answers quote the message: the role it named that the knowledge lacks ("I have nothing on
<it>"), each question of a message that asked several (`Answer.quoted`), and the gap's detail
names the words of the message the knowledge does not know (`Answer.unknown`). Where what
people typed is not to be kept (`HIRING_ADVISOR_LOG_MESSAGES` off) the stored answer has them
masked, so the console, the gap export and the logs never show them:

- the quoted fragments, in the text and the detail;
- the unknown words, in the detail; in the text too when they are not English words at all
  (names, codes, made-up words), which no sentence of the assistant's own uses. An everyday
  word the person typed ("draft", "scorecard") may also be the assistant's own word in the
  text, so it is masked there only where it is quoted.

Words the knowledge itself uses, and the place names it recognises, are not the person's:
they stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from api.text.words import english_frequency

MASK = "[…]"


def masked(text: str, fragments: Iterable[str]) -> str:
    """`text` with every occurrence of each fragment (in any case, as whole words, with a
    plural ending) replaced by `MASK`; the longest fragments first."""
    ordered = sorted({f.strip() for f in fragments if f.strip()}, key=len, reverse=True)
    if not ordered or not text:
        return text
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in ordered)
        + r")(?:e?s)?(?!\w)", re.IGNORECASE)
    return pattern.sub(MASK, text)


def without_quotes(text: str, detail: str, quoted: Sequence[str], unknown: Sequence[str]
                   ) -> tuple[str, str]:
    """An answer's text and detail with what they repeat of the message masked (module doc)."""
    frequency = english_frequency()
    foreign = [w for w in unknown if frequency[w] == 0]
    return masked(text, (*quoted, *foreign)), masked(detail, (*quoted, *unknown))
