"""Reading input safely: files, HTML, JSONL; size limits and clear errors, never a crash."""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path
from typing import Any, Iterator

from amity.errors import InputError

MAX_BYTES = int(os.environ.get("AMITY_READER_MAX_BYTES", 5_000_000))   # one document
MAX_CHARS = 1_000_000   # spaCy's default max_length
MAX_LINE_BYTES = 2_000_000  # one JSONL line

MAX_JSON_DEPTH = 64     # nesting of one JSONL line (a line is {"id", "text", "date"?})


def _depth_over(s: str, limit: int) -> bool:
    """Does the JSON text ``s`` nest brackets deeper than ``limit`` (strings skipped)?"""
    depth = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', s):
        t = m.group(0)
        if t in "[{":
            depth += 1
            if depth > limit:
                return True
        elif t in "]}":
            depth -= 1
    return False


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(date: Any, *, where: str | None = None, line: int | None = None) -> str | None:
    """Validate a document date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or None)."""
    if date is None or date == "":
        return None
    if isinstance(date, (_dt.date,)):
        return date.isoformat()[:10]
    s = str(date).strip()
    ok = bool(_DATE.match(s))
    if ok:
        try:
            parts = [int(p) for p in s.split("-")]
            _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            ok = False
    if not ok:
        raise InputError(f"not a date: {s!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)",
                         file=where, line=line, field="date")
    return s


# -- a light language check (no model, no network): common function words of each language,
# leaving out words that are also English ("die", "in", "a", "on", "an")
_STOP = {
    "en": "the of and to is was for that with by from has have said are were this which its".split(),
    "de": "der das und ist nicht ein eine mit sich auf dem den des von zu für wurde hat sind auch "
          "nach wie über bei oder vom zum zur".split(),
    "fr": "le la les et est des une dans du pour qui pas sur au avec sont ce cette par aux été "
          "mais ont".split(),
    "es": "el los las y es una del por con para que se su al fue como más pero sus está "
          "han".split(),
    "it": "il gli della che è di per una sono con del alla nel anche come più dei ha".split(),
    "pt": "os uma do da dos das para com não que em ao foi são pelo pela mais".split(),
    "nl": "de het een en van is niet met voor zijn dat op te ook bij werd naar".split(),
}
_SCRIPTS = (("ru", "\u0400", "\u04ff"), ("zh", "\u4e00", "\u9fff"), ("ar", "\u0600", "\u06ff"),
            ("ja", "\u3040", "\u30ff"), ("ko", "\uac00", "\ud7af"), ("el", "\u0370", "\u03ff"))
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str | None:
    """The language of ``text`` when it is clearly not English ("de", "fr", "es", "it", "pt", "nl",
    or by script "ru", "zh", "ar", "ja", "ko", "el"), else None (English, or too short to tell:
    fewer than 8 words). Reads the first 20,000 characters."""
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None
    for lang, lo, hi in _SCRIPTS:
        if sum(lo <= c <= hi for c in letters) > 0.5 * len(letters):
            return lang
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 8:
        return None
    sets = {k: set(v) for k, v in _STOP.items()}
    hits = {k: sum(w in v for w in words) for k, v in sets.items()}
    en = hits.pop("en")
    lang, best = max(hits.items(), key=lambda kv: kv[1])
    if best >= 3 and best > 2 * en and best >= 0.12 * len(words):
        return lang
    return None


def check_text(text: Any, *, where: str | None = None, line: int | None = None) -> str:
    """A text to read: a non-empty string, at most :data:`MAX_CHARS` characters."""
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}", file=where,
                         line=line, field="text")
    if len(text) > MAX_CHARS:
        raise InputError(f"text has {len(text):,} characters; the reader takes at most "
                         f"{MAX_CHARS:,} per document (split it)", file=where, line=line,
                         field="text")
    text = text.replace("\x00", " ")
    if not text.strip():
        raise InputError("empty text: nothing to read", file=where, line=line, field="text")
    lang = detect_language(text)
    if lang is not None:
        raise InputError(f"language {lang!r} is not supported (the reader reads English)",
                         file=where, line=line, field="text")
    return text


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or bool(
        re.search(r"<(body|article|p|div)[\s>]", head))


_NOT_ARTICLE = {"script", "style", "title", "nav", "header", "footer", "form", "aside", "menu",
                "noscript", "template", "select", "button"}


def _strip_tags(html: str) -> str:
    """Text of an HTML fragment, one pass (linear in its length): tags become line breaks,
    the content of ``<script>``, ``<style>`` and the page's furniture (title, navigation,
    header, footer, forms, asides, menus) is dropped (an unclosed one runs to the end)."""
    from html.parser import HTMLParser

    parts: list[str] = []

    class _P(HTMLParser):
        skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in _NOT_ARTICLE:
                self.skip += 1
            parts.append("\n")

        def handle_endtag(self, tag):
            if tag in _NOT_ARTICLE and self.skip:
                self.skip -= 1
            parts.append("\n")

        def handle_data(self, data):
            if not self.skip:
                parts.append(data)

    p = _P(convert_charrefs=True)
    p.feed(html)
    p.close()
    return "".join(parts)


def html_to_text(html: str, *, where: str | None = None, line: int | None = None) -> str:
    """The article text of an HTML page (trafilatura), paragraphs separated by blank lines."""
    import trafilatura

    out = trafilatura.extract(html, include_comments=False, include_tables=False,
                              favor_precision=True)
    if not out or not out.strip():
        # fall back to a plain tag strip for fragments trafilatura does not see as an article
        out = re.sub(r"\n\s*\n+", "\n\n", _strip_tags(html)).strip()
    if not out:
        raise InputError("the HTML page has no article text", file=where, line=line,
                         field="text" if line is not None else None)
    return re.sub(r"\n(?!\n)", "\n\n", out)


def decode(data: bytes, *, where: str | None = None) -> str:
    """Bytes -> text: UTF-8 (BOM allowed); binary data and other encodings are refused."""
    if not data.strip():
        raise InputError("empty file: nothing to read", file=where)
    sample = data[:8192]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) * 0.05:
        raise InputError("binary file: the reader takes UTF-8 text or HTML", file=where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                         "convert it first, e.g. iconv -f cp1252 -t utf-8", file=where,
                         line=line) from None


def _read_limited(fh, where: str) -> bytes:
    chunks, size = [], 0
    while True:
        b = fh.read(1 << 16)
        if not b:
            break
        size += len(b)
        if size > MAX_BYTES:
            raise InputError(f"file is larger than the reader's limit of {MAX_BYTES:,} bytes "
                             "per document (set AMITY_READER_MAX_BYTES, or split it; use "
                             "--jsonl for many documents)", file=where)
        chunks.append(b)
    return b"".join(chunks)


def read_document(path: str | os.PathLike, stdin=None) -> str:
    """Read a text or HTML file, streaming, refusing files over :data:`MAX_BYTES`; ``-`` reads
    standard input (``stdin``, a binary stream, defaults to ``sys.stdin.buffer``)."""
    if str(path) == "-":
        import sys

        where = "<stdin>"
        text = decode(_read_limited(stdin or sys.stdin.buffer, where), where=where)
        if looks_like_html(text):
            text = html_to_text(text, where=where)
        return check_text(text, where=where)
    p = Path(path)
    where = str(p)
    if not p.exists():
        raise InputError("no such file", file=where)
    if p.is_dir():
        raise InputError("is a directory, not a file", file=where)
    with open(p, "rb") as fh:
        data = _read_limited(fh, where)
    text = decode(data, where=where)
    if looks_like_html(text) or p.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text, where=where)
    return check_text(text, where=where)


def iter_jsonl(path: str | os.PathLike) -> Iterator[tuple[int, dict | None, InputError | None]]:
    """Lines of a JSONL file as ``(line number, item, error)``; bad lines carry an error and
    the rest are still read. Items are ``{"id", "text", "date"?}`` (HTML text is reduced)."""
    p = Path(path)
    where = str(p)
    if not p.is_file():
        raise InputError("no such file", file=where)
    with open(p, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            if len(raw) > MAX_LINE_BYTES:
                yield n, None, InputError(f"line longer than {MAX_LINE_BYTES:,} bytes",
                                          file=where, line=n)
                continue
            if not raw.strip():
                continue
            try:
                s = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                yield n, None, InputError("not UTF-8", file=where, line=n)
                continue
            if _depth_over(s, MAX_JSON_DEPTH):
                yield n, None, InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels",
                                          file=where, line=n)
                continue
            try:
                obj = json.loads(s)
            except ValueError as e:
                yield n, None, InputError(f"malformed JSON ({e.msg})", file=where, line=n)
                continue
            except RecursionError:
                yield n, None, InputError("JSON nested too deeply", file=where, line=n)
                continue
            if not isinstance(obj, dict):
                yield n, None, InputError("a line must be a JSON object {\"id\", \"text\"}",
                                          file=where, line=n)
                continue
            try:
                text = obj.get("text")
                if isinstance(text, str) and looks_like_html(text):
                    text = html_to_text(text, where=where, line=n)
                item = {"id": obj.get("id", n), "text": check_text(text, where=where, line=n),
                        "date": check_date(obj.get("date"), where=where, line=n)}
            except InputError as e:
                yield n, None, e
                continue
            yield n, item, None
