"""Shared fixtures: the real snapshot's database, and paths."""
from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.query import Database
from dashboard.snapshot import open_snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def db() -> Database:
    return Database(open_snapshot())
