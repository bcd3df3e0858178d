"""The pipeline: read -> normalize -> tokenize -> analyze -> match -> resolve.

``Extractor`` holds what is loaded once per process (the morphology analyzer,
gazetteers, lexicons) and turns a ``Document`` into sorted ``Record`` values.
It is picklable by configuration: a worker process (multiprocessing, Dask,
Spark, Ray) receives the settings and loads its own resources on first use.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from . import normalize, tokenize
from .errors import UsageError
from .model import RECORD_TYPES, AnalyzedDocument, Document, Record, Span
from .reader import date_in_name, iso_date
from .resolve import resolve

ENTITY_TYPES = frozenset({"person", "institution", "place"})


@dataclass(frozen=True)
class Settings:
    """What determines an extractor's output; hashable and picklable."""

    types: tuple[str, ...] = RECORD_TYPES
    morphology_db: str | None = None
    models_dir: str | None = None
    user_gazetteer_dir: str | None = None

    def __post_init__(self) -> None:
        unknown = [t for t in self.types if t not in RECORD_TYPES]
        if unknown:
            raise UsageError(
                f"unknown record type {', '.join(unknown)} (choose from {', '.join(RECORD_TYPES)})"
            )


@dataclass
class Extractor:
    settings: Settings = field(default_factory=Settings)
    _loaded: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict:
        return {"settings": self.settings, "_loaded": {}}

    # -- resources, loaded lazily and once ---------------------------------

    def _resource(self, name: str) -> Any:
        if name not in self._loaded:
            self._loaded[name] = getattr(self, f"_load_{name}")()
        return self._loaded[name]

    def _models_dir(self) -> Path | None:
        return Path(self.settings.models_dir) if self.settings.models_dir else None

    def _load_analyzer(self) -> Any:
        from .analyze import MorphAnalyzer

        analyzer = MorphAnalyzer.load(self.settings.morphology_db)
        if self._needs_entities():
            analyzer.add_proper_nouns(self._resource("entities").proper_nouns())
        return analyzer

    def _load_entities(self) -> Any:
        from .entities import EntityResources

        user = Path(self.settings.user_gazetteer_dir) if self.settings.user_gazetteer_dir else None
        return EntityResources.load(self._models_dir(), user)

    def _load_dates(self) -> Any:
        from .dates import DateLexicon

        return DateLexicon.load(self._models_dir() / "dates" if self._models_dir() else None)

    def _load_quotes(self) -> Any:
        from .quotes import QuoteLexicon

        return QuoteLexicon.load(self._models_dir() / "lexicons" if self._models_dir() else None)

    def _needs_entities(self) -> bool:
        types = set(self.settings.types)
        return bool(types & ENTITY_TYPES) or "quote" in types

    def load(self) -> "Extractor":
        """Load every resource now (a worker does this once, before its first file)."""
        self._resource("analyzer")
        if self._needs_entities():
            self._resource("entities")
        self._resource("dates")
        if "quote" in self.settings.types:
            self._resource("quotes")
        return self

    # -- stages --------------------------------------------------------------

    def prepare(self, document: Document) -> AnalyzedDocument:
        """normalize -> split sentences -> tokenize -> analyze."""
        from .dates import find_reference_date

        analyzer = self._resource("analyzer")
        analyzed = analyze_document(document, analyzer)
        # new words go to the persistent memo per article: a pool worker is
        # ended without running exit handlers
        analyzer.flush()
        reference, source = document.published, "metadata"
        if reference is None:
            found = find_reference_date(analyzed, self._resource("dates"))
            reference, source = found if found else (date_in_name(document.source), "file-name")
        return replace(analyzed, reference_date=reference, reference_from=source if reference else None)

    def match(self, analyzed: AnalyzedDocument) -> list[Span]:
        """Every matcher, then overlap resolution."""
        from .dates import find_dates

        wanted = set(self.settings.types)
        entities: list[Span] = []
        if self._needs_entities():
            from .entities import find_entities

            entities = resolve(find_entities(analyzed, self._resource("entities")))
        spans: list[Span] = [s for s in entities if s.type in wanted]
        # the quote matcher reads the dates too ("وأعرب اللاعب في يوليو 2017
        # أنه": the date ends the subject), whichever types are written
        dates = (find_dates(analyzed, self._resource("dates"), analyzed.reference_date)
                 if "date" in wanted or "quote" in wanted else [])
        if "date" in wanted:
            spans.extend(dates)
        if "quote" in wanted:
            from .quotes import find_quotes

            spans.extend(find_quotes(analyzed, entities, self._resource("quotes"), dates))
        return resolve(spans)

    def extract(self, document: Document) -> "Extraction":
        """All records of ``document``. An article longer than
        ``SEGMENT_CHARS`` is processed segment by segment (see
        ``segment_bounds``) and its records come as a lazy iterator, so memory
        stays bounded whatever the size of the file."""
        if len(document.text) <= SEGMENT_CHARS:
            analyzed = self.prepare(document)
            records = to_records(analyzed, self.match(analyzed))
            return Extraction(document, analyzed.reference_date, records, analyzed.reference_from)
        bounds = segment_bounds(document.text)
        start, end = next(bounds)
        first = self.prepare(replace(document, text=document.text[start:end]))
        return Extraction(document, first.reference_date,
                          self._segment_records(document, first, end, bounds), first.reference_from)

    def _segment_records(self, document: Document, first: AnalyzedDocument, first_end: int,
                         bounds: Iterator[tuple[int, int]]) -> Iterator[Record]:
        sentence_base = len(first.sentences)
        yield from to_records(first, self.match(first))
        for start, end in bounds:
            part = replace(document, text=document.text[start:end], published=first.reference_date)
            analyzed = self.prepare(part)
            for record in to_records(analyzed, self.match(analyzed)):
                yield shift_record(record, start, sentence_base)
            sentence_base += len(analyzed.sentences)


#: Articles longer than this many characters are processed in segments. A
#: news article is under 20,000; a scraped dump of 50 MB becomes ~200 segments
#: of bounded memory. Names and speakers are not linked across segments.
SEGMENT_CHARS = 250_000


def segment_bounds(text: str, size: int | None = None) -> Iterator[tuple[int, int]]:
    """Consecutive ``(start, end)`` ranges covering ``text``, each at most
    ``size`` (default ``SEGMENT_CHARS``) characters, cut at a paragraph break
    when the second half of the window has one, else at a line break, else at
    a space."""
    size = size or SEGMENT_CHARS
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            half = start + size // 2
            for sep in ("\n\n", "\n", " "):
                cut = text.rfind(sep, half, end)
                if cut > 0:
                    end = cut + len(sep)
                    break
        yield start, end
        start = end


def shift_record(record: Record, delta: int, sentence_delta: int) -> Record:
    """``record`` of a segment, with every offset (its own and those of its
    cue, speaker and fragments) moved to the whole document."""
    return Record(record.type, record.text, record.start + delta, record.end + delta,
                  record.sentence + sentence_delta, record.evidence, _shift(record.attrs, delta))


def _shift(value: Any, delta: int) -> Any:
    if isinstance(value, dict):
        out = {k: _shift(v, delta) for k, v in value.items()}
        if isinstance(out.get("start"), int) and isinstance(out.get("end"), int):
            out["start"] += delta
            out["end"] += delta
        return out
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    return value


def analyze_document(document: Document, analyzer: Any = None) -> AnalyzedDocument:
    """normalize -> split sentences -> tokenize (-> analyze, when given an
    analyzer): everything before matching, with no reference date yet."""
    clean_text = normalize.clean(document.text)
    sentences = tokenize.split_sentences(clean_text)
    tokens = tokenize.tokenize(clean_text, sentences, analyzer=analyzer)
    return AnalyzedDocument(document, clean_text, tuple(sentences), tuple(tokens))


@dataclass(frozen=True)
class Extraction:
    """The result for one article: what the writer serializes. ``records``
    is a tuple, or for an article processed in segments a one-shot iterator
    (consumed by the writer, never sent between processes)."""

    document: Document
    reference_date: str | None
    records: tuple[Record, ...] | Iterator[Record]
    #: where ``reference_date`` comes from (see ``AnalyzedDocument``)
    reference_from: str | None = None


def to_records(analyzed: AnalyzedDocument, spans: Iterable[Span]) -> tuple[Record, ...]:
    text = analyzed.document.text
    starts = [s.start for s in analyzed.sentences]
    records = []
    for span in spans:
        sentence = max(bisect_right(starts, span.start) - 1, 0)
        attrs = _present(span.attrs)
        records.append(
            Record(span.type, text[span.start:span.end], span.start, span.end, sentence,
                   span.evidence, attrs)
        )
    return tuple(records)


#: Field values ``_present`` keeps as they are: neither None, empty nor a container.
_LEAVES = frozenset({str, int, float, bool})


def _present(value: Any) -> Any:
    """Drop unknown (None) and empty fields at every depth: an absent field
    means unknown, so consumers never meet ``id: null``."""
    # Leaves, nearly every value, are kept without a call or the emptiness
    # tests: a third of building an article's records went there.
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: v if type(v) in _LEAVES else _present(v) for k, v in value.items()
                if type(v) in _LEAVES or (v is not None and v != [] and v != ())}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _LEAVES else _present(v) for v in value]
    return value


@lru_cache(maxsize=8)
def _shared_extractor(settings: Settings) -> Extractor:
    # One loaded extractor per settings per process: resources are read-only,
    # so every call in a worker reuses them.
    return Extractor(settings)


def extract_text(
    text: str,
    source: str = "<text>",
    published: str | None = None,
    types: Sequence[str] | None = None,
    morphology_db: str | None = None,
) -> list[Record]:
    """Records of one article given as a string. Safe in any worker process."""
    settings = Settings(tuple(types) if types else RECORD_TYPES, morphology_db)
    document = Document(source, text, iso_date(published, source) if published else None)
    return list(_shared_extractor(settings).extract(document).records)
