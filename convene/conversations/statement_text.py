"""What a statement may say, and when two say the same: plain text rules, no database.

The services refuse a statement with the words `problem_with` returns, and compare a new one
with the conversation's earlier statements through `Likeness` and `same_words`.
"""

import difflib
import re

import nh3

from convene.conversations.models import STATEMENT_MAX_LENGTH

# How similar a new statement must be to an earlier one to be flagged for the moderator.
SIMILAR_TOKEN_JACCARD = 0.7
SIMILAR_TEXT_RATIO = 0.85

# Element names a browser would act on: nh3's list of safe ones and those it never allows.
_HTML_ELEMENTS = frozenset(nh3.ALLOWED_TAGS) | {
    "base", "body", "button", "embed", "font", "form", "frame", "frameset", "head",
    "html", "iframe", "input", "label", "link", "marquee", "math", "meta", "noscript",
    "object", "option", "script", "select", "source", "style", "svg", "template",
    "textarea", "title", "video", "audio",
}  # fmt: skip
_TAG = re.compile(r"<!--|<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_WORD = re.compile(r"[a-z0-9]+")


def clean_statement_text(text: str) -> str:
    """The text as typed, its runs of whitespace made single. It is stored as plain text and
    escaped wherever it is shown, so nothing in it is ever read as HTML."""
    return " ".join((text or "").split())


def find_html(text: str) -> str | None:
    """The first HTML tag in the text, if any. `<Friends of the Park>` is not one: only the
    names of HTML elements count, so people's own use of angle brackets gets through."""
    for match in _TAG.finditer(text):
        name = match.group(1)
        if name is None or name.lower() in _HTML_ELEMENTS:
            return match.group(0)
    return None


def problem_with(cleaned: str) -> str | None:
    """What to change before a (cleaned) statement can be taken, in words for its writer:
    empty, HTML, too long; None when it can be taken."""
    if not cleaned:
        return "Write a statement: plain text, a sentence or two."
    tag = find_html(cleaned)
    if tag is not None:
        shown = tag if len(tag) <= 40 else tag[:39] + "…"
        # Refused rather than stripped: stripping would quietly delete the person's words.
        return (
            f"Statements are plain text: take out {shown}, which reads as HTML, "
            "and send it again."
        )
    if len(cleaned) > STATEMENT_MAX_LENGTH:
        return (
            f"Keep it to {STATEMENT_MAX_LENGTH} characters (this has {len(cleaned)})."
        )
    return None


def words(text: str) -> list[str]:
    """The words in order, whatever the case and punctuation."""
    return _WORD.findall(text.lower())


def same_words(text: str, other: str) -> bool:
    """Whether two texts say the same words in the same order (a word-for-word repeat)."""
    return words(text) == words(other)


class Likeness:
    """How nearly other texts repeat one new text, scored 0..1 (0: not close enough to flag).

    Close means most of the words are shared (Jaccard), or the words, sorted, read nearly
    alike (difflib's ratio), so a reworded or reordered repeat is caught too.
    """

    def __init__(self, text: str) -> None:
        self._tokens = set(words(text))
        self._normalised = " ".join(sorted(self._tokens))

    def score(self, other: str) -> float:
        other_tokens = set(words(other))
        union = self._tokens | other_tokens
        jaccard = len(self._tokens & other_tokens) / len(union) if union else 0.0
        matcher = difflib.SequenceMatcher(
            None, self._normalised, " ".join(sorted(other_tokens))
        )
        # The quick bounds skip the full comparison for texts that can't be close.
        ratio = (
            matcher.ratio()
            if matcher.real_quick_ratio() >= SIMILAR_TEXT_RATIO
            and matcher.quick_ratio() >= SIMILAR_TEXT_RATIO
            else 0.0
        )
        if jaccard >= SIMILAR_TOKEN_JACCARD or ratio >= SIMILAR_TEXT_RATIO:
            return max(jaccard, ratio)
        return 0.0
