"""The API's documentation pages, /docs (Swagger UI) and /redoc (ReDoc), and /favicon.ico.

Their scripts and style come from the fastapi-offline package's copy of Swagger UI's and ReDoc's
dist files, served from here under /docs-assets: nothing is loaded from a CDN, so the pages
work where the server has no way out (FastAPI's "self-hosting JavaScript and CSS for docs").
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs-assets"
ASSETS = Path(str(files("fastapi_offline") / "static"))
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.ico"
SWAGGER_UI_PARAMETERS = {
    # Swagger UI would show a badge from its online validator: nothing leaves the page.
    "validatorUrl": None,
    "defaultModelsExpandDepth": 0,  # the schemas are shown with each route
    "displayRequestDuration": True,
    "tryItOutEnabled": True,
}

router = APIRouter(include_in_schema=False)


def _root(request: Request) -> str:
    """The app's root path (a proxy may serve it under a prefix), for the pages' own URLs."""
    return str(request.scope.get("root_path", "")).rstrip("/")


@router.get("/docs")
def get_docs(request: Request) -> HTMLResponse:
    """Swagger UI: every route, its examples, and "Try it out" (Authorize for the admin
    token)."""
    root = _root(request)
    return get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - API",
        swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}/favicon.ico",
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
    )


@router.get("/redoc")
def get_redoc(request: Request) -> HTMLResponse:
    """ReDoc: the same document as one page to read."""
    root = _root(request)
    return get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - API reference",
        redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
        redoc_favicon_url=f"{root}/favicon.ico",
        with_google_fonts=False,
    )


@router.get("/favicon.ico")
def get_favicon() -> FileResponse:
    """The service's icon (browsers ask for it on every page)."""
    return FileResponse(FAVICON, media_type="image/vnd.microsoft.icon",
                        headers={"Cache-Control": "public, max-age=86400"})


def install(app: FastAPI) -> None:
    """Serve the documentation pages, their assets and the icon (the app is made with
    docs_url=None and redoc_url=None)."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    app.include_router(router)
