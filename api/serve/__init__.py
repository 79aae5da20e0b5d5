"""The HTTP service: the app factory, routes, dependencies and middleware.

Owns the `ChatService` (the engine in service, the store, reindexing), the FastAPI app built by
`create_app` (`uvicorn --factory`), routes, schemas, dependencies, middleware, error handlers,
rate limits, metrics, logs and the widget's static files. Holds no retrieval or answering
logic. May import every layer below it.
"""
