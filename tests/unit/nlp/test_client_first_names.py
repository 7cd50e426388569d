"""A first name alone is flagged when the wording makes the person a client (issue 12).

Staff are talked about by first name and stay unflagged; a name that is the object of a care
task, the owner of care equipment or a care visit, or the subject of what happens to a
client is a client's. Invented names and messages only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from nlp.names import load_gazetteer
from nlp.recognizers.person_client import client_mentions
from tests.unit.nlp.conftest import MISREAD
from tests.unit.nlp.conftest import people as _people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("showered Maud and put cream on her back", "Maud"),
        ("repositioned Gethin at 2am, skin ok", "Gethin"),
        ("gave winston his warfarin at 6", "winston"),
        ("took Mabel to the library, she enjoyed it", "Mabel"),
        ("Ffion's tea call is moved to 5", "Ffion"),
        ("Cyril's zimmer frame is broken", "Cyril"),
        ("Zainab's social worker rang back", "Zainab"),
        ("Thelma had a fall in the kitchen, no injury", "Thelma"),
        ("Amaru had another seizure after school", "Amaru"),
        ("norman refused his breakfast", "norman"),
        ("Keanu went missing from placement last night", "Keanu"),
        ("Wilfred was very agitated this evening", "Wilfred"),
        ("Solomon has been self-harming, CAMHS aware", "Solomon"),
        ("Edith wouldnt let me in so I rang the office", "Edith"),
        ("Ernest was still in his pyjamas at lunchtime", "Ernest"),
        ("Ivor Pennock had a fall on the stairs", "Ivor Pennock"),
        ("Lukasz kicked off at teatime, PRN given", "Lukasz"),
        ("Hawa's son wants to talk about her care plan", "Hawa"),
        ("Gwilym's niece asked for a review of his package", "Gwilym"),
        ("just left Dorota, she's settled and in bed", "Dorota"),
        ("sat with Emeka - he's much calmer now", "Emeka"),
        ("can someone do Ruairi T's lunch call", "Ruairi T"),
    ],
)
def test_a_first_name_in_a_care_context_is_flagged(
    detector: Detector, text: str, name: str
) -> None:
    assert name in _people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Marek can you do the medication audit tonight",
        pytest.param("Bronwen's off sick, who can cover her shift", marks=MISREAD),
        "Tomasz's car is in the garage again",
        "thanks Adaeze for doing the hoist training",
        "Ollie and me will do the double up",
        "she refused her lunch again",
        "Mum had a fall so I'll be late",
        "the client refused his tablets",
        "May's rota is on the board",
        pytest.param("joy refused to be dampened, we had a laugh", marks=MISREAD),
        "hope had a fall? no, that was someone else's",
        "JT refused her meds",
        pytest.param("Shona kicked off about the rota again", marks=MISREAD),
        pytest.param("Bogdan's daughter wants picking up at 3 so I'm off early", marks=MISREAD),
        "just left Precious, she's doing the 4pm for me",
        "Mrs T's meds are in the blister pack",
    ],
)
def test_staff_names_and_names_that_are_words_stay_clean(detector: Detector, text: str) -> None:
    assert _people(detector, text) == []


def test_spans_are_the_name_only() -> None:
    text = "prompted Wendell with his inhaler; Rosalind's commode needs emptying"
    spans = [text[a:b] for a, b in client_mentions(text, load_gazetteer())]
    assert spans == ["Wendell", "Rosalind"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("can someone cover rich pennington at 4", True),
        ("who can do Ivy Bramall at 10, I'm running late", True),
        ("can someone cover Dawn at 4", False),
        ("can someone see the team at 2", False),
    ],
)
def test_a_full_name_in_a_visit_slot_is_flagged(
    detector: Detector, text: str, flagged: bool
) -> None:
    assert bool(_people(detector, text)) is flagged


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ebony is refusing to go to school", "Ebony"),
        ("popped in on Mavis, all fine", "Mavis"),
        ("Cedric's blood sugars were high at lunch", "Cedric"),
        ("Florence has a chest infection, GP called", "Florence"),
        ("Otis ran away from the home last night", "Otis"),
        ("tablets given to Gwen at 9", "Gwen"),
        ("helped Nkechi into bed at 10", "Nkechi"),
        ("Reuben's daughter rang about the bill", "Reuben"),
        ("Iris had a restless night, calling out", "Iris"),
        ("Amadou was admitted to the BRI", "Amadou"),
        ("Tadeusz ate half of his tea", "Tadeusz"),
    ],
)
def test_more_care_contexts_are_flagged(detector: Detector, text: str, name: str) -> None:
    assert name in _people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Dawn had a bad night with the baby so she's late", marks=MISREAD),
        pytest.param("Priya was sick after the staff party lol", marks=MISREAD),
        "helped Marek with the rota this morning",
        pytest.param("Kwame took his lunch break at 1", marks=MISREAD),
        pytest.param("Ruth ate all the biscuits in the office!", marks=MISREAD),
        "Jade's son rang, she'll be in at 10 for her shift",
        "Abdi's temp job ends friday",
        pytest.param("Funmi was admitted as a member of the union", marks=MISREAD),
        "Gosia went off shift at 8",
        pytest.param("Bev slept well after her night shift", marks=MISREAD),
        "Ollie is refusing to do nights again haha",
        "Dawn refused the overtime",
        "medication given to the pharmacist for disposal",
    ],
)
def test_staff_in_lookalike_phrases_stay_clean(detector: Detector, text: str) -> None:
    assert _people(detector, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tyler was restrained at 8pm, incident form done", "Tyler"),
        ("Kacey's contact with dad was cancelled", "Kacey"),
        ("police brought Jordan back at 2am", "Jordan"),
        ("drove Chantelle to contact", "Chantelle"),
        ("Lily-Mae refused to go to bed", "Lily-Mae"),
        ("Mavis fell in the lounge, no injuries", "Mavis"),
        ("put Cyril to bed at 9", "Cyril"),
        ("Arthur's been very chesty today", "Arthur"),
        ("Gladys has dementia and gets confused at night", "Gladys"),
        ("Len's pendant alarm went off twice", "Len"),
        ("Ron's carer didnt turn up this morning", "Ron"),
        ("Ethel needs her nails doing", "Ethel"),
    ],
)
def test_residential_and_home_care_phrasings_are_flagged(
    detector: Detector, text: str, name: str
) -> None:
    assert name in _people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Dawn fell asleep on the sofa after her shift lol",
        pytest.param("Sam fell off his bike on the way in, he's ok", marks=MISREAD),
        "Jade has diabetes awareness training tomorrow",
        pytest.param("Ollie keeps asking for his payslip", marks=MISREAD),
        "Grace gets confused with the new app",
        "Ruth was suspended pending investigation",
        "Tom's pendant is on the desk",
        pytest.param("Hawa didnt want her lunch break", marks=MISREAD),
        "drove Tom to the station",
        "got Priya to sign the rota",
    ],
)
def test_staff_in_more_lookalike_phrases_stay_clean(detector: Detector, text: str) -> None:
    assert _people(detector, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "the OT came to assess Ottilie for a new chair",
        "teacher Mrs Dean rang about Tamsin's behaviour in class",
    ],
)
def test_assessments_and_school_behaviour_name_a_client(detector: Detector, text: str) -> None:
    assert detector.scan(text).flagged


@pytest.mark.parametrize(
    "text",
    [
        "gave winston his warfarin at 6",
        "Thelma had a fall in the kitchen, no injury",
        "Ffion's tea call is moved to 5",
        "hoisted Gethin into his chair",
    ],
)
def test_the_suggested_rewrite_is_not_flagged_again(detector: Detector, text: str) -> None:
    rewrite = detector.suggest_rewrite(text)
    assert rewrite != text
    assert not detector.scan(rewrite).flagged, rewrite


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("ruby had a fall in the hall", True),
        ("violet ate half her lunch", True),
        ("ok, amber refused her tablets", True),
        ("the ruby had a fall from the ring", False),
        ("will had a look at the boiler", False),
    ],
)
def test_lower_case_names_that_are_words_open_a_clause_before_an_event(
    detector: Detector, text: str, flagged: bool
) -> None:
    assert bool(_people(detector, text)) is flagged
