"""/docs (Swagger UI) and /redoc served with assets of our own, so they work with no internet.

FastAPI's built-in pages load their scripts from a public CDN and are blank on the intranets many
provincial portals' staff work on. The assets come from the `fastapi-offline` package (kept up
to date with Swagger UI 5 and ReDoc 2, docs/architecture.md); only its static directory is used,
since `NewsdeskAPI` is our own FastAPI subclass.
"""

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import HTMLResponse

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
ASSETS_URL = "/docs/assets"
ASSETS_DIR = Path(str(files("fastapi_offline") / "static"))

# Swagger UI's default validator badge is an image fetched from validator.swagger.io: off-site.
SWAGGER_UI_PARAMETERS = {"validatorUrl": None}


def install_api_docs(app: FastAPI) -> None:
    """Add the documentation pages and their assets; the app is made with docs_url and
    redoc_url None so that FastAPI adds none of its own."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    oauth2_redirect_url = app.swagger_ui_oauth2_redirect_url or f"{DOCS_URL}/oauth2-redirect"

    def prefixed(request: Request, path: str) -> str:
        return f"{request.scope.get('root_path', '')}{path}"

    @app.get(DOCS_URL, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=prefixed(request, app.openapi_url or "/openapi.json"),
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=prefixed(request, oauth2_redirect_url),
            swagger_js_url=prefixed(request, f"{ASSETS_URL}/swagger-ui-bundle.js"),
            swagger_css_url=prefixed(request, f"{ASSETS_URL}/swagger-ui.css"),
            swagger_favicon_url=prefixed(request, f"{ASSETS_URL}/favicon.png"),
            swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        )

    @app.get(oauth2_redirect_url, include_in_schema=False)
    def swagger_ui_oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(REDOC_URL, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        return get_redoc_html(
            openapi_url=prefixed(request, app.openapi_url or "/openapi.json"),
            title=f"{app.title} - ReDoc",
            redoc_js_url=prefixed(request, f"{ASSETS_URL}/redoc.standalone.js"),
            redoc_favicon_url=prefixed(request, f"{ASSETS_URL}/favicon.png"),
            with_google_fonts=False,  # off-site too; ReDoc falls back to system fonts
        )
