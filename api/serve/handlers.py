"""Error handlers: every error the app answers is JSON `{"detail": ...}` (and `errors` for an
invalid request); an unexpected one names only the request id."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger("hiring_advisor")


def _routes(routes: Iterable[Any]) -> Iterator[Any]:
    """Every route, those of included routers too (FastAPI keeps an included router as one
    entry whose routes are its own router's; ours carry their whole path)."""
    for route in routes:
        original = getattr(route, "original_router", None)
        if original is not None:
            yield from _routes(original.routes)
        else:
            yield route


def add_error_handlers(app: FastAPI) -> None:
    """JSON for validation errors, HTTP errors and anything unexpected."""
    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
            if error.get("type") == "json_invalid":
                where, message = "body", "the body is not valid JSON"
            elif error.get("type") == "extra_forbidden":
                message = "unknown field; remove it"
            errors.append({"field": where, "message": message, "type": error.get("type")})
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return JSONResponse({"detail": f"invalid request: {summary}", "errors": errors}, 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return JSONResponse({"detail": detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def routing_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Starlette's own (404, 405): a 405's Allow names every method of the path, also
        when they are routes of their own (one per method), not only the first route's."""
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            methods = {method for route in _routes(request.app.routes)
                       if route.matches(request.scope)[0] != Match.NONE
                       for method in getattr(route, "methods", None) or ()}
            if methods:
                headers["Allow"] = ", ".join(sorted(methods))
        return JSONResponse({"detail": str(exc.detail)}, exc.status_code, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = request.scope.get("request_id", "")
        log.exception("unhandled error", extra={"fields": {"request_id": request_id}})
        # Answered by Starlette's outermost middleware, outside RequestLog: add the id here.
        return JSONResponse(
            {"detail": f"internal error; quote request id {request_id} when reporting it"},
            500,
            headers={"x-request-id": request_id},
        )


