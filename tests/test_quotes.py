"""Quoted statements and their speakers: real sentences in, exact records out.

Entities are given by hand (as the entity matcher and resolver would give
them), so these tests pin the quote matcher alone; the seeds are scored end to
end by ``make eval``.
"""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings, strategies as st

from nlp_extract.model import AnalyzedDocument, Document, Span
from nlp_extract.pipeline import analyze_document
from nlp_extract.quotes import QuoteLexicon, find_quotes


@pytest.fixture(scope="module")
def lexicon() -> QuoteLexicon:
    return QuoteLexicon.load()


def analyzed(text: str, analyzer=None) -> AnalyzedDocument:
    return analyze_document(Document("<test>", text), analyzer)


def entity(text: str, surface: str, type_: str, name: str | None = None, nth: int = 0, **attrs) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    base = {"name": name or surface, "id": f"{type_}/{(name or surface)}"}
    base.update(attrs)
    return Span(type_, start, start + len(surface), (), base)


def quotes(text: str, lexicon: QuoteLexicon, entities=(), analyzer=None):
    doc = analyzed(text, analyzer)
    return find_quotes(doc, list(entities), lexicon)


def summary(text: str, span: Span):
    """(kind, statement, cue, speaker name-or-text, speaker rule) of a quote."""
    speaker = span.attrs["speaker"]
    if isinstance(speaker, list):
        who = [s["name"] or s["text"] for s in speaker]
    elif speaker is None:
        who = None
    else:
        who = speaker["name"] or speaker["text"]
    how = span.evidence[1].id if len(span.evidence) > 1 else None
    return span.attrs["kind"], text[span.start:span.end], span.attrs["cue"]["text"], who, how


MINISTRY = "وزارة الدفاع الكورية الجنوبية"

# (text, entities as (surface, type, name), expected summaries)
CASES = [
    pytest.param(
        'وقال مسؤول في الوزارة: "كانت الولايات المتحدة سابقا تخطر وتناقش النشر الوشيك للأصول الاستراتيجية".',
        [],
        [("direct", "كانت الولايات المتحدة سابقا تخطر وتناقش النشر الوشيك للأصول الاستراتيجية", "وقال",
          "مسؤول في الوزارة", "speaker-subject")],
        id="direct-colon-unnamed-speaker",
    ),
    pytest.param(
        'قال بومبيو للصحفيين إن "المناقشات ستكون أوسع من كوريا الشمالية".',
        [("بومبيو", "person", "مايك بومبيو")],
        [("direct", "المناقشات ستكون أوسع من كوريا الشمالية", "قال", "مايك بومبيو", "speaker-subject")],
        id="direct-after-complementizer-addressee",
    ),
    pytest.param(
        '"الوضع في المنطقة خطير جدا"، قال الوزير.',
        [],
        [("direct", "الوضع في المنطقة خطير جدا", "قال", "الوزير", "speaker-subject")],
        id="direct-cue-after",
    ),
    pytest.param(
        "الجبير: قطر تدعم الإرهاب في المنطقة\nنص الخبر.",
        [("الجبير", "person", "عادل الجبير")],
        [("direct", "قطر تدعم الإرهاب في المنطقة", ":", "عادل الجبير", "speaker-subject")],
        id="headline",
    ),
    pytest.param(
        f"قالت {MINISTRY}، اليوم الجمعة، إن الوثيقة ستوسع من تخصيص الأصول إلى \"مستوى ثابت\"، حيث يسعى الحليفان إلى التعاون.",
        [(MINISTRY, "institution", MINISTRY)],
        [("indirect", 'الوثيقة ستوسع من تخصيص الأصول إلى "مستوى ثابت"، حيث يسعى الحليفان إلى التعاون', "قالت",
          MINISTRY, "speaker-subject")],
        id="indirect-with-fragment",
    ),
    pytest.param(
        "أفادت مصادر تركية بأن القنصل غادر البلاد.",
        [],
        [("indirect", "القنصل غادر البلاد", "أفادت", "مصادر تركية", "speaker-subject")],
        id="indirect-bian-group",
    ),
    pytest.param(
        "وقد حذر الرئيس الكوري الجنوبي \"يون سيوك-يول\" والرئيس الأمريكي \"جو بايدن\" - أمس - من أن أي هجوم نووي سيقابل برد \"سريع وساحق وحاسم\".",
        [("يون سيوك-يول", "person", "يون سيوك-يول"), ("جو بايدن", "person", "جو بايدن")],
        [("indirect", 'أي هجوم نووي سيقابل برد "سريع وساحق وحاسم"', "حذر", ["يون سيوك-يول", "جو بايدن"],
          "speaker-subject")],
        id="two-speakers-names-in-quotes",
    ),
    pytest.param(
        "وكرر مسؤول كبير في الإدارة الأمريكية تعليق بايدن، قائلاً إن التدريبات المشتركة ستكون صعبة للغاية.",
        [("بايدن", "person", "جو بايدن")],
        [("indirect", "التدريبات المشتركة ستكون صعبة للغاية", "قائلاً", "مسؤول كبير في الإدارة الأمريكية",
          "speaker-subject")],
        id="participle-takes-main-subject",
    ),
    pytest.param(
        "متحدث باسم مجلس الأمن القومي بدوره قال في بيان إن الولايات المتحدة ملتزمة بتوفير ردع موسع.",
        [("مجلس الأمن القومي", "institution", "مجلس الأمن القومي")],
        [("indirect", "الولايات المتحدة ملتزمة بتوفير ردع موسع", "قال", "متحدث باسم مجلس الأمن القومي",
          "speaker-subject")],
        id="subject-before-cue-unnamed",
    ),
    pytest.param(
        "كيم أون هاي، السكرتير الصحفي ليون قال إن بايدن \"لم يكن لديه من خيار سوى قول لا\"، لأنه سئل ببساطة.",
        [("كيم أون هاي", "person", "كيم أون هاي"), ("بايدن", "person", "جو بايدن")],
        [("indirect", 'بايدن "لم يكن لديه من خيار سوى قول لا"، لأنه سئل ببساطة', "قال", "كيم أون هاي",
          "speaker-subject")],
        id="subject-before-cue-apposition",
    ),
    pytest.param(
        "وأشار الوزير إلى أن المفاعل كان يوشك على الاكتمال.",
        [],
        [("indirect", "المفاعل كان يوشك على الاكتمال", "وأشار", "الوزير", "speaker-subject")],
        id="preposition-before-complementizer",
    ),
    pytest.param(
        "ووصل الوزير إلى بكين، وذلك بعد أن قال إنه سيلتقي نظيره. وقال الوزير بعد أن التقى نظيره إن المحادثات مثمرة.",
        [],
        [("indirect", "إنه سيلتقي نظيره", "قال", "الوزير", "speaker-agreement"),
         ("indirect", "المحادثات مثمرة", "وقال", "الوزير", "speaker-coreference")],
        id="adverbial-an-is-not-a-clause",
    ),
    pytest.param(
        "وقال وزير الدفاع الإسرائيلي، افيغدور ليبرمان، الأربعاء إن على المنطقة استيعاب الدرس.",
        [("افيغدور ليبرمان", "person", "أفيغدور ليبرمان")],
        [("indirect", "على المنطقة استيعاب الدرس", "وقال", "أفيغدور ليبرمان", "speaker-subject")],
        id="title-then-name-between-commas",
    ),
    pytest.param(
        "اعتبر لاعب نادي الزمالك السابق، أحمد حسام ميدو، أن الفريق يحتاج إلى مدرب جديد.",
        [("نادي الزمالك", "institution", "نادي الزمالك"), ("أحمد حسام ميدو", "person", "أحمد حسام ميدو")],
        [("indirect", "الفريق يحتاج إلى مدرب جديد", "اعتبر", "أحمد حسام ميدو", "speaker-subject")],
        id="trade-title-then-name-between-commas",
    ),
    pytest.param(
        "وقالت وزيرة الدولة لشؤون الإعلام والتي تشغل أيضا منصب الناطق الرسمي باسم الحكومة، جمانة غنيمات، "
        "إن الحكومة مستعدة.",
        [("جمانة غنيمات", "person", "جمانة غنيمات")],
        [("indirect", "الحكومة مستعدة", "وقالت", "جمانة غنيمات", "speaker-subject")],
        id="title-and-relative-clause-then-name-between-commas",
    ),
    pytest.param(
        "وقالت وزيرة الدولة لشؤون الإعلام والتي تشغل أيضا منصب الناطق الرسمي باسم الحكومة، جمانة غنيمات، "
        "إن الحكومة مستعدة. وفي السياق ذاته، كشفت الوزيرة الأردنية أن العملية لا تزال جارية.",
        [("جمانة غنيمات", "person", "جمانة غنيمات")],
        [("indirect", "الحكومة مستعدة", "وقالت", "جمانة غنيمات", "speaker-subject"),
         ("indirect", "العملية لا تزال جارية", "كشفت", "جمانة غنيمات", "speaker-coreference")],
        id="title-and-nationality-refer-to-the-one-person-with-that-title",
    ),
    pytest.param(
        "وأكد الفالح وفقا لما نقله تقرير الوكالة السعودية على أن المملكة مستمرة في الاستثمار.",
        [("الفالح", "person", "خالد الفالح")],
        [("indirect", "المملكة مستمرة في الاستثمار", "وأكد", "خالد الفالح", "speaker-subject")],
        id="attribution-inside-a-cue-phrase-is-only-its-source",
    ),
    pytest.param(
        "ونقلت رويترز عن المسؤول التركي قوله على تويتر: \"قدمنا موعد التسليم في الاتفاق الموقع مع روسيا\".",
        [("رويترز", "institution", "رويترز")],
        [("direct", "قدمنا موعد التسليم في الاتفاق الموقع مع روسيا", "ونقلت", "المسؤول التركي", "speaker-subject")],
        id="naqala-an-speaker-after-an",
    ),
    pytest.param(
        "تلتزم الوثيقة بتخصيص مهام هذه الأسلحة في وقت الحرب ووقت السلم، وفقا للوزارة.",
        [],
        [("indirect", "تلتزم الوثيقة بتخصيص مهام هذه الأسلحة في وقت الحرب ووقت السلم", "وفقا", "للوزارة",
          "speaker-subject")],
        id="according-to-after",
    ),
    pytest.param(
        "وبحسب المسؤول، فإن الاتفاق سيوقع الأسبوع المقبل.",
        [],
        [("indirect", "الاتفاق سيوقع الأسبوع المقبل", "وبحسب", "المسؤول", "speaker-subject")],
        id="according-to-before",
    ),
    pytest.param(
        "وقعت كوريا الجنوبية والولايات المتحدة أمس على الوثيقة، حسبما ذكرت وكالة الأنباء الكورية الجنوبية.",
        [],
        [],
        id="news-agency-sourcing-is-not-a-statement",
    ),
    pytest.param(
        "ومن المتوقع أن يشهد اليوم حضورا جماهيريا في المسيرة التي تسمى الإطارات بحسب اللهجة المحلية.",
        [],
        [],
        id="according-to-a-non-speaker",
    ),
]

TRAPS = [
    pytest.param('ووقع "تشو تشانج-ريه"، نائب وزير الدفاع الكوري، أمس على الوثيقة.', id="name-in-quotes"),
    pytest.param('ويشير مصطلح "الردع الموسع" إلى تعهد الولايات المتحدة بتعبئة قدراتها.', id="term-in-quotes"),
    pytest.param('ووقع الطرفان على وثيقة "المبادئ التوجيهية للردع النووي والعمليات النووية في شبه الجزيرة الكورية".',
                 id="document-title"),
    pytest.param('وأعلنت شركة "توتال" الفرنسية عن استثمارات جديدة في المنطقة.', id="company-name"),
    pytest.param('وقال الوزير لراديو "أر.تي.إل" الفرنسي صباح اليوم كلاما كثيرا.', id="radio-name"),
    pytest.param('أعلن وكيل الوزارة عن تقديم موعد تسليم بطاريات صواريخ "إس - 400 أرض/جو" الروسية لتركيا.',
                 id="product-name-after-object"),
    pytest.param("يذكر أن فرنسا تعيش في حالة تأهب مرتفعة بعد الهجمات.", id="impersonal-yudhkar"),
    pytest.param("وأضاف برشلونة الهدف الثالث بعد ثلاث دقائق فقط.", id="adaf-without-statement"),
]


@pytest.mark.parametrize("text, ents, expected", CASES)
def test_statements(lexicon, text, ents, expected):
    spans = [entity(text, s, t, n) for s, t, n in ents]
    found = quotes(text, lexicon, spans)
    assert [summary(text, q) for q in found] == expected


@pytest.mark.parametrize("text", TRAPS)
def test_not_statements(lexicon, text):
    assert quotes(text, lexicon) == []


def test_record_layout(lexicon):
    text = f"وأكدت {MINISTRY} أن توقيع الوثيقة يرتقي بالتحالف إلى \"تحالف راسخ قائم على أساس نووي\"."
    spans = [entity(text, MINISTRY, "institution", MINISTRY)]
    (q,) = quotes(text, lexicon, spans)
    assert list(q.attrs) == ["kind", "cue", "speaker", "fragments"]
    assert q.attrs["cue"] == {"text": "وأكدت", "lemma": "أكد", "start": 0, "end": 5}
    m = text.index(MINISTRY)
    assert q.attrs["speaker"] == {"text": MINISTRY, "name": MINISTRY, "id": f"institution/{MINISTRY}",
                                  "type": "institution", "start": m, "end": m + len(MINISTRY)}
    frag = "تحالف راسخ قائم على أساس نووي"
    f0 = text.index(frag)
    assert q.attrs["fragments"] == [{"text": frag, "start": f0, "end": f0 + len(frag)}]
    assert [str(e) for e in q.evidence] == ["rule:indirect-clause", "rule:speaker-subject"]


def test_subjectless_cue_agrees_in_gender(lexicon):
    text = (f"قالت {MINISTRY} إن الوثيقة ستوسع التعاون. وقال مسؤول في الوزارة إن النشر سيناقش يوميا. "
            "وقالت: \"التكامل بين الأسلحة التقليدية والنووية يمثل الحالة الأولى\".")
    spans = [entity(text, MINISTRY, "institution", MINISTRY)]
    found = [summary(text, q) for q in quotes(text, lexicon, spans)]
    assert found[2] == ("direct", "التكامل بين الأسلحة التقليدية والنووية يمثل الحالة الأولى", "وقالت",
                        MINISTRY, "speaker-agreement")
    # and the masculine one takes the official, not the ministry
    text2 = text + " وأضاف أن الاجتماع المقبل سيعقد في سول."
    found2 = [summary(text2, q) for q in quotes(text2, lexicon, [entity(text2, MINISTRY, "institution", MINISTRY)])]
    assert found2[3][3] == "مسؤول في الوزارة" and found2[3][4] == "speaker-agreement"


def test_dual_and_plural_agreement(lexicon):
    text = ("وحذر الرئيس يون والرئيس بايدن من أن أي هجوم سيقابل برد حاسم. "
            "وقال المحللون إن التوتر سيستمر طويلا. وقالا إن التحالف أقوى من أي وقت مضى.")
    spans = [entity(text, "يون", "person", "يون سيوك-يول"), entity(text, "بايدن", "person", "جو بايدن")]
    found = [summary(text, q) for q in quotes(text, lexicon, spans)]
    assert found[1][3] == "المحللون"
    assert found[2][3] == ["يون سيوك-يول", "جو بايدن"] and found[2][4] == "speaker-agreement"


def test_nominal_reference_resolves_to_entity(lexicon):
    text = (f"أعلنت {MINISTRY} عن مناورات جديدة. وأضافت الوزارة أن المناورات ستستمر أسبوعا. "
            "وقال مسؤول كبير في الإدارة الأمريكية إن واشنطن تدعم سول. فيما قال المسؤول إن الرئيسين تحدثا.")
    spans = [entity(text, MINISTRY, "institution", MINISTRY)]
    found = [summary(text, q) for q in quotes(text, lexicon, spans)]
    assert found[0][3] == MINISTRY and found[0][4] == "speaker-coreference"
    assert found[2][3] == "مسؤول كبير في الإدارة الأمريكية" and found[2][4] == "speaker-coreference"


def test_title_and_name_reference(lexicon):
    text = "قال الرئيس الكوري الجنوبي يون سيوك-يول إن بلاده مستعدة. وأكد الرئيس يون أن الحوار ممكن."
    spans = [entity(text, "يون سيوك-يول", "person", "يون سيوك-يول")]
    found = [summary(text, q) for q in quotes(text, lexicon, spans)]
    assert found[1][3] == "يون سيوك-يول" and found[1][4] == "speaker-coreference"


def test_quotation_spanning_sentences(lexicon):
    text = ('وقال بومبيو: "في بعض الأحيان يكون من الصعب إغلاق هذه البوصة الأخيرة. لكننا سنقترب جدا من ذلك". '
            "ثم غادر.")
    (q,) = quotes(text, lexicon, [entity(text, "بومبيو", "person", "مايك بومبيو")])
    assert text[q.start:q.end] == ("في بعض الأحيان يكون من الصعب إغلاق هذه البوصة الأخيرة. "
                                   "لكننا سنقترب جدا من ذلك")


def test_quotation_after_colon_at_line_end(lexicon):
    text = 'وقال الوزير في كلمته:\n"سنواصل العمل حتى تحقيق جميع الأهداف المعلنة."\nوانتهى اللقاء.'
    (q,) = quotes(text, lexicon)
    assert summary(text, q)[:4] == ("direct", "سنواصل العمل حتى تحقيق جميع الأهداف المعلنة.", "وقال", "الوزير")


def test_unbalanced_mark_stays_in_its_paragraph(lexicon):
    text = ('وقال الوزير: "الوضع صعب لكننا سنصمد\n'
            "فقرة ثانية عن الاقتصاد. وقال المدير إن الأرباح ارتفعت.\nفقرة ثالثة.")
    found = [summary(text, q) for q in quotes(text, lexicon)]
    assert found == [
        ("direct", "الوضع صعب لكننا سنصمد", "وقال", "الوزير", "speaker-subject"),
        ("indirect", "الأرباح ارتفعت", "وقال", "المدير", "speaker-subject"),
    ]


def test_mixed_marks(lexicon):
    text = "وقال المتحدث: «نرفض هذه الاتهامات جملة وتفصيلا\". وأضاف: “سنرد في الوقت المناسب”."
    found = [summary(text, q)[:2] for q in quotes(text, lexicon)]
    assert found == [("direct", "نرفض هذه الاتهامات جملة وتفصيلا"), ("direct", "سنرد في الوقت المناسب")]


def test_cue_inside_a_quotation_is_not_a_cue(lexicon):
    text = ('وأضاف "سيتم القيام بذلك بطرق متنوعة، بما في ذلك كما قال الرئيس يون، من خلال تعزيز '
            'تبادل المعلومات".')
    found = quotes(text, lexicon)
    assert len(found) == 1 and found[0].attrs["kind"] == "direct"


@pytest.mark.parametrize(
    "cue",
    ["قال", "قالت", "قالا", "قالتا", "قالوا", "وقال", "فقال", "أضاف", "وتابع", "أكد", "أوضحت", "وأشار",
     "شدد", "اعتبر", "رأى", "صرح", "ذكرت", "أعلن", "حذر", "نفى", "كرر", "توقع", "أفادت", "لفت", "نوه",
     "ويقول", "وتقول"],
)
def test_every_cue_form(lexicon, cue):
    text = f"{cue} المتحدث أن الاتفاق سيوقع قريبا."
    (q,) = quotes(text, lexicon)
    assert summary(text, q)[:3] == ("indirect", "الاتفاق سيوقع قريبا", cue)


@pytest.mark.parametrize("participle", ["قائلا", "مضيفا", "مشيرا إلى", "معتبرا", "مؤكدا", "موضحا", "لافتا إلى"])
def test_participles(lexicon, participle):
    text = f"وزار الوزير المدينة، {participle} أن الأوضاع تحسنت كثيرا."
    (q,) = quotes(text, lexicon)
    assert summary(text, q)[1:] == ("الأوضاع تحسنت كثيرا", participle.split()[0], "الوزير", "speaker-subject")


def test_cues_by_lemma_with_the_analyzer(lexicon, analyzer):
    # "وأكدها" is no listed form: only the analysis (lemma أكد, verb) makes it a cue
    text = "وأكدها الوزير أمس، وقال إن الاتفاق نهائي."
    doc = analyzed(text, analyzer)
    cues = [lexicon.cue_of(t) for t in doc.tokens]
    assert cues[0] is not None and cues[0].lemma == "أكد" and cues[0].by_lemma
    found = [summary(text, q) for q in find_quotes(doc, [], lexicon)]
    assert found == [("indirect", "الاتفاق نهائي", "وقال", "الوزير", "speaker-coreference")]


def test_analyzer_features_decide_agreement(lexicon, analyzer):
    text = ("قالت الوزيرة إن الخطة جاهزة. وقال المدير إن التمويل متوفر. "
            "وأضافت أن التنفيذ يبدأ غدا.")
    found = [summary(text, q) for q in find_quotes(analyzed(text, analyzer), [], lexicon)]
    assert found[2][3] == "الوزيرة" and found[2][4] == "speaker-agreement"


def test_ten_thousand_marks_stay_linear(lexicon):
    text = "وقال الوزير: " + '"كلمة" ' * 5000 + '"' * 5000 + " انتهى."
    doc = analyzed(text)
    started = time.perf_counter()
    find_quotes(doc, [], lexicon)
    assert time.perf_counter() - started < 2.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(['"', "«", "»", "“", "”", "قال", "الوزير", "إن", ":", "،", ".", "\n", "الوضع",
                                 "خطير", "وأضاف", "بحسب", "المسؤول"]), max_size=40))
def test_spans_are_surface_text(lexicon, words):
    text = " ".join(words)
    for q in quotes(text, lexicon):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == text[q.start:q.end].strip()
        assert "\n" not in text[q.start:q.end]
        cue = q.attrs["cue"]
        assert text[cue["start"]:cue["end"]] == cue["text"]


# Second review (Random(11) sample of the ANT corpus): one case per fix, in
# news sentences written after the patterns met there, run with the analyzer.
# (text, entities as (surface, type, name, attrs), expected summaries)
ANALYZED_CASES = [
    pytest.param(
        "وقال الوزير إنه سيزور بكين الأسبوع المقبل. وأضافت الوزارة أنها تتابع الوضع عن كثب.",
        [],
        [("indirect", "إنه سيزور بكين الأسبوع المقبل", "وقال", "الوزير", "speaker-subject"),
         ("indirect", "أنها تتابع الوضع عن كثب", "وأضافت", "الوزارة", "speaker-subject")],
        id="statement-keeps-a-complementizer-that-carries-a-pronoun",
    ),
    pytest.param(
        'واعتبرت الوزيرة "أن القرار يجب أن يكون مثالا لجميع القادة الرياضيين".',
        [],
        [("direct", "القرار يجب أن يكون مثالا لجميع القادة الرياضيين", "واعتبرت", "الوزيرة", "speaker-subject")],
        id="quotation-opening-with-complementizer",
    ),
    pytest.param(
        "وقالت آن ماكنيل، أستاذة علم الأوبئة في جامعة لندن، إن النتائج مقلقة جدا. "
        'كما أضافت "إن الشباب يحتاجون إلى معلومات أوضح عن المخاطر".',
        [],
        [("indirect", "النتائج مقلقة جدا", "وقالت", "آن ماكنيل", "speaker-subject"),
         ("direct", "الشباب يحتاجون إلى معلومات أوضح عن المخاطر", "أضافت", "آن ماكنيل", "speaker-agreement")],
        id="aan-is-a-name-and-feminine-apposition",
    ),
    pytest.param(
        'وقال متحدث باسم الشركة "نتابع تطورات الوضع عن كثب، وننتظر الموقف الرسمي للاتحاد الأوروبي في هذه القضية".',
        [],
        [("direct", "نتابع تطورات الوضع عن كثب، وننتظر الموقف الرسمي للاتحاد الأوروبي في هذه القضية", "وقال",
          "متحدث باسم الشركة", "speaker-subject")],
        id="long-quotation-after-a-term-head-is-a-statement",
    ),
    pytest.param(
        'ويقول جون نيوتن مدير قسم الأبحاث في الهيئة "نعتقد أن أي خطوة لتسهيل الترخيص ستكون مفيدة للجميع".',
        [("جون نيوتن", "person", "جون نيوتن", {})],
        [("direct", "نعتقد أن أي خطوة لتسهيل الترخيص ستكون مفيدة للجميع", "ويقول", "جون نيوتن", "speaker-subject")],
        id="apposition-between-speaker-and-quotation",
    ),
    pytest.param(
        'وقال بيار دوناك محامي المتهم "نطلب منكم إصدار حكم عادل في هذه القضية".',
        [],
        [("direct", "نطلب منكم إصدار حكم عادل في هذه القضية", "وقال", "بيار دوناك محامي المتهم", "speaker-subject")],
        id="surname-read-as-a-verb-stays-in-the-subject",
    ),
    pytest.param(
        "وصرح المدعي العام في مانهاتن سايروس فانس أن الاتهامات تعكس تقدما مهما في التحقيق.",
        [("سايروس فانس", "person", "سايروس فانس", {})],
        [("indirect", "الاتهامات تعكس تقدما مهما في التحقيق", "وصرح", "سايروس فانس", "speaker-subject")],
        id="al-aam-after-a-title-is-an-adjective",
    ),
    pytest.param(
        'وقال ترامب إن القرار نهائي. وتابع معلقا على قرار الانسحاب "لن نتراجع عن هذا القرار مهما كانت الضغوط".',
        [("ترامب", "person", "دونالد ترامب", {})],
        [("indirect", "القرار نهائي", "وقال", "دونالد ترامب", "speaker-subject"),
         ("direct", "لن نتراجع عن هذا القرار مهما كانت الضغوط", "وتابع", "دونالد ترامب", "speaker-agreement")],
        id="participle-phrase-is-not-the-speaker",
    ),
    pytest.param(
        "وكان ترامب أوضح عند إعلان قراره بشأن الاتفاق، أن أمام الشركات ستة أشهر للخروج من السوق.",
        [("ترامب", "person", "دونالد ترامب", {})],
        [("indirect", "أمام الشركات ستة أشهر للخروج من السوق", "أوضح", "دونالد ترامب", "speaker-subject")],
        id="adverbial-clause-is-not-the-speaker",
    ),
    pytest.param(
        "وقال وزير الخارجية التركي مولود جاويش أوغلو إن التحقيق مستمر. "
        "وأضاف وزير الخارجية التركي قائلا إن الحقيقة ستظهر قريبا.",
        [("مولود جاويش أوغلو", "person", "مولود جاويش أوغلو", {"title": "وزير الخارجية التركي"})],
        [("indirect", "التحقيق مستمر", "وقال", "مولود جاويش أوغلو", "speaker-subject"),
         ("indirect", "الحقيقة ستظهر قريبا", "قائلا", "مولود جاويش أوغلو", "speaker-coreference")],
        id="title-alone-refers-to-the-named-person",
    ),
    pytest.param(
        "أعلن وكيل وزارة الصناعات الدفاعية التركي، إسماعيل دمير، عن تقديم موعد التسليم. "
        'ونقلت رويترز عن المسؤول التركي قوله: "قدمنا موعد التسليم في الاتفاق مع روسيا".',
        [("إسماعيل دمير", "person", "إسماعيل دمير", {"title": "وكيل وزارة الصناعات الدفاعية التركي"}),
         ("رويترز", "institution", "رويترز", {})],
        [("direct", "قدمنا موعد التسليم في الاتفاق مع روسيا", "ونقلت", "إسماعيل دمير", "speaker-coreference")],
        id="official-with-nationality-refers-to-the-person",
    ),
    pytest.param(
        'قال الرئيس الأمريكي دونالد ترامب إن الوضع سيء. وقال المسؤول السعودي: "ننفي أي تورط في الاختفاء".',
        [("دونالد ترامب", "person", "دونالد ترامب", {"title": "الرئيس الأمريكي"})],
        [("indirect", "الوضع سيء", "قال", "دونالد ترامب", "speaker-subject"),
         ("direct", "ننفي أي تورط في الاختفاء", "وقال", "المسؤول السعودي", "speaker-subject")],
        id="official-of-another-nationality-is-someone-new",
    ),
    pytest.param(
        'اختفى الصحفي السعودي جمال خاشقجي في إسطنبول. وقال المسؤول السعودي: "ننفي أي تورط في الاختفاء".',
        [("جمال خاشقجي", "person", "جمال خاشقجي", {"title": "الصحفي السعودي"})],
        [("direct", "ننفي أي تورط في الاختفاء", "وقال", "المسؤول السعودي", "speaker-subject")],
        id="official-is-not-a-journalist-of-that-nationality",
    ),
    pytest.param(
        'ونقلت وكالة الأنباء السعودية على لسان وزير المالية محمد الجدعان قوله "إن الاتفاقية تأتي دعما لليمن".',
        [("وكالة الأنباء السعودية", "institution", "وكالة الأنباء السعودية", {}),
         ("محمد الجدعان", "person", "محمد الجدعان", {"title": "وزير المالية"})],
        [("direct", "الاتفاقية تأتي دعما لليمن", "ونقلت", "محمد الجدعان", "speaker-subject")],
        id="quoted-by-an-agency-on-the-tongue-of-a-person",
    ),
    pytest.param(
        'وانتقدت الهيئات الصناعية المقترحات وقالت إنها "غير معقولة وغير مبالية".',
        [],
        [("direct", "غير معقولة وغير مبالية", "وقالت", "الهيئات الصناعية", "speaker-agreement")],
        id="subject-of-a-non-reporting-verb",
    ),
    pytest.param(
        'وأصدرت شركة "بيجو" بيانا الأربعاء قالت فيه إنها تأمل في موقف أوروبي موحد.',
        [('شركة "بيجو"', "institution", "بيجو", {})],
        [("indirect", "إنها تأمل في موقف أوروبي موحد", "قالت", "بيجو", "speaker-agreement")],
        id="statement-issued-by-the-main-subject",
    ),
    pytest.param(
        "صحيفة لوموند تنتقد الحكومة في افتتاحيتها وتقول إن الإصلاح جاء متأخرا.",
        [("صحيفة لوموند", "institution", "صحيفة لوموند", {})],
        [("indirect", "الإصلاح جاء متأخرا", "وتقول", "صحيفة لوموند", "speaker-agreement")],
        id="subject-before-a-non-reporting-verb",
    ),
    pytest.param(
        "وكان الجيش الأمريكي، الذي كثف غاراته العام الماضي، قد قال إن القوات المحلية ليست مستعدة بعد.",
        [("الجيش الأمريكي", "institution", "الجيش الأمريكي", {})],
        [("indirect", "القوات المحلية ليست مستعدة بعد", "قال", "الجيش الأمريكي", "speaker-subject")],
        id="kana-subject-then-qad-qala",
    ),
    pytest.param(
        'ووصف الوزير الهجوم بأنه "عمل جبان".',
        [],
        [("direct", "عمل جبان", "ووصف", "الوزير", "speaker-subject")],
        id="cue-wasafa",
    ),
    pytest.param(
        'وقال ترامب إن الوضع صعب. وتدارك "لكننا سنجد حلا لهذه الأزمة في النهاية".',
        [("ترامب", "person", "دونالد ترامب", {})],
        [("indirect", "الوضع صعب", "وقال", "دونالد ترامب", "speaker-subject"),
         ("direct", "لكننا سنجد حلا لهذه الأزمة في النهاية", "وتدارك", "دونالد ترامب", "speaker-agreement")],
        id="cue-tadaraka",
    ),
    pytest.param(
        'بدوره، عبر رئيس الوزراء الأسبق برنار كازنوف عن إدانته للتصريحات، معتبرا أن "التجاوز تجسد في عدم الاحترام".',
        [("برنار كازنوف", "person", "برنار كازنوف", {})],
        [("direct", "التجاوز تجسد في عدم الاحترام", "معتبرا", "برنار كازنوف", "speaker-subject")],
        id="cue-abbara-an-names-the-participles-subject",
    ),
    pytest.param(
        "وكتبت صحيفة التايمز إن رئيس الوزراء يواجه انتقادات واسعة. ورجح المرصد أن تكون الغارة إسرائيلية.",
        [],
        [("indirect", "رئيس الوزراء يواجه انتقادات واسعة", "وكتبت", "صحيفة التايمز", "speaker-subject"),
         ("indirect", "تكون الغارة إسرائيلية", "ورجح", "المرصد", "speaker-subject")],
        id="cues-kataba-rajjaha",
    ),
    pytest.param(
        "وأضافت المفوضية أنها تركز على معلومات تشير إلى أن الشركات اجتمعت سرا.",
        [],
        [("indirect", "أنها تركز على معلومات تشير إلى أن الشركات اجتمعت سرا", "وأضافت", "المفوضية", "speaker-subject")],
        id="present-verb-after-indefinite-noun-is-adjectival",
    ),
    pytest.param(
        "وأصدرت الشركات الثلاث بيانات تقول إنها تتعاون مع المفوضية.",
        [],
        [("indirect", "إنها تتعاون مع المفوضية", "تقول", "الشركات الثلاث", "speaker-agreement")],
        id="statements-saying-take-the-main-subject",
    ),
    pytest.param(
        'ولفت مستشارو الإليزيه إلى أن القمة ناجحة. وأوضح هؤلاء "قلنا للشركات إننا سننظم هذه القمة قبل أشهر".',
        [],
        [("indirect", "القمة ناجحة", "ولفت", "مستشارو الإليزيه", "speaker-subject"),
         ("direct", "قلنا للشركات إننا سننظم هذه القمة قبل أشهر", "وأوضح", "مستشارو الإليزيه",
          "speaker-agreement")],
        id="demonstrative-subject-agrees",
    ),
    pytest.param(
        "وذكرت مصادر مطلعة في الهند والسودان أن الشركة رفعت دعوى تحكيم.",
        [("الهند", "place", "الهند", {}), ("السودان", "place", "السودان", {})],
        [("indirect", "الشركة رفعت دعوى تحكيم", "وذكرت", "مصادر مطلعة في الهند والسودان", "speaker-subject")],
        id="coordination-inside-a-prepositional-phrase",
    ),
    pytest.param(
        "وقد ذكر مدير الابتكار بالشركة أرثر أوردونا لـ CNN إن العملية تتطلب عناية كبيرة.",
        [("أرثر أوردونا", "person", "أرثر أوردونا", {}), ("CNN", "institution", "سي إن إن", {})],
        [("indirect", "العملية تتطلب عناية كبيرة", "ذكر", "أرثر أوردونا", "speaker-subject")],
        id="detached-lam-introduces-an-addressee",
    ),
    pytest.param(
        "ونقلت الوكالة عن مصدر عسكري قوله إن الدفاعات الجوية تصدت لصاروخين.",
        [],
        [("indirect", "الدفاعات الجوية تصدت لصاروخين", "ونقلت", "مصدر عسكري", "speaker-subject")],
        id="qawluhu-ends-the-speaker",
    ),
    pytest.param(
        'وتوجه الرئيس الفرنسي إيمانويل ماكرون إلى ضيوفه بالإنجليزية. وقال لهم "أنتظر منكم مباحثات صريحة ومباشرة".',
        [("إيمانويل ماكرون", "person", "إيمانويل ماكرون", {"title": "الرئيس الفرنسي"})],
        [("direct", "أنتظر منكم مباحثات صريحة ومباشرة", "وقال", "إيمانويل ماكرون", "speaker-agreement")],
        id="first-statement-takes-the-previous-sentences-subject",
    ),
    pytest.param(
        "فهناك مشاكل عديدة قد تنتج عن غسل هذه السيارات آليا، وفقا لما يشير إليه الخبراء.",
        [],
        [("indirect", "فهناك مشاكل عديدة قد تنتج عن غسل هذه السيارات آليا", "يشير", "الخبراء", "speaker-subject")],
        id="according-to-what-the-experts-point-to",
    ),
    pytest.param(
        "وجاء القصف بعد وقت قصير على إعلان الجيش الإسرائيلي أنه رفع حالة التأهب. "
        "وبعد إعلان ترامب الانسحاب من الاتفاق عاد التوتر إلى المنطقة.",
        [("الجيش الإسرائيلي", "institution", "الجيش الإسرائيلي", {}), ("ترامب", "person", "دونالد ترامب", {})],
        [("indirect", "أنه رفع حالة التأهب", "إعلان", "الجيش الإسرائيلي", "speaker-subject")],
        id="verbal-noun-with-subject-and-clause",
    ),
    pytest.param(
        "قصفت الطائرات قواعد تابعة لقوات النظام، ورجح المرصد أن تكون إسرائيل مسؤولة عنها.",
        [],
        [("indirect", "تكون إسرائيل مسؤولة عنها", "ورجح", "المرصد", "speaker-subject")],
        id="taabia-is-an-adjective-not-a-cue",
    ),
    pytest.param(
        "وذكرت مصادر مطلعة أن الشركة رفعت دعوى، فيما وصفتها بأنها أول دعوى من نوعها.",
        [],
        [("indirect", "الشركة رفعت دعوى", "وذكرت", "مصادر مطلعة", "speaker-subject"),
         ("indirect", "بأنها أول دعوى من نوعها", "وصفتها", "مصادر مطلعة", "speaker-agreement")],
        id="object-pronoun-on-the-cue-keeps-its-agreement",
    ),
]

ANALYZED_CASES += [
    pytest.param(
        'وقال بيار دوناك محامي رودريغ "نطلب منكم إصدار حكم عادل". وقال رودريغ "لقد خدعت وأنكر هذه الفترة من حياتي".',
        [("رودريغ", "person", "رودريغ كنوم", {}), ("رودريغ", "person", "رودريغ كنوم", {"nth": 1})],
        [("direct", "نطلب منكم إصدار حكم عادل", "وقال", "بيار دوناك محامي رودريغ", "speaker-subject"),
         ("direct", "لقد خدعت وأنكر هذه الفترة من حياتي", "وقال", "رودريغ كنوم", "speaker-subject")],
        id="a-name-is-not-any-word-of-an-earlier-phrase",
    ),
    pytest.param(
        "ووجهت 57 مجموعة تكنولوجية رسالة إلى المجلس الأوروبي، تحذر من أن القواعد الجديدة ستضر بالاقتصاد الرقمي.",
        [("المجلس الأوروبي", "institution", "المجلس الأوروبي", {})],
        [("indirect", "القواعد الجديدة ستضر بالاقتصاد الرقمي", "تحذر", "57 مجموعة تكنولوجية", "speaker-agreement")],
        id="addressee-before-the-cue-is-not-its-subject",
    ),
    pytest.param(
        "قال الأمين العام للأمم المتحدة أنطونيو غوتيريش إن عدد سكان العالم بلغ ثمانية مليارات نسمة.",
        [("أمم المتحدة", "institution", "الأمم المتحدة", {"kind": "international organization"}),
         ("أنطونيو غوتيريش", "person", "أنطونيو غوتيريش", {})],
        [("indirect", "عدد سكان العالم بلغ ثمانية مليارات نسمة", "قال", "أنطونيو غوتيريش", "speaker-subject")],
        id="institution-after-li-completes-the-title-before-the-name",
    ),
    pytest.param(
        "وقال المدير الرياضي لبايرن ميونيخ حسن صالح حميدزيتش لرويترز إن الفريق جاهز.",
        [("بايرن ميونيخ", "institution", "بايرن ميونيخ", {"kind": "club"}),
         ("حسن صالح حميدزيتش", "person", "حسن صالح حميدزيتش", {}),
         ("رويترز", "institution", "رويترز", {"kind": "media"})],
        [("indirect", "الفريق جاهز", "وقال", "حسن صالح حميدزيتش", "speaker-subject")],
        id="media-after-li-is-spoken-to",
    ),
    pytest.param(
        "قال مستشار الأمن القومي لترامب جون بولتون إن الوضع خطير.",
        [("ترامب", "person", "دونالد ترامب", {}), ("جون بولتون", "person", "جون بولتون", {})],
        [("indirect", "الوضع خطير", "قال", "جون بولتون", "speaker-subject")],
        id="person-after-li-then-a-name-completes-the-title",
    ),
    pytest.param(
        "وقال الوزير لترامب إن الوضع خطير.",
        [("ترامب", "person", "دونالد ترامب", {})],
        [("indirect", "الوضع خطير", "وقال", "الوزير", "speaker-subject")],
        id="person-after-li-alone-is-spoken-to",
    ),
    pytest.param(
        "وقال وزير الخارجية لرويترز إن الوضع خطير.",
        [("رويترز", "institution", "رويترز", {"kind": "media"})],
        [("indirect", "الوضع خطير", "وقال", "وزير الخارجية", "speaker-subject")],
        id="media-after-li-ends-the-subject",
    ),
]

# Review of 20 unseen ANT articles (tests/review is the earlier ones): real
# sentences, one case per fix.
ANALYZED_CASES += [
    pytest.param(
        'وقال أحد مساعدي ترامب إن الإدارة الأمريكية "تبحث" في مسألة التنظيم. '
        "وقالت مرسيدس بونز، المحاضرة في التقنيات الرقمية، لبي بي سي إنه ليس من المحتمل أن يعمد غوغل إلى ذلك. "
        'وأضافت: "لوغاريتمات الأخبار في غوغل تعمل لتكون أقرب ما يكون إلى الواقع".',
        [("ترامب", "person", "دونالد ترامب", {}), ("الإدارة الأمريكية", "institution", "الإدارة الأمريكية", {}),
         ("مرسيدس بونز", "person", "مرسيدس بونز", {}), ("بي بي سي", "institution", "بي بي سي", {"kind": "media"}),
         ("غوغل", "institution", "غوغل", {})],
        [("indirect", 'الإدارة الأمريكية "تبحث" في مسألة التنظيم', "وقال", "أحد مساعدي ترامب", "speaker-subject"),
         ("indirect", "إنه ليس من المحتمل أن يعمد غوغل إلى ذلك", "وقالت", "مرسيدس بونز", "speaker-subject"),
         ("direct", "لوغاريتمات الأخبار في غوغل تعمل لتكون أقرب ما يكون إلى الواقع", "وأضافت", "مرسيدس بونز",
          "speaker-agreement")],
        id="a-womans-name-takes-the-gender-of-her-verb",
    ),
    pytest.param(
        'وقال أحد مساعدي ترامب إن الإدارة الأمريكية "تبحث" في مسألة التنظيم. '
        "ونفت غوغل استخدام وجهات النظر السياسية لتشكيل نتائج البحث. "
        'وقالت: "إنها لا تستخدم محرك البحث لوضع أجندة سياسية".',
        [("ترامب", "person", "دونالد ترامب", {}), ("الإدارة الأمريكية", "institution", "الإدارة الأمريكية", {}),
         ("غوغل", "institution", "غوغل", {})],
        [("indirect", 'الإدارة الأمريكية "تبحث" في مسألة التنظيم', "وقال", "أحد مساعدي ترامب", "speaker-subject"),
         ("direct", "لا تستخدم محرك البحث لوضع أجندة سياسية", "وقالت", "غوغل", "speaker-agreement")],
        id="subjectless-cue-continues-the-subject-of-the-sentence-before",
    ),
    pytest.param(
        "وأفادت مصادر تركية بأن أنقرة تعتقد أن خاشقجي قتل في القنصلية. "
        "وقالت خديجة إنه ترك هاتفه معها. وقالت إنها انتظرته خارج المبنى حتى بعد منتصف الليل.",
        [("خديجة", "person", "خديجة آزرو", {})],
        [("indirect", "أنقرة تعتقد أن خاشقجي قتل في القنصلية", "وأفادت", "مصادر تركية", "speaker-subject"),
         ("indirect", "إنه ترك هاتفه معها", "وقالت", "خديجة آزرو", "speaker-subject"),
         ("indirect", "إنها انتظرته خارج المبنى حتى بعد منتصف الليل", "وقالت", "خديجة آزرو", "speaker-agreement")],
        id="latest-speaker-wins-over-an-older-feminine-group",
    ),
    pytest.param(
        "قال الوزير إن الوضع صعب، لكن الحل ممكن، وأضاف أن الحكومة ستعمل على ذلك.",
        [],
        [("indirect", "الوضع صعب، لكن الحل ممكن", "قال", "الوزير", "speaker-subject"),
         ("indirect", "الحكومة ستعمل على ذلك", "وأضاف", "الوزير", "speaker-agreement")],
        id="clause-ends-at-the-comma-of-the-next-cue",
    ),
    pytest.param(
        "وأكد قائد اللواء 173 مشاة في الجيش اليمني، العميد صالح المنصوري، أن أبطال الجيش تمكنوا، الجمعة، "
        "من تحرير جبل القرحا بالكامل، إضافة إلى تطهير ما تبقى من جيوب الميليشيات.",
        [("الجيش اليمني", "institution", "الجيش اليمني", {}), ("صالح المنصوري", "person", "صالح المنصوري", {})],
        [("indirect", "أبطال الجيش تمكنوا، الجمعة، من تحرير جبل القرحا بالكامل، إضافة إلى تطهير ما تبقى من جيوب "
          "الميليشيات", "وأكد", "صالح المنصوري", "speaker-subject")],
        id="idafa-ila-is-no-cue-and-the-name-after-a-long-title",
    ),
    pytest.param(
        "وردت غوغل بأن محرك البحث الخاص بها لا يخضع لأجندة سياسية.",
        [("غوغل", "institution", "غوغل", {})],
        [("indirect", "محرك البحث الخاص بها لا يخضع لأجندة سياسية", "وردت", "غوغل", "speaker-subject")],
        id="cue-radda-bi-anna",
    ),
    pytest.param(
        "واتهم ترامب غوغل بأنها تتلاعب بالنتائج لإخفاء الأخبار الإيجابية عنه.",
        [("ترامب", "person", "دونالد ترامب", {}), ("غوغل", "institution", "غوغل", {})],
        [("indirect", "بأنها تتلاعب بالنتائج لإخفاء الأخبار الإيجابية عنه", "واتهم", "دونالد ترامب",
          "speaker-subject")],
        id="cue-ittahama-bi-anna",
    ),
    pytest.param(
        "وادعى ترامب في تغريدته أن 96 في المئة من المقالات الإخبارية كانت من وسائل إعلام يسارية.",
        [("ترامب", "person", "دونالد ترامب", {})],
        [("indirect", "96 في المئة من المقالات الإخبارية كانت من وسائل إعلام يسارية", "وادعى", "دونالد ترامب",
          "speaker-subject")],
        id="cue-iddaa",
    ),
    pytest.param(
        "وبين الأمين أنه منذ بداية مشاركة حزب الله في الحرب تغيرت الأمور.",
        [("الأمين", "person", "علي الأمين", {}), ("حزب الله", "institution", "حزب الله", {})],
        [("indirect", "أنه منذ بداية مشاركة حزب الله في الحرب تغيرت الأمور", "وبين", "علي الأمين", "speaker-subject")],
        id="cue-bayyana-opening-its-clause",
    ),
    pytest.param(
        "وقال الأمين إن الحوار ضروري. وكان الأمين قد دعا إلى إنشاء معاهد مشتركة. "
        'وعن جدوى الفكرة، قال: "الحوار بين أتباع الديانات كفكرة لا بد أن يتحول إلى مدرسة".',
        [],
        [("indirect", "الحوار ضروري", "وقال", "الأمين", "speaker-subject"),
         ("direct", "الحوار بين أتباع الديانات كفكرة لا بد أن يتحول إلى مدرسة", "قال", "الأمين", "speaker-agreement")],
        id="qad-ends-the-subject",
    ),
    # a content cue reports the words of a statement: its speaker issued it
    pytest.param(
        'ونعت الكنيسة القبطية الراهب في بيان جاء فيه: "نظرا لأن غموضا أحاط بظروف رحيله قررت الكنيسة التحقيق".',
        [("الكنيسة القبطية", "institution", "الكنيسة القبطية", {})],
        [("direct", "نظرا لأن غموضا أحاط بظروف رحيله قررت الكنيسة التحقيق", "جاء", "الكنيسة القبطية",
          "speaker-issuer")],
        id="content-cue-statement-before",
    ),
    pytest.param(
        "ونشرت شبكة فيسبوك بيانا جاء فيه أنه تم اكتشاف ثغرات أمنية تؤثر في خمسين مليون حساب.",
        [("شبكة فيسبوك", "institution", "فيسبوك", {})],
        [("indirect", "أنه تم اكتشاف ثغرات أمنية تؤثر في خمسين مليون حساب", "جاء", "فيسبوك", "speaker-issuer")],
        id="content-cue-clause",
    ),
    pytest.param(
        'وجاء في بيان صادر عن وزارة الخارجية الأردنية: "الأردن يرفض هذه الخطوة رفضا قاطعا".',
        [("وزارة الخارجية الأردنية", "institution", "وزارة الخارجية الأردنية", {})],
        [("direct", "الأردن يرفض هذه الخطوة رفضا قاطعا", "وجاء", "وزارة الخارجية الأردنية", "speaker-issuer")],
        id="content-cue-issuer-named-after",
    ),
    pytest.param(
        'وقالت الوزارة إن بلادها ترفض الهجمات. وجاء في البيان: "نحن ملتزمون بحماية المدنيين في كل الظروف".',
        [],
        [("indirect", "بلادها ترفض الهجمات", "وقالت", "الوزارة", "speaker-subject"),
         ("direct", "نحن ملتزمون بحماية المدنيين في كل الظروف", "وجاء", "الوزارة", "speaker-agreement")],
        id="content-cue-latest-speaker",
    ),
    # where the speaker spoke may stand between the cue and the quotation
    pytest.param(
        'وقال ترامب للصحافيين في مدينة نيويورك "لن نسمح بذلك أبدا مهما كلف الأمر".',
        [("ترامب", "person", "دونالد ترامب", {}), ("نيويورك", "place", "نيويورك", {})],
        [("direct", "لن نسمح بذلك أبدا مهما كلف الأمر", "وقال", "دونالد ترامب", "speaker-subject")],
        id="place-between-cue-and-quotation",
    ),
    # a verbal noun with its owner's pronoun speaks for the sentence's subject
    pytest.param(
        'واختتم ميدو تغريدته بقوله: "الزمالك سيعود أقوى من أي وقت مضى بإذن الله".',
        [("ميدو", "person", "أحمد حسام ميدو", {})],
        [("direct", "الزمالك سيعود أقوى من أي وقت مضى بإذن الله", "بقوله", "أحمد حسام ميدو", "speaker-subject")],
        id="owned-verbal-noun",
    ),
    # several phrases of where and when between the cue and the quotation
    pytest.param(
        'وقال أردوغان في خطاب في إسطنبول في ساعة متأخرة من مساء أمس الجمعة "ظهر هذا الشيء المدعو أوبر وهذه الشركة انتهت".',
        [("أردوغان", "person", "رجب طيب أردوغان", {}), ("إسطنبول", "place", "إسطنبول", {})],
        [("direct", "ظهر هذا الشيء المدعو أوبر وهذه الشركة انتهت", "وقال", "رجب طيب أردوغان", "speaker-subject")],
        id="circumstances-between-cue-and-quotation",
    ),
    # the verbal noun with its article after ب, and the cue أخبر
    pytest.param(
        "وعلق وزير التربية الإسرائيلي، نفتالي بينيت على الحادثة بالقول إن الفتاة تستحق السجن.",
        [("نفتالي بينيت", "person", "نفتالي بينيت", {})],
        [("indirect", "الفتاة تستحق السجن", "بالقول", "نفتالي بينيت", "speaker-subject")],
        id="bil-qawl",
    ),
    pytest.param(
        "وأخبرت الحكومة اليمنية المبعوث الأممي أنها تشترط إطلاق سراح جميع الأسرى.",
        [],
        [("indirect", "أنها تشترط إطلاق سراح جميع الأسرى", "وأخبرت", "الحكومة اليمنية", "speaker-subject")],
        id="akhbara-told",
    ),
    # with a subject, "يتوقع" reports
    pytest.param(
        "ويتوقع المحللون أن ترتفع أسعار النفط خلال الأشهر المقبلة.",
        [],
        [("indirect", "ترتفع أسعار النفط خلال الأشهر المقبلة", "ويتوقع", "المحللون", "speaker-subject")],
        id="expects-with-subject",
    ),
    # a participle continues the speaker of the cue before it in its sentence,
    # never the subject of a verb inside that cue's clause
    pytest.param(
        "وقال عكاشة إن الحرب طويلة. الإعلامي المصري المثير للجدل قال إنه استفزه تقرير المندوب السامي عن مصر، "
        "مشيرا إلى أنه استشعر خطرا كبيرا قادما.",
        [("عكاشة", "person", "توفيق عكاشة", {}), ("مصر", "place", "مصر", {})],
        [("indirect", "الحرب طويلة", "وقال", "توفيق عكاشة", "speaker-subject"),
         ("indirect", "إنه استفزه تقرير المندوب السامي عن مصر", "قال", "توفيق عكاشة", "speaker-agreement"),
         ("indirect", "أنه استشعر خطرا كبيرا قادما", "مشيرا", "توفيق عكاشة", "speaker-agreement")],
        id="participle-continues-the-cue-before",
    ),
    # a participle speaks for the sentence's subject: the name in apposition to its title
    pytest.param(
        'حدد ولي العهد السعودي، الأمير محمد بن سلمان، موعد طرح أسهم الشركة، مشددا على أن "الخطة تمضي قدما كما هو مقرر لها".',
        [("محمد بن سلمان", "person", "محمد بن سلمان", {})],
        [("direct", "الخطة تمضي قدما كما هو مقرر لها", "مشددا", "محمد بن سلمان", "speaker-subject")],
        id="participle-after-apposed-name",
    ),
    # a dateline before the sentence's verb: the verb's subject speaks
    pytest.param(
        "دبي، الإمارات العربية المتحدة (CNN)— أدانت قطر، الاثنين، إطلاق جماعة الحوثي لصواريخ صوب السعودية، "
        "مؤكدة أنها ترفض أي هجمات عسكرية ضد المدنيين.",
        [("دبي", "place", "دبي", {}), ("الإمارات العربية المتحدة", "place", "الإمارات", {}),
         ("CNN", "institution", "CNN", {}), ("قطر", "place", "قطر", {}),
         ("جماعة الحوثي", "institution", "جماعة الحوثي", {}), ("السعودية", "place", "السعودية", {})],
        [("indirect", "أنها ترفض أي هجمات عسكرية ضد المدنيين", "مؤكدة", "قطر", "speaker-subject")],
        id="participle-after-a-dateline",
    ),
]

ANALYZED_TRAPS = [
    pytest.param("جاء ذلك في بيان نشرته الوزارة على موقعها الرسمي.", id="jaa-dhalika-came"),
    pytest.param("وجاء في وقت يكثف فيه التنظيم هجماته على المدينة.", id="jaa-fi-waqt-came"),
    # "يتوقع أن" with no subject is the impersonal passive: it is expected
    pytest.param("ويتوقع أن تتم الفحوص في غضون الساعات المقبلة.", id="impersonal-expected"),
    pytest.param("تنافس لندن على هذا الطرح الذي يتوقع أن يكون الأكبر على مستوى العالم.", id="impersonal-in-relative-clause"),
    # "عن" opens the verb's object: a quotation after it is not the statement
    pytest.param('وكشف الوزير عن تفاصيل صفقة "إس 400 الروسية المتطورة جدا" مع موسكو.', id="object-before-quotation"),
    pytest.param("وتتصاعد الأزمة الدبلوماسية بين مانيلا والكويت منذ أن عثر على جثة عاملة.", id="bayna-between"),
    pytest.param("وكان ينظر للاتفاقية التي وقعتها 12 دولة بينها الولايات المتحدة على أنها وسيلة لموازنة نفوذ الصين.",
                 id="baynaha-between-them"),
    pytest.param("وتبين أن الشركة خالفت القانون مرات عدة.", id="tabayyana-it-turned-out"),
    pytest.param("وردت تقارير عن وقوع اشتباكات في المنطقة.", id="waradat-came"),
    pytest.param("تظهر ميزة جديدة تضيف نوعا من المتعة على التطبيق، حيث إننا نشارك المزايا الجديدة معكم.",
                 id="haythu-inna-and-adjectival-present"),
    pytest.param("واعترفت إسرائيل بقصف ما يشتبه بأنه مفاعل نووي في عام 2007.", id="clause-of-another-verb"),
    pytest.param("ووصل الوزير عبر مطار القاهرة إلى العاصمة أمس.", id="abra-as-preposition"),
]


@pytest.mark.parametrize("text, ents, expected", ANALYZED_CASES)
def test_statements_with_the_analyzer(lexicon, analyzer, text, ents, expected):
    spans = [entity(text, s, t, n, **attrs) for s, t, n, attrs in ents]
    found = quotes(text, lexicon, spans, analyzer)
    assert [summary(text, q) for q in found] == expected


@pytest.mark.parametrize("text", ANALYZED_TRAPS)
def test_not_statements_with_the_analyzer(lexicon, analyzer, text):
    assert quotes(text, lexicon, analyzer=analyzer) == []


def test_in_of_an_abbreviation_is_no_complementizer(lexicon, analyzer):
    # "إن.كيه" is part of a name: the clause starts at the real "إن"
    text = "وقال إن.كيه فيرما العضو المنتدب للشركة إن الدعوى رفعت في لندن."
    (q,) = quotes(text, lexicon, analyzer=analyzer)
    assert text[q.start:q.end] == "الدعوى رفعت في لندن"


def test_points_inside_an_acronym_do_not_end_the_search(lexicon):
    text = "قال مسؤول في شركة النفط الهندية (أو.إن.جي.سي) إن الشركة رفعت دعوى تحكيم في لندن."
    found = [summary(text, q) for q in quotes(text, lexicon)]
    assert found == [("indirect", "الشركة رفعت دعوى تحكيم في لندن", "قال", "مسؤول في شركة النفط الهندية",
                      "speaker-subject")]


# -- shortcuts of the matcher against the plain computation ---------------------------------

from pathlib import Path  # noqa: E402

from nlp_extract import quotes as quotes_module  # noqa: E402
from nlp_extract.entities import find_entities  # noqa: E402
from nlp_extract.resolve import resolve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared" / "corpus" / "ant"
SHORTCUT_TEXTS = [p.read_text(encoding="utf-8") for p in
                  sorted(ROOT.glob("corpus/*.txt")) + sorted((ROOT / "tests" / "gold" / "texts").glob("*.txt"))]
SHORTCUT_TEXTS += [
    "على حد قول الوزير، فإن الوضع صعب جدا على الجميع. وعلى حد تعبير المسؤول: الوضع صعب.\n"
    "الجبير: قطر تدعم الإرهاب منذ سنوات\nوقال: «الأمر انتهى» على الطاولة. بحسب ما قاله المتحدث، فإن الأمر انتهى.",
]


class _PlainFinder(quotes_module._Finder):
    """The finder without its shortcuts: every sentence through all the
    steps, every word that may start an attribution tried (whatever word
    follows it), the colon looked for token by token, the words of an
    entity read anew each time."""

    def __init__(self, *args):
        super().__init__(*args)
        self.openings = list(range(len(self.tokens)))
        self.attribution_starts = [j for j in range(len(self.tokens))
                                   if self.bits[j] & quotes_module._ATTRIBUTION]

    def _first_colon(self, lo, hi):
        return next((j for j in range(lo, hi) if self.tokens[j].key in quotes_module._COLON), None)

    def _entity_words(self, e, which):
        self.entity_words.clear()
        return super()._entity_words(e, which)


def _quotes_both_ways(extractor, text: str) -> int:
    lexicon = extractor._resource("quotes")
    doc = analyze_document(Document("a.txt", text), extractor._resource("analyzer"))
    entities = resolve(find_entities(doc, extractor._resource("entities")))
    found = quotes_module._Finder(doc, entities, lexicon).run()
    assert found == _PlainFinder(doc, entities, lexicon).run()
    return len(found)


@pytest.mark.parametrize("text", SHORTCUT_TEXTS)
def test_the_shortcuts_find_the_statements_of_the_plain_steps(extractor, text):
    _quotes_both_ways(extractor, text)


def test_the_shortcuts_find_the_statements_of_the_plain_steps_in_the_bench_corpus(extractor):
    files = sorted(ANT.glob("*.txt"))[:60] if ANT.is_dir() else []
    assert sum(_quotes_both_ways(extractor, p.read_text(encoding="utf-8")) for p in files) > 0 or not files


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["قال", "وقال", "الوزير", "أحمد", "إن", "أن", ":", "،", ".", "\n", '"', "«", "»",
                                 "على", "حد", "قول", "تعبير", "بحسب", "ما", "وفقا", "لما", "الوزارة", "المسؤول",
                                 "الجبير", "مصر", "في", "بيان"]), max_size=40).map(" ".join))
def test_the_shortcuts_find_the_statements_of_the_plain_steps_on_any_text(extractor, text):
    _quotes_both_ways(extractor, text)


def test_clause_initial_answers_are_remembered_as_given(lexicon):
    keys = [k for form in lexicon.forms for k in (form, "و" + form, form + "ها", form[1:])] + ["بين", "بينها", "وبين"]
    fresh = QuoteLexicon.load()
    for _ in range(2):  # asked, then remembered
        assert [lexicon.is_clause_initial(k) for k in keys] == [fresh._is_clause_initial(k) for k in keys]

def test_a_date_ends_the_speakers_noun_phrase(lexicon):
    from nlp_extract.dates import DateLexicon, find_dates

    text = "وأعرب اللاعب في يوليو 2017 في محكمة الصلح بمدريد أنه لا يوجد لديه ما يخفيه."
    doc = analyzed(text)
    dates = find_dates(doc, DateLexicon.load(), "2018-06-15")
    assert [text[d.start:d.end] for d in dates] == ["يوليو 2017"]
    found = find_quotes(doc, [], lexicon, dates)
    assert [summary(text, q) for q in found] == [
        ("indirect", "أنه لا يوجد لديه ما يخفيه", "وأعرب", "اللاعب", "speaker-subject")]
