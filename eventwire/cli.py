"""The command line: a thin layer over the library API (``eventwire --help``).

Exit codes: 0 all went well; 1 some inputs were refused or a check failed; 2 wrong usage
(a bad option value, a missing path, an output that cannot be written); 3 an internal error
(a bug in eventwire); 130 interrupted.  Records go to stdout (or ``-o FILE``); messages,
progress and refusals go to stderr, one line each.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Optional, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, Task, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import EventwireError, InternalError, OutputError
from .reader import DEFAULT_MAX_BYTES, FORMATS, Rejected, iter_files, read_items
from .records import Article

try:  # typer bundles its own click from 0.2x on
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - an older typer on the real click
    from click.exceptions import NoArgsIsHelpError, UsageError

#: exit codes (see the module docstring and the README)
OK, REFUSED, USAGE, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 130


class App(typer.Typer):
    """Typer with eventwire's conventions: a usage error is one line (exit 2), an unexpected
    exception one line naming it as a bug (exit 3), never a traceback."""

    def __call__(self, args: list[str] | None = None, prog_name: str = "eventwire") -> None:
        command = typer.main.get_command(self)
        try:
            code = command.main(args=args, prog_name=prog_name, standalone_mode=False)
        except NoArgsIsHelpError as error:
            error.show()
            code = USAGE
        except UsageError as error:
            where = error.ctx.command_path if error.ctx else prog_name
            say(f"{where}: {error.format_message()} (see `{where} --help`)")
            code = USAGE
        except BrokenPipeError:  # the reader of stdout stopped early (`| head`): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = OK
        except (KeyboardInterrupt, typer.Abort):
            say("eventwire: interrupted; every batch committed before this point is kept")
            code = INTERRUPTED
        except EventwireError as error:
            say(f"eventwire: {error}")
            code = REFUSED
        except Exception as error:  # noqa: BLE001 - the last resort: one line, its own exit code
            say(f"eventwire: {InternalError(f'{type(error).__name__}: {error}')}")
            code = INTERNAL
        sys.exit(code if isinstance(code, int) else OK)


app = App(help="eventwire: who did what to whom, when and where, and who said what — from news text.",
          no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, highlight=False)

PATHS = typer.Argument(..., help="Files, directories (searched for .txt .json .jsonl .html) or '-' for stdin.")
#: the default store file, eventwire.store.DEFAULT_DB (not imported here: duckdb and pyarrow take
#: a third of a second to load, and extract needs neither)
DEFAULT_DB = "eventwire.duckdb"
DB = typer.Option(DEFAULT_DB, "--db", help="The DuckDB store file.")
QUIET = typer.Option(False, "--quiet", "-q", help="Print nothing but errors.")
MAX_BYTES = typer.Option(DEFAULT_MAX_BYTES, min=1, help="Refuse a file larger than this many bytes (for JSON Lines: "
                                                        "a line larger than this).")
def _format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(FORMATS)}")
    return value


FORMAT = typer.Option("auto", "--format", callback=_format,
                      help="How to read the inputs: auto (by the file suffix, else by the content), "
                           "txt, json, jsonl or html.")
WORKERS = typer.Option(None, "--workers", "-w", min=1, show_default="the number of cores",
                       help="Worker processes, each loading the model once.")
WAIT = typer.Option(120.0, min=0, help="Seconds to wait while another process has the store open.")
PROGRESS_FROM = 5  # show a progress bar from this many inputs on


def say(message: str) -> None:
    """One line on stderr, never wrapped, whatever the terminal width."""
    typer.echo(" ".join(str(message).split()), err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"eventwire {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """eventwire turns news articles into entities, quotes, events and times."""


def _fail(error: Exception, code: int = REFUSED) -> None:
    say(f"eventwire: {error}")
    raise typer.Exit(code)


def _trained(train, *args, **kwargs) -> dict:
    """The report of a trainer (``train(*args, **kwargs) -> (model, report)``), its progress on
    stderr; bad data or paths exit with USAGE, other refusals with REFUSED."""
    try:
        _, report = train(*args, progress=err.print, **kwargs)
    except (EventwireError, ValueError, OSError) as error:
        _fail(error, USAGE if isinstance(error, (ValueError, OSError)) else REFUSED)
    return report


def _count_inputs(paths: list[str]) -> int | None:
    """How many articles the inputs hold, roughly (for the progress bar); None for stdin."""
    total = 0
    for name in paths:
        p = Path(name)
        if name == "-":
            return None
        files = list(iter_files(p)) if p.is_dir() else [p] if p.is_file() else []
        for f in files:
            if f.suffix.lower() == ".jsonl" and f.stat().st_size <= DEFAULT_MAX_BYTES:
                total += sum(1 for line in f.open("rb") if line.strip())
            else:
                total += 1
    return total


class _Output:
    """A text stream whose write errors become one :class:`OutputError` naming the output."""

    def __init__(self, stream: TextIO, name: str):
        self.stream, self.name = stream, name

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _output_error(self.name, error) from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _output_error(self.name, error) from None


def _output_error(name: str, error: OSError) -> OutputError:
    return OutputError(f"cannot write to {name}: {error.strerror or error}")


@contextmanager
def _output(path: Path | None) -> Iterator[_Output]:
    """``path`` opened for writing text (stdout when None); any failure is an OutputError."""
    if path is None:
        out = _Output(sys.stdout, "standard output")
        yield out
        out.flush()
        return
    try:
        stream = path.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise _output_error(str(path), error) from None
    out = _Output(stream, str(path))
    try:
        yield out
        out.flush()
    finally:
        try:
            stream.close()
        except OSError:
            pass  # the flush above has already reported it


def _write(output: Path | None, writer, articles) -> int:
    """Run a text writer into ``output`` (stdout when None); returns what the writer counted.
    An output that cannot be written exits with code 2, before any input is read."""
    try:
        with _output(output) as out:
            return writer(articles, out)
    except OutputError as error:
        _fail(error, USAGE)


def _rates(task: Task) -> str:
    """Articles and words per second so far, for the progress bar."""
    seconds = task.elapsed or 0.0
    if seconds <= 0:
        return ""
    return f"{task.completed / seconds:.1f} articles/s, {task.fields.get('words', 0) / seconds:,.0f} words/s"


class _RateColumn(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Task):
        from rich.text import Text

        return Text(_rates(task))


@contextmanager
def _progress(total: int | None, quiet: bool, label: str):
    """``advance(articles=1, words=0)`` moves the bar; it shows articles and words per second."""
    show = not quiet and (total is None or total >= PROGRESS_FROM) and err.is_terminal
    if not show:
        yield lambda n=1, words=0: None
        return
    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), _RateColumn()]
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task(label, total=total, words=0)
        done = {"words": 0}

        def advance(n: int = 1, words: int = 0) -> None:
            done["words"] += words
            progress.update(task, advance=n, words=done["words"])

        yield advance


def _extracted(paths: list[str], max_bytes: int, batch_size: int, fmt: str, rejects: list[Rejected],
               quiet: bool, workers: int | None) -> Iterator[tuple[str, Article]]:
    """Read and run the pipeline on ``workers`` processes, yielding ``(origin, article)`` in
    input order; refusals are printed and collected in ``rejects``."""
    from .parallel import process
    from .pipeline import Analysis, PipelineConfig

    origins: deque[str] = deque()  # the pipeline yields one item per article, in order

    def refuse(item: Rejected) -> None:
        rejects.append(item)
        say(f"eventwire: skipped {item.reason}")

    def analyses() -> Iterator[Analysis]:
        for origin, item in read_items(paths, max_bytes=max_bytes, format=fmt):
            if isinstance(item, Rejected):
                refuse(item)
            else:
                origins.append(origin)
                yield Analysis(item, origin=origin)

    with _progress(_count_inputs(paths), quiet, "Extracting") as advance:
        for item in process(analyses(), PipelineConfig(batch_size=batch_size), workers):
            origin = origins.popleft()
            if isinstance(item, Rejected):
                advance()
                refuse(item)
            else:
                advance(1, len(item.text.split()))
                yield origin, item


@app.command()
def extract(paths: list[str] = PATHS,
            output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write JSON Lines here instead of stdout."),
            max_bytes: int = MAX_BYTES,
            batch_size: int = typer.Option(32, min=1, help="Articles per NLP batch."),
            fmt: str = FORMAT,
            workers: Optional[int] = WORKERS,
            quiet: bool = QUIET) -> None:
    """Extract article records and print them as JSON Lines."""
    from .export import write_jsonl

    rejects: list[Rejected] = []
    records = (a for _, a in _extracted(paths, max_bytes, batch_size, fmt, rejects, quiet, workers))
    try:
        n = _write(output, write_jsonl, records)
    except EventwireError as error:
        _fail(error)
    if not quiet and output:
        say(f"Wrote {n} records to {output}.")
    raise typer.Exit(REFUSED if rejects else OK)


@app.command()
def ingest(paths: list[str] = PATHS, db: Path = DB,
           max_bytes: int = MAX_BYTES,
           batch_size: int = typer.Option(64, min=1, help="Articles per store transaction."),
           fmt: str = FORMAT,
           wait: float = WAIT,
           workers: Optional[int] = WORKERS,
           quiet: bool = QUIET) -> None:
    """Extract records and store them in the DuckDB file (re-ingesting replaces, never duplicates).
    Each batch is written in its own short transaction, so `stats` and `export` can read the
    store between batches.  A folder of eventwire Parquet tables (from `spark-extract` or
    `export -f parquet`) is loaded as it is.  At the end, near-duplicate articles and events
    reported by several articles are found again over the whole store."""
    from .store import Store, parquet_tables

    rejects: list[Rejected] = []
    written = stored = 0
    tables = [p for p in paths if parquet_tables(p) is not None]  # spark-extract's (or export's) Parquet
    paths = [p for p in paths if p not in tables]
    try:
        with Store(db, wait=wait, on_wait=say) as store:
            for folder in tables:
                loaded, refused = store.ingest_parquet(folder, batch_size)
                written += loaded
                rejects.extend(refused)
                stored = len(rejects)
            batch: list[Article] = []
            origins: list[str] = []
            for origin, article in _extracted(paths, max_bytes, min(batch_size, 32), fmt, rejects, quiet, workers):
                batch.append(article)
                origins.append(origin)
                if len(batch) >= batch_size:
                    written += store.ingest(batch, rejects[stored:], origins)
                    stored, batch, origins = len(rejects), [], []
            written += store.ingest(batch, rejects[stored:], origins)
            duplicates, clustered = store.recluster()
            counts = store.counts()
    except EventwireError as error:
        _fail(error)
    if not quiet:
        say(f"Ingested {written} articles into {db} ({len(rejects)} refused). The store now holds "
            f"{counts['articles']} articles, {counts['entities']} entities, {counts['quotes']} quotes, "
            f"{counts['events']} events, {counts['times']} times; {duplicates} articles have a near-duplicate, "
            f"{clustered} events are each reported by more than one article.")
    raise typer.Exit(REFUSED if rejects else OK)


@app.command()
def export(format: str = typer.Option("jsonl", "--format", "-f", help="jsonl, plover, gdelt or parquet."),
           db: Path = DB,
           output: Optional[Path] = typer.Option(None, "--output", "-o",
                                                 help="File to write (a directory for parquet); stdout if left out."),
           wait: float = WAIT,
           quiet: bool = QUIET) -> None:
    """Export the store: JSONL records, PLOVER JSONL, GDELT-style TSV, or Parquet of every table
    (and gdelt.parquet, the GDELT rows with typed columns)."""
    from .export import TEXT_FORMATS, write_gdelt_parquet
    from .store import Store

    if format not in (*TEXT_FORMATS, "parquet"):
        _fail(ValueError(f"unknown format {format!r}; choose jsonl, plover, gdelt or parquet"), USAGE)
    try:
        with Store(db, read_only=True, wait=wait, on_wait=say) as store:
            clusters = store.mentions_of_clusters()
            if format == "parquet":
                paths = store.export_parquet(output or Path("eventwire-parquet"))
                paths.append(write_gdelt_parquet(store.articles(), paths[0].parent / "gdelt.parquet", clusters))
                if not quiet:
                    say(f"Wrote {len(paths)} Parquet files to {paths[0].parent}.")
                return
            n = _write(output, partial(TEXT_FORMATS[format], clusters=clusters), store.articles())
    except OutputError as error:
        _fail(error, USAGE)
    except EventwireError as error:
        _fail(error)
    if not quiet and output:
        say(f"Wrote {n} {format} rows to {output}.")


@app.command()
def stats(db: Path = DB, as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
          wait: float = WAIT) -> None:
    """Summarise the store: row counts, event types, most active actors, near-duplicate articles,
    events reported by several articles (event clusters), refused inputs."""
    from .store import Store

    try:
        with Store(db, read_only=True, wait=wait, on_wait=say) as store:
            data = {"counts": store.counts(), "event_types": dict(store.event_types()),
                    "top_actors": [{"name": n, "code": c, "events": k} for n, c, k in store.top_actors()],
                    "rejects": [{"origin": o, "code": c, "reason": r} for o, c, r in store.rejects()],
                    "duplicate_groups": store.duplicate_groups(),
                    "event_clusters": [{k: v for k, v in asdict(c).items() if k != "members"} for c in store.clusters(10, min_articles=2)]}
    except EventwireError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False)
    out.print(_table(f"eventwire store {db}", ("table", "rows"), data["counts"].items()))
    if data["event_types"]:
        out.print(_table("events by type", ("type", "events"), data["event_types"].items()))
    if data["top_actors"]:
        out.print(_table("most active actors", ("actor", "code", "events"),
                         ((r["name"], r["code"] or "", r["events"]) for r in data["top_actors"])))
    if data["duplicate_groups"]:
        out.print(_table("near-duplicate articles", ("group", "articles"),
                         ((g, ", ".join(ids)) for g, ids in data["duplicate_groups"].items())))
    if data["event_clusters"]:
        out.print(_table("events reported by several articles",
                         ("cluster", "type", "date", "mentions", "sources", "articles", "first seen", "last seen"),
                         ((c["id"], c["type"], c["date"] or "", c["num_mentions"], c["num_sources"], c["num_articles"],
                           c["first_seen"] or "", c["last_seen"] or "") for c in data["event_clusters"])))
    if data["rejects"]:
        out.print(_table("refused inputs", ("input", "code", "reason"),
                         ((r["origin"], r["code"], r["reason"]) for r in data["rejects"])))


def _table(title: str, columns: tuple[str, ...], rows) -> Table:
    table = Table(title=title)
    for i, col in enumerate(columns):
        table.add_column(col, justify="right" if i and col in ("rows", "events") else "left")
    for row in rows:
        table.add_row(*(str(x) for x in row))
    return table


def _existing(paths: list[Path]) -> None:
    """A missing input path is wrong usage (exit 2), as for every command."""
    for p in paths:
        if not p.exists():
            _fail(FileNotFoundError(f"{p}: no such file or directory (check the path)"), USAGE)


@app.command("spark-extract")
def spark_extract(input_path: str = typer.Argument(..., metavar="INPUT",
                                                   help="Any path Spark can read: JSON Lines, Parquet, or a folder of files."),
                  output: str = typer.Argument(..., metavar="OUTPUT", help="Folder for the Parquet tables (replaced)."),
                  fmt: str = typer.Option("auto", "--format",
                                          help="auto (by the suffix: .jsonl, .parquet, else files), jsonl, parquet or files."),
                  master: str = typer.Option("local[*]", help="The Spark master, e.g. local[2] or spark://host:7077."),
                  batch_size: int = typer.Option(32, min=1, help="Articles per NLP batch."),
                  quiet: bool = QUIET) -> None:
    """Extract on Apache Spark: write OUTPUT/<table>/ Parquet with the store's tables and
    columns, for `eventwire ingest OUTPUT` or any Parquet reader.  Needs the 'spark' extra and Java."""
    from .spark import SPARK_FORMATS

    if fmt not in SPARK_FORMATS:
        _fail(ValueError(f"--format {fmt!r} is not one of {', '.join(SPARK_FORMATS)}"), USAGE)
    try:
        from .spark import extract as run_spark
    except ImportError as e:
        _fail(ValueError(f"spark-extract needs the 'spark' extra ({e.name} is missing): pip install 'eventwire[spark]'"),
              USAGE)
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _fail(ValueError("spark-extract needs Java: install it (Debian: apt-get install default-jre-headless) "
                         "or set JAVA_HOME"), USAGE)
    counts = run_spark(input_path, output, format=fmt, master=master, batch_size=batch_size)
    if not quiet:
        say(f"Wrote {counts['articles']} articles ({counts['rejects']} refused) to {output}: "
            + ", ".join(f"{n} {t}" for t, n in counts.items() if t not in ("articles", "rejects")) + ".")
    raise typer.Exit(REFUSED if counts["rejects"] else OK)


@app.command("eval")
def eval_(gold: list[Path] = typer.Argument(..., help="Gold files (*.expected.json) or directories of them."),
          by_field: bool = typer.Option(True, "--by-field/--total", help="One row per field (default) or totals only."),
          as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
          explain: bool = typer.Option(False, "--explain", help="List misses and false hits."),
          detector: str = typer.Option("trained", help="How events find triggers: trained (the shipped "
                                                        "trigger model, or --event-model) or lexicon (the rules)."),
          event_model: Optional[Path] = typer.Option(None, help="Another trigger model directory."),
          arguments: bool = typer.Option(True, "--arguments/--no-arguments",
                                         help="Let the trained argument scorer name missing roles."),
          argument_model: Optional[Path] = typer.Option(None, help="Another argument scorer directory."),
          confidence: bool = typer.Option(True, "--confidence/--no-confidence",
                                          help="Let the trained confidence model judge events and drop unlikely ones."),
          confidence_model: Optional[Path] = typer.Option(None, help="Another confidence model directory.")) -> None:
    """Score the pipeline against gold files (precision, recall, F1 per field)."""
    from . import get_pipeline
    from .evaluate import evaluate, explain_lines, report_table
    from .pipeline import PipelineConfig

    if detector not in ("trained", "lexicon"):
        _fail(ValueError(f"--detector must be trained or lexicon, not {detector!r}"), USAGE)
    _existing(gold)
    try:
        pipeline = get_pipeline(PipelineConfig(event_detector=detector,
                                               event_model=str(event_model) if event_model else None,
                                               argument_scorer=arguments,
                                               argument_model=str(argument_model) if argument_model else None,
                                               event_confidence=confidence,
                                               confidence_model=str(confidence_model) if confidence_model else None))
        report = evaluate(gold, explain=explain, pipeline=pipeline)
    except EventwireError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    out = Console(highlight=False)
    out.print(report_table(report, by_field=by_field))
    if explain:
        for line in explain_lines(report):
            out.print(line, markup=False)


@app.command("train-events")
def train_events_cmd(output: Path = typer.Option(Path("eventwire/models/events_nb"), "--output", "-o",
                                                 help="Where to write the trigger model."),
                     train: list[Path] = typer.Option([Path("corpus/events/train")], help="Train documents."),
                     dev: list[Path] = typer.Option([Path("corpus/events/dev")], help="Dev documents (threshold)."),
                     epochs: int = typer.Option(80, min=1, help="Passes of full-batch Adam."),
                     seed: int = typer.Option(0, help="Random seed.")) -> None:
    """Train the event trigger detector on the event corpus' train split (the dev split picks
    its threshold; the test split is never read).  Needs ../shared (the NARC texts)."""
    from .events.training import train_events

    report = _trained(train_events, train, dev, output, epochs=epochs, seed=seed)
    dev_scores = report["dev_tokens"]
    say(f"Trigger model written to {output}: dev trigger+type P {dev_scores['precision']:.3f} "
              f"R {dev_scores['recall']:.3f} F1 {dev_scores['f1']:.3f} (lexicon alone: F1 {report['dev_tokens_lexicon_only']['f1']:.3f}; add at {report['threshold']}, veto at {report['veto']}).")


@app.command("train-arguments")
def train_arguments_cmd(output: Path = typer.Option(Path("eventwire/models/arguments_nb"), "--output", "-o",
                                                    help="Where to write the argument scorer."),
                        train: list[Path] = typer.Option([Path("corpus/events/train")], help="Train documents."),
                        dev: list[Path] = typer.Option([Path("corpus/events/dev")], help="Dev documents (threshold)."),
                        epochs: int = typer.Option(80, min=1, help="Passes of full-batch Adam.")) -> None:
    """Train the event argument scorer on the event corpus' train split (the dev split picks its
    threshold by the pipeline's events F1; the test split is never read).  Needs ../shared."""
    from .events.arguments import train_arguments

    report = _trained(train_arguments, train, dev, output, epochs=epochs)
    best = report["dev_events_by_actor_threshold"][str(report["actor_threshold"])]
    err.print(f"Argument scorer written to {output}: recipients at {report['threshold']}, actors at "
              f"{report['actor_threshold']}, dev events "
              f"P {best['precision']:.3f} R {best['recall']:.3f} F1 {best['f1']:.3f}.")


@app.command("train-confidence")
def train_confidence_cmd(output: Path = typer.Option(Path("eventwire/models/confidence_nb"), "--output", "-o",
                                                     help="Where to write the confidence model."),
                         train: list[Path] = typer.Option([Path("corpus/events/train")], help="Train documents."),
                         dev: list[Path] = typer.Option([Path("corpus/events/dev")], help="Dev documents (threshold)."),
                         l2: float = typer.Option(10.0, min=0.0, help="L2 penalty of the regression.")) -> None:
    """Train the events' confidence model on the event corpus' train split (the dev split picks
    the threshold below which events are dropped, by events F1; the test split is never read).
    Run it after train-events and train-arguments.  Needs ../shared (the NARC texts)."""
    from .events.confidence import train_confidence

    report = _trained(train_confidence, train, dev, output, l2=l2)
    best = next(r for r in report["dev_thresholds"] if r["threshold"] == report["threshold"])
    say(f"Confidence model written to {output}: dev AUC {report['dev_auc']:.3f}; events below "
        f"{report['threshold']} are dropped (dev events P {best['precision']:.3f} R {best['recall']:.3f} "
        f"F1 {best['f1']:.3f}).")


@app.command("train-coref")
def train_coref_cmd(output: Path = typer.Option(Path("eventwire/models/coref_nb"), "--output", "-o",
                                                help="Where to write the pronoun scorer."),
                    epochs: int = typer.Option(80, min=1, help="Passes of full-batch Adam.")) -> None:
    """Train the pronoun scorer of coreference on NARC Bokmål's train documents (the dev
    documents pick its threshold by CoNLL F1; the test documents are never read).  Needs ../shared."""
    from .coref_eval import narc_documents
    from .coref_model import train_coref

    report = _trained(train_coref, narc_documents("bokmaal", "train"), narc_documents("bokmaal", "dev"), output,
                      epochs=epochs)
    best = report["dev_by_threshold"][str(report["threshold"])]
    err.print(f"Pronoun scorer written to {output}: threshold {report['threshold']}, dev CoNLL F1 {best['conll_f1']:.3f}.")


@app.command("eval-coref")
def eval_coref(variety: str = typer.Option("bokmaal", help="NARC part: bokmaal or nynorsk."),
               split: str = typer.Option("test", help="Documents of this NorNE split: train, dev, test or all."),
               limit: int = typer.Option(0, min=0, help="Score only the first N documents (0: all)."),
               model: bool = typer.Option(True, "--model/--no-model",
                                          help="Resolve pronouns with the trained scorer (--no-model: the rules)."),
               coref_model: Optional[Path] = typer.Option(None, help="Another pronoun scorer directory."),
               as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Score coreference (the entities' clusters) on NARC: MUC, B³, CEAF-e and CoNLL F1."""
    from .coref_eval import COREF_STAGES, evaluate_coref, narc_documents
    from .pipeline import Pipeline, PipelineConfig

    if variety not in ("bokmaal", "nynorsk") or split not in ("train", "dev", "test", "all"):
        _fail(ValueError("--variety is bokmaal or nynorsk; --split is train, dev, test or all"), USAGE)
    try:
        files = narc_documents(variety, None if split == "all" else split)
        config = PipelineConfig(stages=COREF_STAGES, coref_scorer=model,
                                coref_model=str(coref_model) if coref_model else None)
        report = evaluate_coref(files[:limit] if limit else files, pipeline=Pipeline(config))
    except EventwireError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    table = Table(title=f"coreference on NARC {variety} {split} ({report.documents} documents, chains of 2+)")
    for col in ("metric", "P", "R", "F1"):
        table.add_column(col, justify="left" if col == "metric" else "right")
    for name, s in (("MUC", report.muc), ("B³", report.b_cubed), ("CEAF-e", report.ceaf_e)):
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
    table.add_row("CoNLL F1", "", "", f"{report.conll_f1:.3f}")
    Console(highlight=False).print(table)


@app.command("eval-ner")
def eval_ner(conllu: Path = typer.Argument(..., help="A CoNLL-U file with NorNE name= tags in the MISC column."),
             model: Optional[Path] = typer.Option(None, help="A spaCy model directory (default: the shipped one)."),
             as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """Score the NER component alone: strict entity-level precision, recall and F1 per type."""
    from .errors import GoldError
    from .nlp.conllu import read_sentences
    from .nlp.evaluate import eval_ner as score

    _existing([conllu])
    try:
        if not read_sentences(conllu):
            raise GoldError(f"{conllu} holds no CoNLL-U sentences", hint="pass a CoNLL-U file with NorNE name= tags")
    except (ValueError, UnicodeDecodeError, IsADirectoryError) as error:
        _fail(GoldError(f"{conllu} is not a CoNLL-U file: {error}", hint="pass a CoNLL-U file with NorNE name= tags"))
    except EventwireError as error:
        _fail(error)
    try:
        scores = score(conllu, model=str(model) if model else None)
    except EventwireError as error:
        _fail(error)
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    table = Table(title=f"NER on {conllu.name}: P {scores['p']:.3f}  R {scores['r']:.3f}  F {scores['f']:.3f}")
    for col in ("type", "P", "R", "F"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for label, s in sorted(scores["per_type"].items()):
        table.add_row(label, f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f']:.3f}")
    Console(highlight=False).print(table)


@app.command()
def train(output: Path = typer.Option(Path("training/output/nb_eventwire"), "--output", "-o",
                                      help="Where to write the model."),
          recipe: Optional[Path] = typer.Option(
              None, help="Recipe file: the parts and how they are combined "
                         "(default: training/recipe.yaml)."),
          config: Optional[list[Path]] = typer.Option(
              None, help="Train these spaCy configs instead of a recipe; repeat for parts "
                         "trained in parallel and merged."),
          base_model: Optional[Path] = typer.Option(
              None, help="Reuse this model's parse part and train only the recipe's NER members."),
          max_seconds: float = typer.Option(0, min=0, help="Wall-clock cap per part (0: none)."),
          ) -> None:
    """Rebuild the Norwegian model from the NorNE data in ../shared (set EVENTWIRE_SHARED to
    use another folder); about 75 minutes on 2 cores.  The English model: --recipe
    training/recipe_en.yaml -o training/output/en_eventwire (UD English EWT + GUM).  Install
    it with training/finalize_model.py (see the model cards)."""
    from .nlp.training import DEFAULT_RECIPE, Recipe, train as run_training

    try:
        path = run_training(output, Recipe.from_configs(config) if config else recipe or DEFAULT_RECIPE,
                            max_seconds=max_seconds, base_model=base_model)
    except (EventwireError, ValueError, OSError) as error:
        _fail(error, USAGE if isinstance(error, (ValueError, OSError)) else REFUSED)
    say(f"Model written to {path}.")


if __name__ == "__main__":  # pragma: no cover
    app()


@app.command()
def serve(db: Path = DB,
          port: int = typer.Option(8000, "--port", help="The port to listen on."),
          host: str = typer.Option("127.0.0.1", "--host",
                                   help="The address to listen on; 127.0.0.1 (the default) serves this machine only.")) -> None:
    """Serve the store read-only: a web UI and a REST API at http://HOST:PORT/ (API docs at /docs)."""
    try:
        from .web import serve as run
    except ImportError as e:
        _fail(f"the web server needs the 'web' extra ({e.name} is missing): pip install 'eventwire[web]'", 2)
    try:
        run(db, host=host, port=port)
    except EventwireError as e:
        _fail(e)
