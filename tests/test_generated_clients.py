"""The integrator contract, tried as integrators try it: the live /openapi.json validates, and
clients generated from it (openapi-python-client; openapi-typescript + openapi-fetch) run the
scripts in clients/ against a real server: log in, list and search, read by slug, create a draft,
publish it with a typed If-Match, a 412 and a 422 parsed as the typed Problem, sync with an API key.

The generators are pinned in clients/ and installed by `make clients` (part of `make test`).
Without them the tests skip locally and fail in CI. Both engines: generation is ~2 s per client,
and the scripts exercise the engine-specific paths (search, sync) through the generated code.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from openapi_spec_validator import validate

from app.accounts.models import Role
from app.articles.models import ArticleStatus
from app.core.db import make_engine, open_session
from app.core.migrations import upgrade
from tests.conftest import scratch_database_url
from tests.factories import Factory
from tests.servers import free_port, start_server, stop_server

REPO = Path(__file__).parent.parent
CLIENTS = REPO / "clients"
GENERATOR_BIN = REPO / "var" / "clients" / "venv" / "bin"
NODE_BIN = CLIENTS / "typescript" / "node_modules" / ".bin"
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
PASSWORD = "mật khẩu đủ dài cho client"


def _missing(what: str) -> NoReturn:
    message = f"{what} not installed: run `make clients` (clients/README.md)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class Served:
    url: str
    env: dict[str, str]  # what the scripts read


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """A real server over a fresh migrated database holding an admin, a category and a live
    article."""
    for url in scratch_database_url("clients"):
        upgrade("head", database_url=url)
        engine = make_engine(url)
        with open_session(write=True, engine=engine) as session:
            factory = Factory(session)
            admin = factory.user(Role.admin, password=PASSWORD)
            category = factory.category("Giao thông")
            live = factory.article(
                status=ArticleStatus.published,
                title="Khánh thành cầu Rạch Miễu 2 nối Tiền Giang và Bến Tre",
                category_id=category.id,
            )
            session.commit()
        engine.dispose()
        port = free_port()
        server = start_server(url, port)
        base_url = f"http://127.0.0.1:{port}"
        try:
            yield Served(
                url=base_url,
                env={
                    "NEWSDESK_URL": base_url,
                    "NEWSDESK_USERNAME": admin.username,
                    "NEWSDESK_PASSWORD": PASSWORD,
                    "NEWSDESK_SLUG": live.slug,
                    "NEWSDESK_SEARCH": "Rạch Miễu",
                    "NEWSDESK_CATEGORY_ID": str(category.id),
                },
            )
        finally:
            stop_server(server)


def _run(argv: list[Any], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in argv],
        env={**os.environ, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = f"{done.stdout}\n{done.stderr}"
    assert done.returncode == 0, f"{Path(str(argv[0])).name} failed:\n{output}"
    return output


def test_the_live_document_validates(served: Served) -> None:
    document = httpx.get(f"{served.url}/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises with the first error


def test_the_generated_python_client_runs_the_script(served: Served, tmp_path: Path) -> None:
    if not (GENERATOR_BIN / "openapi-python-client").exists():
        _missing("openapi-python-client")
    package = tmp_path / "newsdesk_client"
    # The generator formats its output with the ruff of its own venv, found on PATH.
    with_tools = {"PATH": f"{GENERATOR_BIN}{os.pathsep}{os.environ['PATH']}"}
    _run(
        [
            GENERATOR_BIN / "openapi-python-client", "generate",
            "--url", f"{served.url}/openapi.json",
            "--config", CLIENTS / "python" / "config.yml",
            "--meta", "none",
            "--output-path", package,
        ],
        env=with_tools,
    )  # fmt: skip
    output = _run(
        [GENERATOR_BIN / "python", CLIENTS / "python" / "script.py"],
        env={**served.env, **with_tools, "PYTHONPATH": str(tmp_path)},
    )
    assert "all steps passed" in output


def test_the_generated_typescript_client_runs_the_script(served: Served, tmp_path: Path) -> None:
    if shutil.which("node") is None:
        _missing("node")
    if not (NODE_BIN / "tsx").exists():
        _missing("clients/typescript/node_modules")
    # A copy of the script next to its own generated types, so that runs never share files;
    # node_modules is found through the link.
    work = tmp_path / "typescript"
    work.mkdir()
    for name in ("script.ts", "tsconfig.json", "package.json"):
        shutil.copy(CLIENTS / "typescript" / name, work / name)
    (work / "node_modules").symlink_to(CLIENTS / "typescript" / "node_modules")
    _run(
        [
            NODE_BIN / "openapi-typescript", f"{served.url}/openapi.json",
            # Request bodies' fields with defaults stay optional (docs/integrators.md).
            "--default-non-nullable", "false",
            "-o", work / "generated" / "schema.d.ts",
        ]
    )  # fmt: skip
    _run([NODE_BIN / "tsc", "-p", work])  # every call in the script checked against the document
    output = _run([NODE_BIN / "tsx", work / "script.ts"], env=served.env, cwd=work)
    assert "all steps passed" in output
