"""Reading a message into what it asks: intent and slots.

Owns the reading of a message (small talk, a decline, pay, a comparison, a source; role, level,
place, amounts), the protected-characteristic screen (`fairness`) and a message's language, from
the words the profile lists for each (`language`). Names are resolved against the `Domain`, never
named in code. May import `api.search`, `api.knowledge`, `api.text`.
"""
