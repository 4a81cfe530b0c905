"""The reader: English text -> dated, coded, cited events and treaties.

>>> from amity.reader import extract
>>> out = extract("China and Russia signed the Treaty of Good-Neighborliness and Friendly "
...               "Cooperation in 2001.")
>>> out["treaties"][0]["date"], out["treaties"][0]["parties"]
('2001', ['CHN', 'RUS'])

See docs/READER.md for the output contract, the stages and the evaluation.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from amity.reader.document import Document
from amity.reader.inputs import MAX_CHARS, check_date, check_text

__all__ = ["extract", "extract_many", "Document", "MAX_CHARS"]

_PIPELINE = None


def _pipeline():
    global _PIPELINE
    if _PIPELINE is None:
        from amity.reader.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def extract(text: str, date: str | None = None) -> dict[str, Any]:
    """Read one text.

    Parameters
    ----------
    text : str
        English text (plain; reduce HTML first with :func:`amity.reader.inputs.html_to_text`).
    date : str, optional
        Document date (``YYYY-MM-DD`` or a partial ISO date) used for relative phrases
        ("at present", "last year") and for events the text does not date.

    Returns
    -------
    dict
        ``{"events": [{"source", "target", "parties", "date", "plover", "cameo", "goldstein",
        "treaty", "negated", "hedged", "reported", "span", "text"}], "treaties": [{"name",
        "date", "parties", "obligations", "negated_obligations", "span", "text"}]}``.
        Actor ids are canonical (ISO 3166-1 alpha-3, ISO 3166-3 for dissolved states, bloc ids);
        dates are EDTF strings; ``span`` is ``[start, end]`` character offsets into ``text``.
    """
    from amity.reader.pipeline import finish

    text = check_text(text)
    date = check_date(date)
    d = _pipeline().process([Document(text, date)])[0]
    return finish(d)


def extract_many(items: Iterable[dict[str, Any] | str], *, batch: int = 64
                 ) -> Iterator[dict[str, Any]]:
    """Read many texts in batches (one spaCy ``nlp.pipe`` per batch).

    ``items`` are strings or dicts ``{"id", "text", "date"?}``; yields
    ``{"id", "events", "treaties"}`` in input order (``id`` is the position for plain strings).
    An item that cannot be read (empty or non-string text, bad date) yields
    ``{"id", "events": [], "treaties": [], "error": message}`` and the others are still read.
    """
    from amity.errors import InputError
    from amity.reader.pipeline import finish

    def flush(buf):
        docs = [x for x in buf if isinstance(x, Document)]
        if docs:
            _pipeline().process(docs)
        for x in buf:
            yield {"id": x.id, **finish(x)} if isinstance(x, Document) else x

    buf: list = []
    for i, it in enumerate(items):
        ident = i if isinstance(it, str) or not isinstance(it, dict) else it.get("id", i)
        try:
            if isinstance(it, str):
                buf.append(Document(check_text(it), None, id=i))
            elif isinstance(it, dict):
                buf.append(Document(check_text(it.get("text"), line=i + 1),
                                    check_date(it.get("date"), line=i + 1), id=ident))
            else:
                raise InputError("an item must be a string or {\"id\", \"text\", \"date\"?}",
                                 line=i + 1)
        except InputError as e:
            buf.append({"id": ident, "events": [], "treaties": [], "error": str(e)})
        if len(buf) >= batch:
            yield from flush(buf)
            buf = []
    if buf:
        yield from flush(buf)
