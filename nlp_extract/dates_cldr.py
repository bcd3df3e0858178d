"""Snapshot CLDR's Arabic month and weekday names into ``models/dates/cldr.yaml``.

    python -m nlp_extract.dates_cldr [OUTPUT]

The date matcher reads the snapshot, not babel, so a cold start pays for one
small YAML file instead of babel's locale loading, and babel is needed only to
regenerate it (a development requirement). Names CLDR lacks (Iraqi "مايس",
"كانون 2", Hijri months) live in the hand-written ``months.yaml`` beside it.
"""
from __future__ import annotations

import sys
from pathlib import Path

#: Month-name families and the CLDR locales that spell them. A name is listed
#: once, under the first family that has it, with every locale that uses it.
FAMILIES = {
    "msa": ("ar", "ar_EG", "ar_SA", "ar_AE", "ar_LY", "ar_SD"),
    "levant": ("ar_SY", "ar_IQ", "ar_LB", "ar_JO", "ar_PS"),
    "maghreb": ("ar_DZ", "ar_TN", "ar_MA", "ar_MR"),
}
WEEKDAY_LOCALE = "ar"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "models" / "dates" / "cldr.yaml"


def snapshot() -> dict:
    from babel import Locale, __version__ as babel_version

    months: dict[str, dict] = {}
    for family, locales in FAMILIES.items():
        for code in locales:
            loc = Locale.parse(code)
            for context in ("format", "stand-alone"):
                wide = loc.months[context]["wide"]
                for number in range(1, 13):
                    name = wide[number]
                    entry = months.setdefault(
                        name, {"name": name, "month": number, "family": family, "locales": []}
                    )
                    if entry["month"] != number:
                        raise ValueError(f"CLDR gives {name!r} two month numbers")
                    if code not in entry["locales"]:
                        entry["locales"].append(code)
    loc = Locale.parse(WEEKDAY_LOCALE)
    weekdays = []
    # babel numbers weekdays Monday=0, like datetime.date.weekday().
    for number in range(7):
        names = []
        for context in ("format", "stand-alone"):
            name = loc.days[context]["wide"][number]
            if name not in names:
                names.append(name)
        weekdays.append({"weekday": number, "names": names})
    return {
        "generated_by": "python -m nlp_extract.dates_cldr",
        "babel": babel_version,
        "months": sorted(months.values(), key=lambda e: (e["month"], e["family"], e["name"])),
        "weekdays": weekdays,
    }


def main(argv: list[str] | None = None) -> int:
    import yaml

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_OUTPUT
    header = (
        "# Generated from CLDR (via babel) by `python -m nlp_extract.dates_cldr`: do not edit.\n"
        "# Add variants CLDR lacks to months.yaml instead.\n"
    )
    out.write_text(
        header + yaml.safe_dump(snapshot(), allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
