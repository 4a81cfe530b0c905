"""The dictionary coder's reading of one sentence, for the reader's tests."""
from __future__ import annotations


def coded(vd, text):
    """(code, verb) the dictionary coder reads at each verb of ``text`` that carries an event."""
    from amity.reader import petrarch
    from amity.reader.nlp import parse

    doc, = parse([text])
    out = []
    for t in doc:
        vm = petrarch.verb_match(t, vd) if t.pos_ in ("VERB", "AUX") else None
        if vm is not None and (vm.code or vm.rcode):
            out.append((vm.code or vm.rcode, t.text))
    return out
