"""The reader's pipeline: parse (spaCy ``nlp.pipe``), then small stages, each ``process(docs)``.

Stages run in order: dates -> actors (capitals and old names need the date) -> treaties ->
events. Each takes and returns a list of :class:`~amity.reader.document.Document`, so a caller can
run a subset, add one, or replace one (NGEC-style composition).
"""
from __future__ import annotations

from typing import Iterable

from amity.reader.actors import ActorStage
from amity.reader.dates import find_dates
from amity.reader.dictcode import DictionaryStage
from amity.reader.document import Document, DocumentStage
from amity.reader.events import EventStage
from amity.reader.nlp import parse as parse_texts
from amity.reader.treaties import TreatyStage


class DateStage(DocumentStage):
    """Adds every date expression (EDTF, resolved) to ``doc.dates``."""

    name = "dates"

    def _one(self, d: Document) -> None:
        d.dates = find_dates(d.text, d.date)


def default_stages() -> list:
    return [DateStage(), ActorStage(), TreatyStage(), EventStage(), DictionaryStage()]


class Pipeline:
    """Parse with spaCy in batches and run the stages over each batch."""

    def __init__(self, stages: list | None = None, batch_size: int = 32, n_process: int = 1):
        self.stages = stages if stages is not None else default_stages()
        self.batch_size = batch_size
        self.n_process = n_process

    def parse(self, docs: list[Document]) -> list[Document]:
        for d, sd in zip(docs, parse_texts([d.text for d in docs], batch_size=self.batch_size,
                                           n_process=self.n_process)):
            d.doc = sd
        return docs

    def process(self, docs: list[Document]) -> list[Document]:
        self.parse(docs)
        for stage in self.stages:
            docs = stage.process(docs)
        return docs

    def run(self, docs: Iterable[Document], chunk: int = 64) -> Iterable[Document]:
        """Process an iterable lazily, ``chunk`` documents at a time."""
        buf: list[Document] = []
        for d in docs:
            buf.append(d)
            if len(buf) >= chunk:
                yield from self.process(buf)
                buf = []
        if buf:
            yield from self.process(buf)


def finish(d: Document) -> dict:
    """The public result of a processed document (internal keys removed)."""
    treaties = [{k: v for k, v in t.items() if not k.startswith("_")} for t in d.treaties]
    events = [{k: v for k, v in e.items() if not k.startswith("_")} for e in d.events]
    return {"events": events, "treaties": treaties}
