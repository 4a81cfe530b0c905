"""`amity facts` names where a fact comes from: the publisher and year of its reference, or
for a fact read from a text (``amity extract --store``) with neither, the document it was read
from; the cell was empty (and once read "None, None")."""
from amity.cli.knowledge import _source_label


def test_source_label_of_curated_and_read_facts():
    assert _source_label({"title": "x", "publisher": "ATOP Project", "year": 2022}) == \
        "ATOP Project, 2022"
    assert _source_label({"title": "doc:dcbf3eca32b2a5e8#30-36", "publisher": None,
                          "year": None}) == "doc:dcbf3eca#30-36"
    assert _source_label({"title": None, "publisher": None, "year": None}) == ""
