"""Reliability: integrity check, backup and restore of the store; crash and load harnesses.

Public entry points
-------------------
check_store(con, ...)      integrity report of an open store (keys, references, provenance)
check_path(path)           the same, opening the store read-only
backup(dest, db=None)      consistent copy of the store (checkpointed, verified, renamed)
restore(src, db=None)      replace the store with a backup, atomically, refusing when in use
"""
from __future__ import annotations

from amity.reliability.backup import BackupError, backup, restore
from amity.reliability.check import CheckReport, Finding, check_path, check_store

__all__ = ["BackupError", "CheckReport", "Finding", "backup", "check_path", "check_store",
           "restore"]
