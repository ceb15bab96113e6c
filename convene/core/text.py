"""Rules for the characters in one-line text that people type and feeds repeat."""

import re

from django.core.exceptions import ValidationError

# XML 1.0 allows no C0 control character but tab, newline and carriage return, nor U+FFFE,
# U+FFFF or a lone surrogate; Django's feed writer refuses the controls with an exception.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A title or a name is one line, so no control character belongs in it: they arrive
# unseen, pasted from a word processor or a spreadsheet, and show as nothing or as boxes.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


def xml_safe(text: str) -> str:
    """`text` with each character XML 1.0 cannot carry replaced by a space."""
    return XML_ILLEGAL.sub(" ", text)


def refuse_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Remove the invisible control character (often pasted in from another "
            "program): retype the text, or paste it as plain text.",
            code="control_character",
        )
