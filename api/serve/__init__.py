"""The HTTP service: routes, dependencies, middleware and the chat service behind them.

Owns the `ChatService` (the engine in service, the store, reindexing), the app's lifespan,
routes, schemas, dependencies, middleware, error handlers, rate limits, metrics, logs and the
widget's static files; `api.main` builds the app from these and the console. Holds no retrieval
or answering logic. May import every layer below it.
"""
