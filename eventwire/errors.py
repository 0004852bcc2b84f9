"""The error catalogue: every error eventwire raises has a code and says how to fix it.

Codes are stable and searchable (``E101``); tests assert on them.  Library code raises
these; the CLI turns them into one line on stderr and an exit code, the REST API into one
JSON error shape.
"""
from __future__ import annotations


class EventwireError(Exception):
    """Base class: ``code`` identifies the error, ``hint`` says what to do about it."""

    code = "E000"
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None, origin: str | None = None):
        self.message = message
        self.origin = origin
        if hint is not None:
            self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        fix = f" ({self.hint})" if self.hint else ""
        return f"[{self.code}] {where}{self.message}{fix}"

    def __reduce__(self):
        """Pickle with the message, hint and origin apart (an error raised in a worker process
        reaches the main process as it was)."""
        return (type(self), (self.message,), {"hint": self.hint, "origin": self.origin})

    def as_dict(self) -> dict:
        return {"code": self.code, "origin": self.origin, "message": self.message, "hint": self.hint}


class InputError(EventwireError):
    """One input (file, line, URL) could not be read; the rest of the batch goes on."""

    code = "E100"


class EmptyInput(InputError):
    code = "E101"
    hint = "the input has no article text; remove it or add text"


class BinaryInput(InputError):
    code = "E102"
    hint = "eventwire reads text, HTML and JSON Lines; convert the file to text first"


class InputTooLarge(InputError):
    code = "E103"
    hint = "split the file into articles, or raise --max-bytes"


class BadEncoding(InputError):
    code = "E104"
    hint = "save the file as UTF-8"


class BadJSON(InputError):
    code = "E105"
    hint = "each line of a .jsonl file must be one JSON object with at least a 'text' field"


class BadDate(InputError):
    code = "E106"
    hint = "write dates as ISO 8601: 2019, 2019-02, 2019-02-28 or 2019-02-28T10:00:00"


class MissingInput(InputError):
    code = "E107"
    hint = "check the path; use '-' to read standard input"


class UnreadableInput(InputError):
    code = "E108"
    hint = "check that the file exists and that you may read it"


class PipelineError(EventwireError):
    """The pipeline was configured wrongly (a stage is missing what it needs)."""

    code = "E200"


class UnknownStage(PipelineError):
    code = "E201"
    hint = "see eventwire.pipeline.STAGES for the stage names"


class MissingRequirement(PipelineError):
    code = "E202"
    hint = "put the stage that provides it earlier in the stage list"


class StageFailed(PipelineError):
    code = "E204"
    hint = "this is a bug in eventwire: please report it with the article that caused it"


class ModelMissing(PipelineError):
    code = "E203"
    hint = "reinstall eventwire, or rebuild the model with `eventwire train`"


class StoreError(EventwireError):
    code = "E300"


class StoreBusy(StoreError):
    code = "E301"
    hint = ("DuckDB lets one process write a store or several read it, not both; wait for it to "
            "finish, or pass --wait SECONDS to wait longer")


class GoldError(EventwireError):
    """A gold (evaluation) file is malformed or its article cannot be found."""

    code = "E400"
    hint = "see README, section 'Evaluation', for the gold file format"


class OutputError(EventwireError):
    """An output (``-o``) cannot be written."""

    code = "E500"
    hint = "check that the folder exists and that you may write there, or choose another -o"


class InternalError(EventwireError):
    """An unexpected exception: a bug in eventwire (the CLI exits with its own code, 3)."""

    code = "E900"
    hint = "this is a bug in eventwire: please report it with the command and the input that caused it"


class QueryError(EventwireError):
    """A request to the REST API or the web UI (``eventwire serve``) cannot be answered."""

    code = "E600"


class BadQuery(QueryError):
    code = "E601"
    hint = "see /docs for the parameters each endpoint takes"


class NotFound(QueryError):
    code = "E602"
    hint = "check the id or the address; /api/articles lists what the store holds"


class MethodNotAllowed(QueryError):
    code = "E603"
    hint = "the server only reads the store: use GET"


class ServerError(QueryError):
    """An unexpected exception while answering a request: a bug in eventwire."""

    code = "E699"
    hint = "this is a bug in eventwire: please report it with the address you asked for"
