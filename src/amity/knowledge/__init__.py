"""The knowledge layer: the curated relations dataset and the queries over stored facts.

* :func:`load_curated` / :func:`check_curated` validate and load the curated CSV files;
* :func:`treaties`, :func:`facts`, :func:`is_alliance` answer "what binds A and B?".
"""
from __future__ import annotations

from amity.knowledge.edtf import EDTFError, Span, parse as parse_edtf  # noqa: F401
from amity.knowledge.loader import (  # noqa: F401
    COLUMNS, KINDS, OBLIGATIONS, TREATY_KINDS, CheckReport, check_curated, curated_count,
    default_files, load_curated,
)
from amity.knowledge.queries import (  # noqa: F401
    ALLIANCE_OBLIGATIONS, border_length_km, citation, facts, fold_dataset_duplicates,
    is_alliance, treaties,
)

__all__ = [
    "load_curated", "check_curated", "curated_count", "default_files", "treaties", "facts", "is_alliance",
    "border_length_km", "parse_edtf", "EDTFError", "Span", "COLUMNS", "KINDS", "OBLIGATIONS",
    "TREATY_KINDS", "ALLIANCE_OBLIGATIONS", "CheckReport",
]
