"""A text progress bar for long commands: redrawn in place on a terminal, a line per 10% else."""

from django.core.management.base import OutputWrapper

_WIDTH = 30


class ProgressBar:
    def __init__(self, out: OutputWrapper, label: str) -> None:
        self.out = out
        self.label = label
        self.interactive = out.isatty()
        self.last_tenth = -1
        self.finished = False

    def __call__(self, done: int, total: int) -> None:
        if self.finished:
            return
        fraction = 1.0 if total <= 0 else min(done / total, 1.0)
        filled = int(fraction * _WIDTH)
        line = (
            f"{self.label} [{'#' * filled}{'.' * (_WIDTH - filled)}] "
            f"{fraction:4.0%} ({done:,}/{total:,})"
        )
        if self.interactive:
            self.out.write(f"\r{line}", ending="\n" if fraction >= 1 else "")
            self.out.flush()
        elif int(fraction * 10) > self.last_tenth:
            self.last_tenth = int(fraction * 10)
            self.out.write(line)
        self.finished = fraction >= 1
