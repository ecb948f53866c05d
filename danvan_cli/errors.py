"""Named exceptions; the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class DanvanError(Exception):
    """Base of every error danvan reports to the user without a traceback."""

    exit_code = 2


class SpecError(DanvanError):
    """The programme spec (targets.yaml) cannot be read or is invalid."""


class RegistryError(DanvanError):
    """The unit registry (units.csv) cannot be read or is invalid."""


class UsageError(DanvanError):
    """The command line asks for something that cannot be done."""


class NothingToScore(DanvanError):
    """No file of the folder gave a single row to score: a scorecard of "no data" everywhere
    would look like a result. Exit 1, like a submission with errors."""

    exit_code = 1
