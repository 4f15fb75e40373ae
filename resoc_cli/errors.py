"""Errors the library raises for the CLI to turn into exit codes."""


class UsageError(Exception):
    """The user asked for something that cannot be done as asked (exit code 2)."""


class NotFoundError(Exception):
    """A record the user named does not exist (exit code 1)."""


class DataError(Exception):
    """The dataset has errors that stop the command (exit code 1)."""
