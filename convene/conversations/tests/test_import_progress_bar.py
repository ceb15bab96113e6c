"""The import's progress bar: in place on a terminal, a line at a time in a log."""

import io

from django.core.management.base import OutputWrapper

from convene.conversations.management.commands._progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_in_place_on_a_terminal() -> None:
    screen = Terminal()
    bar = ProgressBar(OutputWrapper(screen), "Importing")

    for done in range(0, 101, 5):
        bar(done, 100)

    assert screen.getvalue().count("\r") == 21
    assert screen.getvalue().endswith("100% (100/100)\n")


def test_progress_bar_writes_a_line_per_tenth_elsewhere() -> None:
    log = io.StringIO()
    bar = ProgressBar(OutputWrapper(log), "Importing")

    for done in range(0, 101, 5):
        bar(done, 100)

    lines = log.getvalue().splitlines()
    assert len(lines) == 11
    assert "\r" not in log.getvalue()
