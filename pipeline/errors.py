"""One error type for everything the build rejects, worded for the person fixing the CSV."""
from __future__ import annotations


class BuildError(Exception):
    """A source file is not acceptable. The message names file, line, column, value and what is accepted."""

    def __init__(self, file: str, problem: str, *, line: int | None = None, column: str | None = None,
                 value: str | None = None, accepted: str | None = None):
        self.file, self.problem, self.line, self.column = file, problem, line, column
        self.value, self.accepted = value, accepted
        super().__init__(self.render())

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.problem}"
        if self.value is not None:
            text += f"\n  value: {self.value!r}"
        if self.accepted:
            text += f"\n  accepted: {self.accepted}"
        return text
