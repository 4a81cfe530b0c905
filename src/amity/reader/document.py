"""What a document becomes while it is read: the parse plus what each stage adds."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from amity.reader.dates import DateMention


@dataclass
class Mention:
    """An actor mention: token span in the parse, the canonical id(s) it stands for."""

    start: int          # first token
    end: int            # one past the last token
    text: str
    actors: tuple[str, ...]
    kind: str           # name | adjective | capital | leader | organization | place | prefix | group | registry

    @property
    def root(self) -> int:
        return self.end - 1


@dataclass
class Document:
    """A text being read: its parse (``doc``), document date and the stages' findings."""

    text: str
    date: str | None = None
    id: Any = None
    doc: Any = None
    paragraphs: list[int] = field(default_factory=list)   # char offset where each paragraph starts
    dates: list[DateMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    treaties: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.paragraphs = [0] + [m.end() for m in re.finditer(r"\n\s*\n", self.text)]

    def paragraph_of(self, char: int) -> int:
        n = 0
        for i, start in enumerate(self.paragraphs):
            if char >= start:
                n = i
        return n


class DocumentStage:
    """Base of the reader's stages: ``process(docs)`` runs ``_one(doc)`` on each document in
    place and returns the list (a stage may instead override ``process`` for batch work)."""

    name = "stage"

    def process(self, docs: list[Document]) -> list[Document]:
        for d in docs:
            self._one(d)
        return docs

    def _one(self, d: Document) -> None:  # pragma: no cover - each stage defines it
        raise NotImplementedError
