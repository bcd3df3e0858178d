"""Building blocks of hostile articles, and a builder driven by bytes.

``build(data)`` turns any byte string into a test input, deterministically:
the fuzzer mutates bytes, and the builder makes those bytes mean Arabic news
fragments, punctuation, invisible marks, odd code points, repetitions and raw
bytes, optionally encoded in a legacy encoding and prefixed by front matter.
So a coverage-guided fuzzer (atheris) and hypothesis (``st.binary()``) both
explore realistic and broken inputs, and a crash reproduces from its bytes.

Fragments come from the project's ``corpus/`` (read at run time, never
copied) and from the synthetic sentences below, written for these tests.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Synthetic news fragments: people with titles, institutions, dates in every
#: style, direct and reported speech.
SYNTHETIC = [
    "قال الرئيس الأمريكي جو بايدن",
    "وأضاف وزير الخارجية أنتوني بلينكن أن",
    "أكد الأمين العام للأمم المتحدة أنطونيو غوتيريش",
    "رئيس الوزراء الإسرائيلي بنيامين نتنياهو",
    "ولي العهد السعودي الأمير محمد بن سلمان",
    "المستشار الألماني أولاف شولتس",
    "وقالت المتحدثة باسم الحكومة",
    "صرح مسؤول رفيع لم يكشف عن اسمه:",
    "وزارة الدفاع الأمريكية",
    "الأمم المتحدة",
    "الاتحاد الأوروبي",
    "حلف شمال الأطلسي (الناتو)",
    "البنك الدولي",
    "وكالة الأنباء الكورية الجنوبية (يونهاب)",
    "مجلس الأمن الدولي",
    "في 12 يوليو 2024",
    "الأربعاء ١٧ يناير ٢٠٢٤",
    "يوم الأحد الماضي",
    "أمس الخميس",
    "اليوم الجمعة",
    "منذ عام 2017",
    "خلال عامي 2022 و2023",
    "في الفترة من 1 إلى 5 مارس",
    "الشهر المقبل",
    "العام الماضي",
    "قبل ثلاثة أيام",
    "١٤ رمضان ١٤٤٥ هـ",
    "12-7-2024 | 17:24",
    "الساعة 17:24 بتوقيت غرينتش",
    "في شهر آب/أغسطس 2023",
    "«نحن ملتزمون بأمن المنطقة»",
    '"لن نتراجع عن قرارنا"، قال الوزير.',
    "وقال: «الوضع صعب. سنصمد»",
    "إن الهجوم أسفر عن مقتل 5 أشخاص",
    "حسبما ذكرت وكالة رويترز",
    "وأوضح أن المحادثات ستستأنف الأسبوع المقبل",
    "ونقلت صحيفة نيويورك تايمز عن مسؤولين قولهم إن",
    "وشدد على ضرورة وقف إطلاق النار",
    "كوريا الجنوبية والولايات المتحدة",
    "شاشة 24 بوصة وارتفاع 5'11\"",
]

PUNCTUATION = list('«»"“”„‘’\'`،؛؟.!:;-—–()[]{}…٪٫٬/|*#@') + [
    " ", " ", "\n", "\n\n", "\r\n", "\t", "...", "″", "′", '"""', "««", "»»", ": «", '"،',
]

MARKS = (
    [chr(c) for c in range(0x064B, 0x0653)]  # harakat, tanwin, shadda, sukun
    + ["\u0670", "\u0640", "\u0640\u0640\u0640"]  # dagger alef, tatweel
    + ["\u200e", "\u200f", "\u061c"]  # LRM, RLM, ALM
    + [chr(c) for c in range(0x202A, 0x202F)]  # embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # isolates
    + ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060"]  # zero-width
    + ["\u0300", "\u0654", "\u0655", "\u06e1", "\u06ed"]  # combining, Quranic
)

ODD = [
    "\x00", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1b", "\x7f", "\ufffd", "\ufffe",
    "ﷺ", "ﷲ", "ﻻ", "ﻷ", "ﺑ", "ﺎ", "ﻳ", "ﺪ", "ﻥ", "\ufdfd",  # presentation forms
    "ی", "ک", "گ", "پ", "چ", "ژ", "ے", "ۀ",  # Persian and Urdu letters
    "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "٫", "٬",
    "שלום עולם", "Joe Biden", "UN", "é", "ß", "İ", "ﬁ", "ǅ",
    "😀", "🇸🇦", "👨‍👩‍👧", "\U0010ffff", "\U000e0001",
    "---", "---\n", "- ", ": ", "? ", "&a ", "*a ", "!!python/object:os.system ", "%YAML 1.1",
    "\ud800", "\udfff", "\udc80",  # lone surrogates (text inputs only)
]

FRONT_MATTER_VALUES = [
    "2024-07-12", "'2023-01-03'", "2024-07-12T10:00:00", "yesterday", "2024-13-45",
    "[unclosed", "!!python/object/apply:os.system ['true']", "", "{a: b}", "0", "null",
]

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1256", "iso-8859-6")

_SENTENCE_END = re.compile(r"(?<=[.؟!\n])")


def _corpus_pieces() -> tuple[list[str], list[str]]:
    sentences: list[str] = []
    words: list[str] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences.extend(s for s in _SENTENCE_END.split(text) if s.strip())
        words.extend(text.split())
    return sentences, words


CORPUS_SENTENCES, CORPUS_WORDS = _corpus_pieces()
NEWS = SYNTHETIC + CORPUS_SENTENCES
WORDS = sorted(set(CORPUS_WORDS + " ".join(SYNTHETIC).split()))


@dataclass(frozen=True)
class Sample:
    """A generated input: ``text`` for ``extract_text``-style callers, or
    ``data`` (bytes) for the reader."""

    text: str | None = None
    data: bytes | None = None


class _Stream:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def more(self) -> bool:
        return self.pos < len(self.data)

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def number(self, n_bytes: int) -> int:
        value = 0
        for _ in range(n_bytes):
            value = value * 256 + self.byte()
        return value

    def pick(self, seq):
        return seq[self.number(2) % len(seq)]

    def raw(self, n: int) -> bytes:
        chunk = self.data[self.pos:self.pos + n]
        self.pos += len(chunk)
        return chunk


MAX_CHARS = 20_000


def build(data: bytes) -> Sample:
    """The input ``data`` stands for (see the module docstring)."""
    s = _Stream(data)
    head = s.byte()
    as_bytes = bool(head & 1)
    encoding = ENCODINGS[(head >> 1) % len(ENCODINGS)]
    front_matter = FRONT_MATTER_VALUES[s.byte() % len(FRONT_MATTER_VALUES)] if head >> 4 == 0xF else None
    pieces: list[str | bytes] = []
    size = 0
    while s.more() and size < MAX_CHARS:
        op = s.byte() % 16
        if op <= 3:
            piece: str | bytes = s.pick(NEWS)
        elif op <= 5:
            piece = s.pick(WORDS)
        elif op <= 7:
            piece = s.pick(PUNCTUATION)
        elif op <= 9:
            piece = s.pick(MARKS)
        elif op == 10:
            piece = s.pick(ODD)
        elif op == 11:
            piece = chr(s.number(3) % 0x110000)
        elif op == 12 and pieces:
            # Repetition: 10,000 quotation marks, a word said 500 times.
            times = 1 + s.byte() % 64
            if times == 64:
                times = s.number(2)
            piece = pieces[-1] * min(times, max(1, (MAX_CHARS - size) // max(1, len(pieces[-1]))))
        elif op == 13:
            piece = s.pick([" ", "\n", "، ", ". ", "\n\n"])
        elif op == 14 and pieces and isinstance(pieces[-1], str):
            # Decoration: a mark between every two characters of the last piece.
            mark = s.pick(MARKS + ["\x00", "ـ"])
            piece = mark.join(pieces.pop())
        else:
            piece = s.raw(1 + s.byte() % 16)
            if not as_bytes:
                piece = piece.decode("latin-1")
        pieces.append(piece)
        size += len(piece)
    if front_matter is not None:
        pieces.insert(0, f"---\npublished: {front_matter}\n---\n")
    if not as_bytes:
        return Sample(text="".join(p if isinstance(p, str) else p.decode("latin-1") for p in pieces))
    return Sample(data=encode(pieces, encoding))


def encode(pieces: list[str | bytes], encoding: str) -> bytes:
    """Pieces in ``encoding`` (lone surrogates as the invalid bytes a broken
    encoder writes), raw byte pieces as they are."""
    out = bytearray()
    if encoding == "utf-8-sig":
        out += codecs.BOM_UTF8
    elif encoding == "utf-16-le":
        out += codecs.BOM_UTF16_LE
    elif encoding == "utf-16-be":
        out += codecs.BOM_UTF16_BE
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    for piece in pieces:
        if isinstance(piece, bytes):
            out += piece
        elif codec.startswith("utf"):
            out += piece.encode(codec, "surrogatepass")
        else:
            out += piece.encode(codec, "replace")
    return bytes(out)
