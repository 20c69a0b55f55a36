"""The one small hierarchy of errors that library code raises.

Only the CLI turns these into a red line on stderr and an exit code.
"""

from __future__ import annotations


class SendkgError(Exception):
    """Base of every error sendkg reports to a user (exit code 2)."""


class LoaderError(SendkgError):
    """A file could not be read: names the file and, where known, the line."""

    def __init__(self, path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # rebuilt from its parts: read in a worker process or kept in the parsed-file cache
        return type(self), (self.path, self.line, self.message)


class OutputError(SendkgError):
    """A file or folder could not be written (a folder where a file goes, a path under a
    file, no permission, a full disk): names the path and the system's reason."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        super().__init__(f"cannot write {self.path}: {reason}")


def os_error_text(error: OSError) -> str:
    """One line for an OSError: "PATH: reason" (the system's words, no traceback).

    >>> os_error_text(FileNotFoundError(2, "No such file or directory", "x.rq"))
    'x.rq: No such file or directory'
    """
    names = [str(n) for n in (error.filename, error.filename2) if n is not None]
    reason = error.strerror or str(error)
    return f"{' -> '.join(names)}: {reason}" if names else reason


class UnknownFormatError(SendkgError):
    """A file extension or --format value that no loader or exporter handles."""


class EntityNotFound(SendkgError):
    """TEXT matched no entity. The CLI reports this as 'no match' with exit 0."""


class AmbiguousName(SendkgError):
    """TEXT names several entities closely, for a command that acts on exactly one (a
    report written to a file): exit 2, listing them, rather than picking one silently."""


class DanglingEdgeError(SendkgError):
    """An edge added to a graph before one of its ends: names the edge and the missing ids."""

    def __init__(self, edge, missing: tuple[str, ...]):
        self.edge = edge
        self.missing = missing
        super().__init__(f"edge {edge.s} -{edge.p}-> {edge.o}: the graph has no node "
                         f"{', '.join(map(repr, missing))}; add nodes before their edges")


class ServerError(SendkgError):
    """An external server (Neo4j) could not be reached or refused us."""


class DatasetError(SendkgError):
    """A dataset with problems: every one of them, each naming file and line."""

    def __init__(self, problems: list[LoaderError]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")
