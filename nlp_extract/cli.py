"""The ``extract`` command: parses options, runs the library, prints.

``extract PATH...`` extracts; ``extract gazetteer ...`` manages user
gazetteer entries. Records go to stdout (or ``-o FILE``), everything else to
stderr, so the output can be piped into yq, jq or a script.
"""
from __future__ import annotations

import os
import signal
import sys
from contextlib import nullcontext

import click

from . import __version__
from .errors import BinaryFileError, ExtractError, WorkerDiedError
from .model import RECORD_TYPES
from .pipeline import Settings
from .reader import iso_date, iter_paths
from .runner import default_jobs, run
from .write import FORMATS, AtomicFile, Writer


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, is a path
    for the default ``run`` command: ``extract corpus/`` = ``extract run corpus/``."""

    default_command = "run"
    #: Subcommands imported only when used, so extraction starts fast.
    lazy_commands = {"gazetteer": ("nlp_extract.cli_gazetteer", "gazetteer")}

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = set(self.commands) | set(self.lazy_commands)
        if not args or (args[0] not in known and args[0] not in ("--help", "-h", "--version")):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands and name not in self.commands:
            import importlib

            module, attr = self.lazy_commands[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("extract", "[OPTIONS] PATH... | COMMAND [ARGS]...")


class _Terminated(Exception):
    """SIGTERM, turned into an exception so that cleanup code runs."""


def _on_sigterm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise _Terminated()


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extract")
def cli() -> None:
    """Extract people, institutions, dates and attributed quotes from Arabic news.

    \b
      extract corpus/                  every *.txt below corpus/, YAML on stdout
      extract a.txt -o out.yaml        one file, written atomically
      extract corpus/ --types date --format jsonl | jq .value
      extract gazetteer add person "جو بايدن" --alias "بايدن"
    """


def _parse_types(ctx, param, value: str | None) -> tuple[str, ...]:
    if not value:
        return RECORD_TYPES
    types = tuple(t.strip() for t in value.split(",") if t.strip())
    unknown = [t for t in types if t not in RECORD_TYPES]
    if unknown:
        raise click.BadParameter(f"unknown type {', '.join(unknown)}; choose from {', '.join(RECORD_TYPES)}")
    return types


def _parse_published(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return iso_date(value, "--published")
    except ExtractError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


@cli.command("run")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to FILE (atomically) instead of stdout.")
@click.option("--types", callback=_parse_types, metavar="TYPE,...",
              help=f"Record types to extract (default: all of {','.join(RECORD_TYPES)}).")
@click.option("--published", callback=_parse_published, metavar="DATE",
              help="Reference date (YYYY-MM-DD) for relative dates, for every file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="yaml", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: 1 for a few files, all cores for a folder).")
@click.option("--morphology-db", type=click.Path(exists=True, dir_okay=False),
              help="A camel-tools morphology database to use instead of the default.")
@click.option("--gazetteer-dir", type=click.Path(file_okay=False),
              help="User gazetteer folder (default: see `extract gazetteer path`).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings.")
def run_command(paths, output, types, published, fmt, jobs, morphology_db, gazetteer_dir, quiet) -> None:
    """Extract records from the articles in PATHS (files, folders, - for stdin)."""
    files = list(iter_paths(list(paths)))
    settings = Settings(types=types, morphology_db=morphology_db, user_gazetteer_dir=gazetteer_dir)
    jobs = jobs or default_jobs(len(files))
    signal.signal(signal.SIGTERM, _on_sigterm)
    failures = 0
    target = AtomicFile(output) if output else nullcontext(sys.stdout)
    outcomes = run(files, settings, published, jobs)
    try:
        with target as stream, _progress(len(files), quiet) as advance:
            writer = Writer(stream, fmt)
            for outcome in outcomes:
                if isinstance(outcome.error, BinaryFileError):
                    # An image or archive among the articles: skipped, not a failure.
                    if not quiet:
                        click.echo(f"Warning: {outcome.error}, skipped", err=True)
                elif outcome.error is not None:
                    failures += 1
                    click.echo(f"Error: {outcome.error}", err=True)
                else:
                    writer.write(outcome.extraction)
                advance()
            writer.close()
    except (KeyboardInterrupt, _Terminated):
        outcomes.close()  # stops the workers now, wherever the signal came
        click.echo("Interrupted: output stops after the last complete article.", err=True)
        sys.exit(130)
    except WorkerDiedError as e:
        # The executor's own thread may be blocked for good on the half
        # message the dead worker was writing; exiting normally would join
        # it and hang. Everything written so far is complete and flushed.
        click.echo(f"Error: {e}", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)
    except ExtractError as e:
        raise click.ClickException(str(e)) from None
    except BrokenPipeError:
        # The reader (head, a closed pager) went away: not an error of ours.
        sys.stderr.close()
        sys.exit(0)
    except OSError as e:  # the output cannot be written: a missing folder, a full disk
        raise click.ClickException(f"{output or '<stdout>'}: {e.strerror or e}") from None
    if failures:
        sys.exit(1)


def _progress(total: int, quiet: bool):
    """A rich progress bar on stderr, only when stderr is a terminal and
    several files are processed; otherwise a no-op."""
    from contextlib import contextmanager

    @contextmanager
    def bar():
        if quiet or total < 2 or not sys.stderr.isatty():
            yield lambda: None
            return
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("extracting", total=total)
            yield lambda: progress.advance(task)

    return bar()


def main() -> None:
    cli(prog_name="extract")
