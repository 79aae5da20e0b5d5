"""Error handlers: every error the app answers is JSON `{"detail": ...}` (and `errors` for an
invalid request); an unexpected one names only the request id."""

from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

log = logging.getLogger("hiring_advisor")


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


