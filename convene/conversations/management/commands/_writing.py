"""A path the commands can't write, said in one line rather than a traceback."""

from pathlib import Path


def cannot_write(path: str | Path, error: OSError) -> str:
    if isinstance(error, FileExistsError):
        # mkdir's word for a file standing where a folder should be.
        return f"Can't write {path}: {error.filename} is a file, not a folder."
    where = "" if error.filename in (None, str(path)) else f" ({error.filename})"
    return f"Can't write {path}: {error.strerror or error}{where}."
