"""`extract gazetteer`: the user's own gazetteer entries.

Thin: options are parsed here, the work is done by ``nlp_extract.gazetteer``.
The lead attaches it with ``cli.add_command(gazetteer)``.
"""
from __future__ import annotations

from pathlib import Path

import click

from . import gazetteer as gz
from .errors import ExtractError

_DIR_OPTION = click.option(
    "--gazetteer-dir", "directory", type=click.Path(file_okay=False, path_type=Path),
    envvar=gz.USER_DIR_ENV, default=None,
    help=f"Where user entries live (default: ${gz.USER_DIR_ENV}, else the user data directory).",
)


def _run(action, *args):
    """Call a gazetteer function; its typed errors become the CLI's error message."""
    try:
        return action(*args)
    except ExtractError as e:
        raise click.ClickException(str(e)) from e


def _done(verb: str, entry: gz.Entry) -> None:
    click.echo(f"{verb} {entry.type} {entry.evidence_id}: {entry.name}")


@click.group("gazetteer")
def gazetteer() -> None:
    """Add, list, remove, check and import gazetteer entries."""


@gazetteer.command("add")
@click.argument("type", type=click.Choice(gz.ENTITY_TYPES))
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another spelling or short form (repeatable).")
@click.option("--kind", help="Institution kind (ministry, agency, party, media, ...) or place kind.")
@click.option("--country", help="ISO country code.")
@click.option("--note")
@click.option("--id", "entry_id", help="Stable id (default: made from the name).")
@_DIR_OPTION
def add_cmd(type: str, name: str, aliases: tuple[str, ...], kind: str | None, country: str | None,
            note: str | None, entry_id: str | None, directory: Path | None) -> None:
    """Add an entry: extract gazetteer add person "جو بايدن" --alias "بايدن"."""
    _done("added", _run(gz.add, type, name, aliases, kind, country, note, entry_id, directory))


@gazetteer.command("list")
@click.option("--type", "etype", type=click.Choice(gz.ENTITY_TYPES))
@click.option("--all", "include_shipped", is_flag=True, help="Include the shipped gazetteers.")
@_DIR_OPTION
def list_cmd(etype: str | None, include_shipped: bool, directory: Path | None) -> None:
    """List user entries (with --all, shipped entries too)."""
    for e in _run(lambda: list(gz.list_entries(etype, include_shipped, directory))):
        aliases = f" ({', '.join(e.aliases)})" if e.aliases else ""
        click.echo(f"{e.type}\t{e.evidence_id}\t{e.name}{aliases}")


@gazetteer.command("remove")
@click.argument("ident")
@_DIR_OPTION
def remove_cmd(ident: str, directory: Path | None) -> None:
    """Remove the user entry with this id or name."""
    _done("removed", _run(gz.remove, ident, directory))


@gazetteer.command("check")
@_DIR_OPTION
def check_cmd(directory: Path | None) -> None:
    """Validate every gazetteer file; exit 1 if any problem."""
    problems = gz.check(None, directory)
    for p in problems:
        click.echo(str(p), err=True)
    if problems:
        raise click.exceptions.Exit(1)
    click.echo("ok")


@gazetteer.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_DIR_OPTION
def import_cmd(csv_file: Path, directory: Path | None) -> None:
    """Add the rows of a CSV file (header: type,name[,aliases,kind,country,id,note]; aliases split by |)."""
    entries = _run(gz.import_csv, csv_file, directory)
    click.echo(f"imported {len(entries)} entries into {gz.user_file(directory)}")


@gazetteer.command("path")
@_DIR_OPTION
def path_cmd(directory: Path | None) -> None:
    """Print the file user entries are written to."""
    click.echo(str(gz.user_file(directory)))
