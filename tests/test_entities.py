"""Entity matching on real news sentences: every rule, clitic form and trap.

Each case runs twice: on plain tokens (no morphology analysis) and on tokens
analyzed by the BAMA analyzer, since the rules use analyses when present and
a data-driven fallback when not.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from nlp_extract.entities import EntityResources, find_entities
from tests.entities_run import analyzed, records


@pytest.fixture(scope="module")
def res() -> EntityResources:
    return EntityResources.load()


@pytest.fixture(params=["plain", "analyzed"])
def run(request, res):
    an = request.getfixturevalue("analyzer") if request.param == "analyzed" else None

    def _run(text: str) -> list[dict]:
        return records(analyzed(text, analyzer=an), res)

    return _run


def people(recs, field="name"):
    return [(r["text"], r.get(field)) for r in recs if r["type"] == "person"]


def insts(recs):
    return [(r["text"], r["name"]) for r in recs if r["type"] == "institution"]


# (sentence, expected [(surface, canonical name)] of persons)
PERSON_CASES = [
    # gazetteer, with spelling variants and clitics
    ("وقال الرئيس الأمريكي جو بايدن إن بلاده ملتزمة.", [("جو بايدن", "جو بايدن")]),
    ("وأكد وزير الخارجية الفرنسي، جان إيف لودريان، أن الاتفاق لم يمت.", [("جان إيف لودريان", "جان إيف لودريان")]),
    ("وقال لو دريان إن الاتفاق النووي لم يمت.", [("لو دريان", "جان إيف لودريان")]),
    ("بعد قرار الرئيس الأميركي دونالد ترمب الانسحاب من الاتفاق.", [("دونالد ترمب", "دونالد ترامب")]),
    ("والتقى وزير الخارجية بومبيوا نظيره.", [("بومبيوا", "مايك بومبيو")]),
    ("وبايدن لم يعلق.", [("بايدن", "جو بايدن")]),
    ("وقالت مصادر لبايدن إن القرار نهائي.", [("بايدن", "جو بايدن")]),
    ("وأرسل رسالة فبايدن يريد الحوار.", [("بايدن", "جو بايدن")]),
    # title-before-name, name unknown to every gazetteer
    ("وقد حذر الرئيس الكوري الجنوبي \"يون سيوك-يول\" من أي هجوم.", [("يون سيوك-يول", "يون سيوك-يول")]),
    ("أدلى بها رئيس كوريا الجنوبية يون سوك يول في مقابلة مع صحيفة محلية.", [("يون سوك يول", "يون سوك يول")]),
    # name-before-title
    ("كيم أون هاي، السكرتير الصحفي للرئاسة قال إن الأمر محسوم.", [("كيم أون هاي", "كيم أون هاي")]),
    ("و\"فيبين نارانج\"، القائم بأعمال مساعد وزير الدفاع الأمريكي لسياسات الفضاء، وقع الوثيقة.",
     [("فيبين نارانج", "فيبين نارانج")]),
    # quoted-name after a verb
    ("ووقع \"تشو تشانج-ريه\" أمس على الوثيقة.", [("تشو تشانج-ريه", "تشو تشانج-ريه")]),
    # given-name followed by unknown words
    # (without the analyzer "مقالا" cannot be told from a name: analyzed tokens only)
    pytest.param("وكتب الصحفي جمال خاشقجي مقالا عن الأزمة.", [("جمال خاشقجي", "جمال خاشقجي")],
                 marks=pytest.mark.analyzed_only),
    # coreference: a later short mention takes the full name
    ("قال رئيس كوريا الجنوبية يون سوك يول إن الحلفاء متفقون. وأضاف يون أن التدريبات ستستمر.",
     [("يون سوك يول", "يون سوك يول"), ("يون", "يون سوك يول")]),
    ("حذر الرئيس الكوري الجنوبي \"يون سيوك-يول\" من الهجوم. وقال الرئيس يون إن الرد سيكون حاسما.",
     [("يون سيوك-يول", "يون سيوك-يول"), ("يون", "يون سيوك-يول")]),
    # a later mention of several words that ends the full name takes it
    pytest.param("قال قصي عبد الفتاح المدير العام بوزارة التخطيط، إن الإعمار مكلف. وقال عبد الفتاح في مؤتمر دولي إن الحاجة كبيرة.",
                 [("قصي عبد الفتاح", "قصي عبد الفتاح"), ("عبد الفتاح", "قصي عبد الفتاح")], marks=pytest.mark.analyzed_only),
    # names with بن and آل: a definite first name before بن, three names and more, and the
    # name ends after the family ("الوفد" is the object)
    pytest.param("وقال الأمير الوليد بن طلال إن الشركة رابحة.", [("الوليد بن طلال", "الوليد بن طلال")],
                 marks=pytest.mark.analyzed_only),
    # a known name written in full past its entry's words keeps the entry
    ("وقال الشيخ حمدان بن محمد بن راشد آل مكتوم إن دبي ستستضيف المعرض.",
     [("حمدان بن محمد بن راشد آل مكتوم", "حمدان بن محمد بن راشد")]),
    pytest.param("واستقبل الشيخ خليفة بن حمد آل ثاني الوفد في الدوحة.",
                 [("خليفة بن حمد آل ثاني", "خليفة بن حمد آل ثاني")], marks=pytest.mark.analyzed_only),
    pytest.param("واستقبل الشيخ خليفة بن حمد الوفد في الدوحة.", [("خليفة بن حمد", "خليفة بن حمد")],
                 marks=pytest.mark.analyzed_only),
    # a football role is a title
    pytest.param("وتصدى الحارس يوهان لارسون للكرة ببراعة.", [("يوهان لارسون", "يوهان لارسون")],
                 marks=pytest.mark.analyzed_only),
    # a given name and one more word, then a title with no comma between
    ("وقال أشرف النجار الناطق باسم وزارة الصحة إن الحصيلة ارتفعت.", [("أشرف النجار", "أشرف النجار")]),
    ("وأشرف الوزير على الاحتفال.", []),
    # name-cue: the words after "يدعى"
    ("واعتقلت الشرطة شابا يدعى كريم الهواري في المدينة.", [("كريم الهواري", "كريم الهواري")]),
    # "ولد" opening a sentence is "was born", not part of the name
    ("ولد سامي الجابر عام 1972 في الرياض.", [("سامي الجابر", "سامي الجابر")]),
    # a proper-noun run ends at a word the analyzer knows as a noun
    pytest.param("وسدد ستيفن تسوبر ضربة رأس قوية.", [("ستيفن تسوبر", "ستيفن تسوبر")],
                 marks=pytest.mark.analyzed_only),
    # sport stars come from the gazetteer, with a coordinating و stripped
    ("ولم يجد لاعب ريال مدريد لوكا مودريتش صعوبة.", [("لوكا مودريتش", "لوكا مودريتش")]),
    # after a title, a given name that is also a word opens a name when a known name part follows
    pytest.param("وقالت وزيرة الثقافة إيناس عبد الدايم إن الوزارة ستعيد طباعة أعماله.",
                 [("إيناس عبد الدايم", "إيناس عبد الدايم")], marks=pytest.mark.analyzed_only),
    ("أحيت المكتبة ذكرى ميلاد الأديب نجيب محفوظ أمس.", [("نجيب محفوظ", "نجيب محفوظ")]),
    # after a title, a given name and one noun with no other reading: a family name that is also a word
    pytest.param("ظهر الإعلامي المصري توفيق عكاشة مجدداً بعد غياب.", [("توفيق عكاشة", "توفيق عكاشة")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("ولم يقدم الرئيس أية تفاصيل عن الإجراءات.", [], marks=pytest.mark.analyzed_only),
    pytest.param("وألقى الشيخ محمد كلمة في الحفل.", [("محمد", "محمد")], marks=pytest.mark.analyzed_only),
    # a name between commas after a title: a foreign name the lexicon does not know
    pytest.param("وقالت المتحدثة باسم الشرطة، لورنا ويلكنسون، إن التحقيق مستمر.",
                 [("لورنا ويلكنسون", "لورنا ويلكنسون")], marks=pytest.mark.analyzed_only),
    # a religious formula after a name is no name ("رحمه الله")
    ("ظلم الشيخ خليفة بن حمد آل ثاني، رحمه الله، كما لم يظلم قائد غيره.",
     [("خليفة بن حمد آل ثاني", "خليفة بن حمد آل ثاني")]),
    # hashtags: "#" and "_" are no part of the words ("قال #وزير_التجارة_الأميركي ويلبر روس")
    ("وقال #وزير_التجارة_الأميركي ويلبر روس إنه يثق في الخطة.", [("ويلبر روس", "ويلبر روس")]),
    ("وهاجمت أنجيلا #ميركل القرار.", [("أنجيلا #ميركل", "أنجيلا ميركل")]),
    pytest.param("وكان الأنبا إبيفانيوس رئيس أحد أكبر الأديرة في مصر.", [("إبيفانيوس", "إبيفانيوس")],
                 marks=pytest.mark.analyzed_only),
    # "دير" is a particle of a name ("فون دير"), never a name alone
    pytest.param("ويرأس الأنبا إبيفانيوس دير الأنبا مقار منذ عام 2013.", [("إبيفانيوس", "إبيفانيوس")],
                 marks=pytest.mark.analyzed_only),
    ("وقالت المتحدثة أنييس فون دير مول إن فرنسا ترفض التصريحات.", [("أنييس فون دير مول", "أنييس فون دير مول")]),
    # a ruler's ordinal ends the name
    pytest.param("وكانت مقدونيا أيام والده فيليب الثاني تهيمن على اليونان.", [("فيليب الثاني", "فيليب الثاني")],
                 marks=pytest.mark.analyzed_only),
    # forms of address open a name as titles do
    pytest.param("وقال الدكتور زاف إقبال، طبيب في النادي، إن الحالة نادرة.", [("زاف إقبال", "زاف إقبال")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("وقال الدكتور سمير أمس إن الوضع صعب.", [("سمير", "سمير")], marks=pytest.mark.analyzed_only),
    # a given name and a family name that is also a word, framed by a verb, a title,
    # a nationality noun or a comma; "علي" is a name here, not "على" misspelt
    pytest.param("جدد المرجع الشيعي اللبناني البارز علي الأمين، دعوته إلى حزب الله. وقال الأمين إن الحزب مخطئ.",
                 [("علي الأمين", "علي الأمين"), ("الأمين", "علي الأمين")], marks=pytest.mark.analyzed_only),
    pytest.param("صرح مصطفى الهيتي مدير الصندوق في أول جلسات المؤتمر.", [("مصطفى الهيتي", "مصطفى الهيتي")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("قال قصي عبد الفتاح المدير العام بوزارة التخطيط العراقية، إن الخطة جاهزة.",
                 [("قصي عبد الفتاح", "قصي عبد الفتاح")], marks=pytest.mark.analyzed_only),
    pytest.param("للكاتب السوري خليل صويلح فيما ذهبت في فرع أدب الطفل للإماراتية حصة المهيري.",
                 [("خليل صويلح", "خليل صويلح"), ("حصة المهيري", "حصة المهيري")], marks=pytest.mark.analyzed_only),
    ("واتفقت الشركة علي مد خط أنابيب جديد.", []),
    ("وسيطر التنظيم علي المناطق، ثم انسحب.", []),
    # foreign names the analyzer also reads as words, after a reporting verb
    pytest.param("ويقول موريس ليفي الرئيس السابق لشركة \"بوبليسيس\" إن المعرض مهم.",
                 [("موريس ليفي", "موريس ليفي")], marks=pytest.mark.analyzed_only),
    pytest.param("قبل أن يضيف باولو غاريرو الهدف الثاني.", [("باولو غاريرو", "باولو غاريرو")],
                 marks=pytest.mark.analyzed_only),
    # the name ends before a present-tense verb or a possessed noun
    pytest.param("ونفى القنصل السعودي في اسطنبول محمد العتيبي علمه بمكان خاشقجي.",
                 [("محمد العتيبي", "محمد العتيبي")], marks=pytest.mark.analyzed_only),
    pytest.param("محامي ترامب السابق كوهين ينقلب عليه.", [("ترامب", "دونالد ترامب"), ("كوهين", "كوهين")],
                 marks=pytest.mark.analyzed_only),
    # traps: common nouns after a title, a capital after a title, a place without its article
    pytest.param("بيانات طبية عن 11 ألف لاعب كرة قدم شاب في بريطانيا.", [], marks=pytest.mark.analyzed_only),
    ("أمرت السلطات الكويتية الأسبوع الماضي سفير مانيلا بالمغادرة.", []),
    ("في نهائي كأس خادم الحرمين حفظه الله.", []),
    # a name between commas after a title, a name alone after a kinship noun
    ("وقالت المتحدثة باسم وزارة الأمن الداخلي، كاتي والدمان، السبت، إن هناك أزمة على الحدود.",
     [("كاتي والدمان", "كاتي والدمان")]),
    pytest.param("يجري الرئيس الأمريكي السابق، باراك أوباما، وزوجته ميشيل حاليا مفاوضات.",
                 [("باراك أوباما", "باراك أوباما"), ("ميشيل", "ميشيل")], marks=pytest.mark.analyzed_only),
    # a gazetteer surname after another first name is someone else: once, or for the whole
    # article when spelt unlike the entry's (شولتز, not أولاف شولتس); a team named after a town
    pytest.param("ولم يؤكد إيريك شولتز، وهو مستشار بارز للرئيس السابق، صحة هذه الأنباء. وقال شولتز للصحيفة إن الأمر صحيح.",
                 [("إيريك شولتز", "إيريك شولتز"), ("شولتز", "إيريك شولتز")], marks=pytest.mark.analyzed_only),
    pytest.param("أكدت ميلانيا ترامب، زوجة الرئيس الأمريكي، أنها لن تتراجع. وقال ترامب إن الأمر محسوم.",
                 [("ميلانيا ترامب", "ميلانيا ترامب"), ("ترامب", "دونالد ترامب")], marks=pytest.mark.analyzed_only),
    pytest.param("ولم ينتبه الفحص إلى لاعب فريق بولتون فابريس مامبا، الذي نجا بعد توقف قلبه.",
                 [("فابريس مامبا", "فابريس مامبا")], marks=pytest.mark.analyzed_only),
    # one name spelt with and without hamza: the short mention links to the first spelling
    pytest.param("وقائد فريق فيورنتينا ديفيد استوري عن عمر ناهز 31 عاما. وأعلن النادي وفاة قائد الفريق ديفيد أستوري. ولعب أستوري في صفوف الفريق.",
                 [("ديفيد استوري", "ديفيد استوري"), ("ديفيد أستوري", "ديفيد أستوري"), ("أستوري", "ديفيد استوري")],
                 marks=pytest.mark.analyzed_only),
    # a nationality says a person follows, whatever the analyzer reads in the name
    pytest.param("الممثلة الأمريكية كريستن ستيورت والفرنسية ليا سيدو والمخرج الكندي دوني فيلنوف على الجائزة.",
                 [("كريستن ستيورت", "كريستن ستيورت"), ("ليا سيدو", "ليا سيدو"), ("دوني فيلنوف", "دوني فيلنوف")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("وقال المخرج الإيراني جعفر بناهي إن الفيلم جيد.", [("جعفر بناهي", "جعفر بناهي")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("وحضرت المخرجة اللبنانية نادين لبكي الحفل.", [("نادين لبكي", "نادين لبكي")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("وقال السويدي روبن أوستلند إن الفيلم جيد.", [("روبن أوستلند", "روبن أوستلند")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("كما تعرض لاعباه، الهولندي أريين روبن والألماني جيروم بواتينغ، للإصابة.",
                 [("أريين روبن", "أريين روبن"), ("جيروم بواتينغ", "جيروم بواتينغ")], marks=pytest.mark.analyzed_only),
    pytest.param("وتعادل الريال عند الدقيقة 44 عبر البرازيلي مارسيلو.", [("مارسيلو", "مارسيلو")],
                 marks=pytest.mark.analyzed_only),
    # an adjective of no country is not a nationality noun
    pytest.param("وسيتوجه إلى أرمينيا لحضور القمة الدولية للفرانكفونية.", [], marks=pytest.mark.analyzed_only),
    # traps: a country that is also a nationality, a verb that is also a given name
    pytest.param("السعودية تأمر بتسليم 25 مدرسة للقطاع الخاص", [], marks=pytest.mark.analyzed_only),
    # a family name that is also a word, closed by a comma or إن after a title
    pytest.param("وقال وزير الصناعة والتجارة والتموين، المهندس يعرب القضاة، إن حكومة بلاده ستدعم.",
                 [("يعرب القضاة", "يعرب القضاة")], marks=pytest.mark.analyzed_only),
    pytest.param("وقال القاضي عبد الستار البيرقدار إن المحكمة قررت.",
                 [("عبد الستار البيرقدار", "عبد الستار البيرقدار")], marks=pytest.mark.analyzed_only),
    # a reporting verb, a given name, one more word and إن
    pytest.param("وقال توفيق عكاشة إن الأمر محسوم.", [("توفيق عكاشة", "توفيق عكاشة")],
                 marks=pytest.mark.analyzed_only),
    # trap: the word after the name describes her
    pytest.param("وتقول ماجدة ضاحكة: \"النساء صبورات\".", [], marks=pytest.mark.analyzed_only),
    # traps: "أول" is a modifier, no title: the words after it are no name
    pytest.param("وفي أول أيام عيد الفطر ازدحمت الأسواق.", [], marks=pytest.mark.analyzed_only),
    # traps: an honorific, a club, a feast, a broken plural in quotation marks
    ("وأشاد صاحب السمو الشيخ محمد بن راشد آل مكتوم بالفريق.", [("محمد بن راشد آل مكتوم", "محمد بن راشد")]),
    ("وسجل مهاجم مانشستر سيتي هدفين.", []),
    ("وهنأ المواطنين بمناسبة عيد الأضحى المبارك.", []),
    ("لو كان لنا نفس \"أحاسيس مريم\" لتحدينا العالم.", []),
    # traps: a word that contains a name, a country, ordinary words in quotation marks
    ("وأكد عليه المسؤولون في اجتماع عقد بالقاهرة.", []),
    ("وأعلنت فرنسا والمغرب توقيع الاتفاق.", []),
    ("وأشارا إلى التقدم \"الهائل\" في جهود الردع.", []),
    ("ستوسع الأصول الاستراتيجية إلى \"مستوى ثابت\" في المنطقة.", []),
    ("وحذر من رد \"سريع وساحق وحاسم\" على أي هجوم.", []),
    # traps: the title of a work or a medium in quotation marks after its noun or a verb of
    # making or showing it, and the same title again elsewhere in the article
    ("لوحة قاتمة عن وسط تجهله سينما \"دولتشي فيتا\" الإيطالية.", []),
    ("يعود المخرج الإيطالي ماتيو غارون إلى السباق بفيلمه \"مصفف شعرالكلاب\". و\"مصفف شعرالكلاب\" لوحة قاتمة.",
     [("ماتيو غارون", "ماتيو غارون")]),
    ("والمخرجة الإيطالية التي تقدم \"لاتسارو فيليتشي\" في المسابقة الرسمية.", []),
    ("وتدعم الكاميرا ميزة التقاط الصورة، كما ذكر موقع \"ماك ورلد\".", []),
    ("وعرضت قناة \"سامي جلال\" الحلقة أمس.", []),
    # the verb before the quotation marks names no work: still a person
    ("ووقع \"تشو تشانج-ريه\" أمس الاتفاق مع الجانب الأمريكي.", [("تشو تشانج-ريه", "تشو تشانج-ريه")]),
]


@pytest.mark.parametrize("text,expected", PERSON_CASES)
def test_persons(request, run, text, expected):
    if request.node.get_closest_marker("analyzed_only") and "plain" in request.node.name:
        pytest.skip("needs the morphology analysis")
    assert people(run(text)) == expected


def test_title_is_recorded(run):
    recs = run("وقد حذر الرئيس الكوري الجنوبي \"يون سيوك-يول\" والرئيس الأمريكي \"جو بايدن\" من الهجوم.")
    assert people(recs, "title") == [("يون سيوك-يول", "الرئيس الكوري الجنوبي"), ("جو بايدن", "الرئيس الأمريكي")]


def test_evidence_names_entry_and_rule(run):
    recs = run("وقال الرئيس الأمريكي جو بايدن إن بلاده ملتزمة.")
    assert recs[0]["evidence"] == ["gazetteer:people/joe-biden", "rule:title-before-name"]
    assert recs[0]["id"] == "joe-biden"


INSTITUTION_CASES = [
    ("قالت وزارة الدفاع الكورية الجنوبية، اليوم الجمعة، إن الوثيقة جاهزة.",
     [("وزارة الدفاع الكورية الجنوبية", "وزارة الدفاع الكورية الجنوبية")]),
    ("قال مكتب الرئاسة في كوريا الجنوبية إن البلدين يتشاوران.",
     [("مكتب الرئاسة في كوريا الجنوبية", "مكتب الرئاسة في كوريا الجنوبية")]),
    ("حسبما ذكرت وكالة الأنباء الكورية الجنوبية (يونهاب).",
     [("وكالة الأنباء الكورية الجنوبية", "وكالة الأنباء الكورية الجنوبية"), ("يونهاب", "وكالة يونهاب للأنباء")]),
    ("وقال متحدث باسم مجلس الأمن القومي إن الحلفاء ملتزمون.", [("مجلس الأمن القومي", "مجلس الأمن القومي")]),
    ("وكرر مسؤول كبير في الإدارة الأمريكية التعليق.", [("الإدارة الأمريكية", "الإدارة الأمريكية")]),
    # fields joined with و inside one name (joined_fields in institution_heads.yaml)
    ("وقالت وزارة التجارة والصناعة إن الأسعار مستقرة.", [("وزارة التجارة والصناعة", "وزارة التجارة والصناعة")]),
    ("وقال مدير دائرة الثقافة والسياحة في أبوظبي إن الجائزة مهمة.",
     [("دائرة الثقافة والسياحة في أبوظبي", "دائرة الثقافة والسياحة في أبوظبي")]),
    pytest.param("وأكد مختبر بورتون داون أن المادة غاز أعصاب.", [("مختبر بورتون داون", "مختبر بورتون داون")],
                 marks=pytest.mark.analyzed_only),
    # embassies and consulates with a nationality; police, churches; a head's own
    # genitive chain when a nationality or a place closes the name
    pytest.param("وأعلنت السفارة الروسية في لندن أنها لم تتلق ردا.",
                 [("السفارة الروسية في لندن", "السفارة الروسية في لندن")], marks=pytest.mark.analyzed_only),
    pytest.param("وقالت الكنيسة القبطية الأرثوذكسية إن الصلاة ستقام غدا.",
                 [("الكنيسة القبطية الأرثوذكسية", "الكنيسة القبطية الأرثوذكسية")], marks=pytest.mark.analyzed_only),
    ("وقال سلاح الجو الإسرائيلي إنه قصف مواقع في غزة.", [("سلاح الجو الإسرائيلي", "سلاح الجو الإسرائيلي")]),
    ("وأمرت نيابة اسطنبول باعتقال الصحفيين.", [("نيابة اسطنبول", "نيابة اسطنبول")]),
    ("وكان سلاح الجو الأكثر تأثرا بعمليات التطهير.", [("سلاح الجو", "سلاح الجو")]),
    # adjectives close the name: a noun after them is the next phrase
    pytest.param("ونعت الكنيسة القبطية الأرثوذكسية الراهب في بيان رسمي.",
                 [("الكنيسة القبطية الأرثوذكسية", "الكنيسة القبطية الأرثوذكسية")], marks=pytest.mark.analyzed_only),
    pytest.param("وقالت المؤسسة الوطنية للنفط إن الإنتاج زاد.",
                 [("المؤسسة الوطنية للنفط", "المؤسسة الوطنية للنفط")], marks=pytest.mark.analyzed_only),
    pytest.param("وقالت شرطة مكافحة الإرهاب البريطانية إن التحقيق مستمر.",
                 [("شرطة مكافحة الإرهاب البريطانية", "شرطة مكافحة الإرهاب البريطانية")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("وقال اتحاد كرة القدم الفلسطيني إن القرار ظالم.",
                 [("اتحاد كرة القدم الفلسطيني", "اتحاد كرة القدم الفلسطيني")], marks=pytest.mark.analyzed_only),
    pytest.param("وتحاول إدارة مرحلة التحول قياس أصغر التفاصيل.", [], marks=pytest.mark.analyzed_only),
    # a court with an adjective of relation is one
    pytest.param("قضت المحكمة العسكرية في مصر بالسجن المؤبد على 9 متهمين.",
                 [("المحكمة العسكرية في مصر", "المحكمة العسكرية في مصر")], marks=pytest.mark.analyzed_only),
    ("بعد عام من إطلاق الحلفاء المجموعة الاستشارية النووية.",
     [("المجموعة الاستشارية النووية", "المجموعة الاستشارية النووية")]),
    ("على هامش قمة حلف شمال الأطلسي في واشنطن.", [("حلف شمال الأطلسي", "حلف شمال الأطلسي")]),
    ("وأعلن الناتو أمس توسيع مهمته.", [("الناتو", "حلف شمال الأطلسي")]),
    ("وأضاف في مقابلة مع شبكة (CNN) الأمريكية أن القرار نهائي.", [("CNN", "سي إن إن")]),
    # clitics: the span excludes them
    ("وقال مسؤول بوزارة الخارجية الأمريكية إن الزيارة أرجئت.", [("وزارة الخارجية الأمريكية", "وزارة الخارجية الأمريكية")]),
    # coreference: "الوزارة", "للوزارة" after the full name
    ("قالت وزارة الدفاع الكورية الجنوبية إن الوثيقة جاهزة. وأضافت الوزارة أن التوقيع تم. وفقا للوزارة.",
     [("وزارة الدفاع الكورية الجنوبية", "وزارة الدفاع الكورية الجنوبية"),
      ("الوزارة", "وزارة الدفاع الكورية الجنوبية"), ("وزارة", "وزارة الدفاع الكورية الجنوبية")]),
    # a definite noun joined with و inside the name, a second name joined with و
    ("وتشرف وزارة أوروبا والشؤون الخارجية على البرنامج.",
     [("وزارة أوروبا والشؤون الخارجية", "وزارة أوروبا والشؤون الخارجية")]),
    ("وأبدى رئيس مؤسسة الحج والزيارة الإيرانية استعداد بلاده.",
     [("مؤسسة الحج والزيارة الإيرانية", "مؤسسة الحج والزيارة الإيرانية")]),
    ("وفقا لما ذكرته منظمة الخوذ البيضاء والمرصد السوري لحقوق الإنسان.",
     [("منظمة الخوذ البيضاء", "منظمة الخوذ البيضاء"), ("المرصد السوري لحقوق الإنسان", "المرصد السوري لحقوق الإنسان")]),
    # a name in quotation marks after the head, then only nationality adjectives
    ("ذكرت صحيفة \"الأفق\" الليبية أن السفارة تتابع القضية.",
     [("صحيفة \"الأفق\" الليبية", "صحيفة \"الأفق\" الليبية")]),
    ("أعلنت شركة \"نوفا تك\" المتخصصة في البرمجيات نتائجها.", [("شركة \"نوفا تك\"", "شركة \"نوفا تك\"")]),
    # definite heads with a nationality adjective, Latin-script aliases
    ("ويلعب المعهد الفرنسي دورا مهما في نشر الثقافة.", [("المعهد الفرنسي", "المعهد الفرنسي")]),
    ("وأعلنت الخطوط الجوية القطرية استئناف رحلاتها.", [("الخطوط الجوية القطرية", "الخطوط الجوية القطرية")]),
    ("ودعا المستخدمين إلى حذف حساباتهم على Facebook نهائيا.", [("Facebook", "فيسبوك")]),
    # libraries, museums and hospitals, and a later mention of the head alone
    ("أحيت مكتبة الإسكندرية ذكرى ميلاده. وقال مدير المكتبة إن الاحتفال سنوي.",
     [("مكتبة الإسكندرية", "مكتبة الإسكندرية"), ("المكتبة", "مكتبة الإسكندرية")]),
    ("ونقل المصاب إلى مستشفى الغردقة العام.", [("مستشفى الغردقة العام", "مستشفى الغردقة العام")]),
    # a foreign name of several words after the head; an addressee after ل is no complement
    pytest.param("أكدت شركة سيريكا إنرجي البريطانية الثلاثاء، أنها ستبدأ الإنتاج.",
                 [("شركة سيريكا إنرجي", "شركة سيريكا إنرجي")], marks=pytest.mark.analyzed_only),
    pytest.param("الذي قاد البحث في جامعة سانت جورج في لندن.", [("جامعة سانت جورج", "جامعة سانت جورج")],
                 marks=pytest.mark.analyzed_only),
    pytest.param("وقالت شركة نتفليكس لبي بي سي إنها ليس لديها تعليق.",
                 [("شركة نتفليكس", "شركة نتفليكس"), ("بي بي سي", "بي بي سي")], marks=pytest.mark.analyzed_only),
    # colleges, departments, coalitions; the Houthis as their enemies name them
    pytest.param("المحاضرة في التقنيات الرقمية بكلية كينغز كولديج في لندن.",
                 [("كلية كينغز كولديج", "كلية كينغز كولديج")], marks=pytest.mark.analyzed_only),
    ("وقال مدير دائرة الاحصاءات العامة إن العدد ارتفع.", [("دائرة الاحصاءات العامة", "دائرة الاحصاءات العامة")]),
    ("القيادي الحوثي المقتول بغارة للتحالف العربي.", [("تحالف العربي", "التحالف العربي")]),
    ("أسفرت عن مقتل 35 عنصرا من ميليشيات الحوثي.", [("ميليشيات الحوثي", "جماعة الحوثي")]),
    # a head with its own genitive names a body alone; the article's full name links it
    ("أن مجلس الوزراء كلف اللجنة الإشرافية لقطاع التعليم بمهمة تنفيذ المبادرة.",
     [("مجلس الوزراء", "مجلس الوزراء"), ("اللجنة الإشرافية لقطاع التعليم", "اللجنة الإشرافية لقطاع التعليم")]),
    ("لاستعادة السيطرة على مجلس النواب.", [("مجلس النواب", "مجلس النواب")]),
    ("ويعقد مجلس الأمن جلسة جديدة. فيما يعقد مجلس الأمن الدولي جلسة ثانية.",
     [("مجلس الأمن", "مجلس الأمن الدولي"), ("مجلس الأمن الدولي", "مجلس الأمن الدولي")]),
    ("خلال جلسة لمجلس وزراء الخارجية العرب، إن بلاده ترفض.",
     [("مجلس وزراء الخارجية العرب", "مجلس وزراء الخارجية العرب")]),
    # definite head + adjectives of relation, + the field it serves (ل + noun + genitive)
    ("رئيس ما يعرف بالمجلس السياسي الأعلى التابع للحوثيين في اليمن.",
     [("المجلس السياسي الأعلى", "المجلس السياسي الأعلى"), ("حوثيين", "جماعة الحوثي")]),
    ("وقال الاتحاد الإنجليزي لكرة القدم إنه يعتمد برنامجا شاملا.",
     [("الاتحاد الإنجليزي لكرة القدم", "الاتحاد الإنجليزي لكرة القدم")]),
    # a team: a known club, or a name of one word when it is a word of a known name
    ("كما حقق فريق ليفربول الإنكليزي فوزا عريضا على مواطنه.", [("فريق ليفربول", "ليفربول")]),
    ("ولم ينتبه الفحص إلى لاعب فريق بولتون فابريس مامبا، الذي نجا بعد توقف قلبه.",
     [("فريق بولتون", "فريق بولتون")]),
    ("وقال إن فريق العمل سيواصل جهوده.", []),
    # traps: the field is a second institution; "لحين" is no field
    ("واعتبر أمين سر اللجنة التنفيذية لمنظمة التحرير الفلسطينية صائب عريقات هذا القرار.",
     [("منظمة التحرير الفلسطينية", "منظمة التحرير الفلسطينية")]),
    ("ستتوقف مشاركتي مع المجلس الاستشاري لحين العلم بكل الحقائق.", []),
    # traps: "لل" + a verbal noun before a preposition is no complement
    ("ودعت الكويت مجلس الأمن للانعقاد بعد المجزرة.", [("مجلس الأمن", "مجلس الأمن")]),
    # traps: a generic "الوزارة" with no antecedent, a common noun after a head, a title's portfolio
    ("وأكدت الوزارة أن العمل مستمر.", []),
    ("وتشمل الخطة مجموعة متنوعة من الطرق.", []),
    ("ووقع نائب وزير الدفاع الأمريكي لسياسات الفضاء الوثيقة.", []),
    ("تحالف نووي بين كوريا الجنوبية والولايات المتحدة.", []),
]


@pytest.mark.parametrize("text,expected", INSTITUTION_CASES)
def test_institutions(request, run, text, expected):
    if request.node.get_closest_marker("analyzed_only") and "plain" in request.node.name:
        pytest.skip("needs the morphology analysis")
    assert insts(run(text)) == expected


def test_places_are_never_people(run):
    recs = run("وزار الرئيس الأمريكي مصر والأردن، ثم توجه إلى سول.")
    assert [r["text"] for r in recs if r["type"] == "person"] == []
    assert [r["text"] for r in recs if r["type"] == "place"] == ["مصر", "الأردن", "سول"]


@pytest.mark.parametrize("text,place", [
    ("يأتي هذا بعد إعلان أبل، من مقرها في كوبرتينو بكاليفورنيا في 12 سبتمبر الماضي.", "كاليفورنيا"),
    ("واستقر في بلدة صغيرة بولاية ميزوري الأمريكية.", "ميزوري"),
    ("وتنتشر المهرجانات في دول شمال أفريقيا.", "شمال أفريقيا"),
    ("ومن ثم تنتقل إلى لوس أنجلوس خلال شهر إبريل.", "لوس أنجلوس"),
    ("وافتتحت الشركة مقرا جديدا في سان فرانسيسكو.", "سان فرانسيسكو"),
])
def test_states_and_regions_are_places(run, text, place):
    recs = run(text)
    assert place in [r["text"] for r in recs if r["type"] == "place"]
    assert not any(place in r["text"] for r in recs if r["type"] == "person")


def test_gazetteer_name_in_quotes_after_a_medium_keeps_its_entry(run):
    recs = run("وكتب على موقع \"تويتر\" أن القرار نهائي.")
    assert [(r["text"], r.get("id")) for r in recs if r["type"] == "institution"] == [("تويتر", "twitter")]


def test_name_never_matches_inside_a_word(run):
    assert people(run("وقال عليه أن يراجع قراره، وبايدنيون كثر.")) == []


def test_cross_article_same_person_same_id(res):
    a = find_entities(analyzed("حذر الرئيس الكوري الجنوبي \"يون سيوك-يول\" من الهجوم."), res)
    b = find_entities(analyzed("قال رئيس كوريا الجنوبية يون سوك يول إن الحلفاء متفقون."), res)
    from nlp_extract.gazetteer import skeleton
    pa = [s for s in a if s.type == "person"][0]
    pb = [s for s in b if s.type == "person"][0]
    assert skeleton(pa.attrs["name"]) == skeleton(pb.attrs["name"])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي \"،.()-بايدنوزارة", max_size=80))
def test_spans_are_surfaces(res, text):
    """Every span is a non-empty, in-bounds slice that starts and ends on a letter."""
    doc = analyzed(text)
    for s in find_entities(doc, res):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start].isalnum() and text[s.end - 1].isalnum()
        assert s.type in ("person", "institution", "place") and s.evidence
