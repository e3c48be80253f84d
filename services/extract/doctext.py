"""The text of spaCy docs and spans, without rebuilding it token by token.

``Doc.text`` and ``Span.text`` join the text of every token on each call (a Python object per token); the
reader asks for the text of the same paragraph and sentences many times. The doc's text is kept once in
``doc.user_data`` and a span's text is a slice of it: the same string, exactly (a span's ``text`` runs from
its first token's ``idx`` to the end of its last token, which is ``start_char:end_char``;
``services/extract/tests/test_doctext.py`` compares both on the gold texts and on made-up docs).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "claimstream.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (kept with the doc's length: a doc made from another one with its
    ``user_data`` copied, e.g. ``Span.as_doc(copy_user_data=True)``, computes its own)."""
    kept = doc.user_data.get(_KEY)
    if kept is None or kept[0] != len(doc):
        kept = doc.user_data[_KEY] = (len(doc), doc.text)
    return str(kept[1])


def span_text(span: Span) -> str:
    """``span.text``."""
    if not len(span):
        return ""
    return doc_text(span.doc)[span.start_char : span.end_char]


def span_text_with_ws(span: Span) -> str:
    """``span.text_with_ws``: its text and the whitespace after its last token."""
    if not len(span):
        return ""
    return span_text(span) + span[-1].whitespace_
