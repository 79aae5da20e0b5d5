"""The content console at /admin: its routes, sign-in, views and static files.

A thin HTTP layer over the chat service and the store, like `api.serve`, for the people who
keep the knowledge. May import `api.serve` and everything below it.
"""
