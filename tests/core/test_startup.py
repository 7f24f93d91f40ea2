"""What the app's startup leaves behind for the process."""

import gc

from fastapi.testclient import TestClient

from app.main import create_app


def test_startup_objects_are_left_out_of_full_garbage_collections() -> None:
    # Full passes over everything startup made stopped a loaded server ~100 ms every ~1.5 s
    # (app/main.py _freeze_startup_objects; docs/performance.md, session 5).
    app = create_app()
    with TestClient(app):
        assert gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
    with TestClient(create_app()):
        # Once per process, not per start (frozen objects that die leave the count).
        assert gc.get_freeze_count() <= frozen
