"""Bounds on the reader's work, applied by the faces before and while text is read.

The reader takes documents of up to 1,000,000 characters, and reads some 5,000-10,000
characters a second on two shared cores: a 900,000-character document ran for minutes with
no word to the user. Two bounds, each named in its message:

* a sentence (a run of text without ``.``, ``!``, ``?`` or a line break) of at most
  :data:`MAX_SENTENCE_CHARS` characters (``AMITY_READER_MAX_SENTENCE``), checked before any
  reading: such a run is not prose (a table, a dump, one sentence repeated with commas);
* a time budget per document, :data:`TIME_BUDGET` seconds (``AMITY_READER_TIME_BUDGET``),
  after which the document is given up with nothing of it kept (``--jsonl`` goes on to the
  next line). The reading runs in a forked child that is killed at the budget: a timer
  signal raised inside spaCy's or pandas' C code left them broken (a segfault on the next
  document), so the process that goes on is never interrupted.
"""
from __future__ import annotations

import os
import re
from typing import Any, Iterable, Iterator

from amity.errors import InputError

MAX_SENTENCE_CHARS = int(os.environ.get("AMITY_READER_MAX_SENTENCE") or 10_000)
TIME_BUDGET = float(os.environ.get("AMITY_READER_TIME_BUDGET") or 120)

_RUN = re.compile(r"[^.!?\n\r]+")


def longest_sentence(text: str) -> tuple[int, int]:
    """(start, length) of the longest run of ``text`` without a sentence end or line break."""
    best = (0, 0)
    for m in _RUN.finditer(text):
        n = m.end() - m.start()
        if n > best[1]:
            best = (m.start(), n)
    return best


def check_sentences(text: str, *, where: str | None = None, line: int | None = None,
                    limit: int | None = None) -> str:
    """``text`` unchanged, or an InputError naming the longest sentence and the limit."""
    limit = MAX_SENTENCE_CHARS if limit is None else limit
    if isinstance(text, str) and len(text) > limit:
        start, n = longest_sentence(text)
        if n > limit:
            raise InputError(
                f"a sentence of {n:,} characters (from character {start:,}); the reader takes "
                f"sentences of at most {limit:,} characters (AMITY_READER_MAX_SENTENCE): "
                "split it into sentences", file=where, line=line, field="text")
    return text


class OverBudget(InputError):
    """Reading a document took longer than its time budget."""


def _over(seconds: float, what: str) -> OverBudget:
    return OverBudget(f"reading {what} took longer than the time budget of {seconds:g} s "
                      "(AMITY_READER_TIME_BUDGET, --time-budget); nothing of it was kept: "
                      "split the text or raise the budget")


def _bounded(budget: float | None) -> bool:
    import sys

    return bool(budget) and sys.platform != "win32"


def read_bounded(text: str, date: str | None = None, *, where: str | None = None,
                 budget: float | None = None) -> dict[str, Any]:
    """:func:`amity.reader.extract` within both bounds (with a budget, in a forked child)."""
    from amity.reader import extract

    check_sentences(text, where=where)
    budget = TIME_BUDGET if budget is None else budget
    if not _bounded(budget):
        return extract(text, date=date)
    extract("Amity reads.")   # load the pipeline once, before the fork
    return _in_child(extract, (text, date), budget, "the document")


def _in_child(fn, args: tuple, seconds: float, what: str = "it"):
    """``fn(*args)`` in a forked child given ``seconds``; its result, or OverBudget (the child
    is killed). The parent is never interrupted inside C code (a timer signal that lands in
    spaCy or pandas can leave them broken for the next document)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child():
        try:
            send.send(("ok", fn(*args)))
        except BaseException as e:  # noqa: BLE001 - carried to the parent
            send.send(("err", e))

    p = ctx.Process(target=child, daemon=True)
    p.start()
    send.close()
    try:
        if not recv.poll(seconds):
            raise _over(seconds, what)
        status, value = recv.recv()
    finally:
        if p.is_alive():
            p.kill()
        p.join()
        recv.close()
    if status == "err":
        raise value
    return value


def read_many_bounded(items: Iterable[dict[str, Any]], *, budget: float | None = None,
                      chunk: int = 32) -> Iterator[dict[str, Any]]:
    """:func:`amity.reader.extract_many` within both bounds, in input order.

    Items whose longest sentence is over the limit, or that alone take longer than the
    budget, come back as ``{"id", "events": [], "treaties": [], "error": message}``; the
    others are read. With a budget, each chunk of items (one spaCy batch) is read in a forked
    child under one document's budget; a chunk over it is read again one item at a time,
    each in its own child under its own budget."""
    from amity.reader import extract_many

    budget = TIME_BUDGET if budget is None else budget
    bounded = _bounded(budget)

    def failed(it, e):
        return {"id": it.get("id"), "events": [], "treaties": [], "error": str(e)}

    def read(todo):
        return list(extract_many(todo))

    def run(buf):
        ok = []
        for it in buf:
            try:
                check_sentences(it.get("text"))
                ok.append(it)
            except InputError as e:
                ok.append(failed(it, e))
        todo = [it for it in ok if "error" not in it]
        if not todo:
            out = []
        elif not bounded:
            out = read(todo)
        else:
            try:
                out = _in_child(read, (todo,), budget, "a chunk")
            except OverBudget:
                out = []
                for it in todo:
                    try:
                        out.extend(_in_child(read, ([it],), budget, "this line"))
                    except OverBudget as e:
                        out.append(failed(it, e))
        done = iter(out)
        return [x if "error" in x else next(done) for x in ok]

    if bounded:
        from amity.reader import extract

        extract("Amity reads.")   # load the pipeline once, before the first fork
    buf: list[dict[str, Any]] = []
    for it in items:
        buf.append(it)
        if len(buf) >= chunk:
            yield from run(buf)
            buf = []
    if buf:
        yield from run(buf)
