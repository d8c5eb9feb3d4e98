"""Problems a user can fix, said in plain words: which file, what is wrong, what to do."""

from __future__ import annotations

__all__ = ["CopdashError", "FileProblem"]


class CopdashError(Exception):
    """An error meant for the user: the command line prints it without a traceback."""


class FileProblem(CopdashError):
    """A whole file cannot be loaded (unreadable, wrong encoding, missing column, ...).

    Nothing of the load is written when any file has such a problem.
    """

    def __init__(self, source_file: str, problem: str, fix: str = "") -> None:
        self.source_file = source_file
        self.problem = problem
        self.fix = fix
        text = f"{source_file}: {problem}"
        if fix:
            text += f" To fix: {fix}"
        super().__init__(text)
