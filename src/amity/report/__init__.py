"""Text summaries and briefs built from the store (the first face of the knowledge layer)."""
from __future__ import annotations

from amity.report.summary import (  # noqa: F401
    alliance_status, decade_digest, run_demo, sanctions_coalition, summary_text,
    triangle_summary,
)

__all__ = ["triangle_summary", "summary_text", "alliance_status", "decade_digest",
           "sanctions_coalition", "run_demo"]
