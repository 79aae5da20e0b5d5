"""Publishing a build: the content's checks, the gate and the history.

Owns running `knowledge/checks.yml` on an engine, comparing the build in service with a new one
(the gate), publishing, keeping a candidate, rolling back, and the history of those events.
May import `api.dialogue` and everything below it; not the store or HTTP.
"""
