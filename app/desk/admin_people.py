"""Desk admin pages (issue 19): filled in by the next change."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
