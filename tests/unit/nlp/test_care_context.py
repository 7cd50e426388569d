"""The scored care-context reading of names (issue 12): a lone first name, or one with a
surname the lists call everyday, is a client's when its sentence adds up to care; a full name
said only of work is a colleague's. Invented names and messages only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from nlp.names import load_gazetteer
from nlp.recognizers.person_context import THRESHOLD, readings
from tests.unit.nlp.conftest import MISREAD, people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A pronoun and a care word after the name, the name the subject of what happens.
        ("Philomena spat her tablets into a tissue again", "Philomena"),
        ("Joy needs her heels creamed every call now", "Joy"),
        ("gwendolyn wouldnt let me do her pad, very upset", "gwendolyn"),
        ("Tobias punched the wall after his phone call with his dad", "Tobias"),
        ("Marisol missed her inhaler this morning, nurse aware", "Marisol"),
        # What a care task is done to or for.
        ("Kwame did the shower for Rosalind at 9, skin fine", "Rosalind"),
        ("can you remind Ezekiel his optician appt is friday", "Ezekiel"),
        ("jan can u tell dorcas shes having her bath at 10 today", "dorcas"),
        ("just back from genevieve, she didnt want her lunch", "genevieve"),
        ("please keep an eye on Lavinia, she said she wants to hurt herself", "Lavinia"),
        ("the IRO asked to see Oluchi about her placement plan", "Oluchi"),
        # A care word owned by the name, or the person called a young person.
        ("the dressing on Bartholomew's heel needs changing tmrw", "Bartholomew"),
        ("Esperanza's teacher rang about her behaviour at lunch", "Esperanza"),
        ("YP Zephyrine came back from contact very quiet", "Zephyrine"),
        # A name not in any list, inside a sentence.
        ("can someone remind Thanabalan his pharmacy delivery is weds", "Thanabalan"),
        # Plainly about care: three or more care words.
        (
            "think winifred might have a chest infection, confused and off her food, GP rung",
            "winifred",
        ),
        # A given name with a surname the tagger took for words, read as one name.
        ("Pad change done for Ambrose Pike, skin sore on sacrum, cream on", "Ambrose Pike"),
        # A visit slot in a list of calls.
        ("8am dorothea, 9.30 winifred, then the hoist call at 11", "winifred"),
        # A young person named so in brackets, with a surname the lists call a care word.
        ("Hope Walker (YP) has her placement review on Friday", "Hope Walker"),
        # A care word only clients have, the name opening the report.
        ("Incident last night: Fergus punched the fire door, debrief done", "Fergus"),
        ("Winifred has a new catheter fitted today, check output every call", "Winifred"),
        # An everyday-word given name in lower case, with a family name.
        ("faith barker really unsteady on her feet today, frame used", "faith barker"),
        # A visit to the person; what happens to a young person; one-to-one staffing.
        ("I went to Thaddeus at 7 but he would not let me in, rang his son", "Thaddeus"),
        ("School rang, Jaydon excluded for 2 days for fighting", "Jaydon"),
        pytest.param(
            "Everett is on 1:1 tonight after threatening to run", "Everett", marks=MISREAD
        ),
        ("Florence has been asking for the toilet all morning, could be a UTI", "Florence"),
        # A lower-case given name and family name, both listed: a full name.
        ("gwilym pryce had a bad night according to his wife", "gwilym pryce"),
    ],
)
def test_a_name_the_sentence_makes_a_clients_is_flagged(
    detector: Detector, text: str, name: str
) -> None:
    assert name in people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        # Spoken to, thanked, or doing the care.
        "kasia can you do the meds round for me",
        "thanks Sunniva, she was lovely about it",
        "Rosalind did the bath for Mrs T this morning",
        "Bartholomew gave Mr K his tablets at 8",
        "Bronwen is taking her calls today, she knows the round",
        # Asked or worked with, about work.
        "ask Ottoline, she knows the new rota system",
        "Madoc is off sick so Teodor is taking his calls",
        # No care said of the name.
        "Ignatius said his car broke down on the M32",
        # An everyday word at the start, without the evidence to outweigh it.
        "Will need her dosette collected",
        # A saint's name is a church.
        "the service at St Hilda's is at 11",
        # Said of a colleague: nothing about care, or only a colleague's absence.
        "Ffion says she left the car keys in the staff room",
        "carl is off sick again, who can do his 5pm",
        pytest.param("Bernadette was sick after the staff party lol", marks=MISREAD),
        # Places and organisations named like people.
        "Walked to Victoria Park with him, lovely",
        "took the YPs to Ashton Court for a walk, everyone behaved",
        "The Sue Ryder shop in Westbury has a hoist donated",
        "the new GP at the Lawrence Hill practice seems lovely",
        # A street is not a person.
        "Lidl on Fishponds Road had the thickener in stock",
        # A rota label before a colleague's name.
        "waking nights next week: mon olu, tue jordan, wed olu",
    ],
)
def test_staff_spoken_to_and_carers_doing_the_care_are_not_flagged(
    detector: Detector, text: str
) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Training reminder: moving and handling with Philippa Drummond on the 9th",
        "Cosmo Wetherall has handed in his notice, last day the 30th",
        "swap with Oksana Bilyk on Saturday earlies approved",
        "please welcome Adaeze Nwosu who joins the team as an RSW",
        "Ximena Ortega and Piers Ladd are the new team leaders for the north patch",
        "gethin parry will be the senior on shift over new year",
        "Kieran Dunmore is doing the first aid on the 28th if anyone still needs it",
        "please welcome Tunde Bakare, new night sitter, two nights a week",
        "DBS renewal needed for Mirela Pop and Owain Rees before the 30th",
        "Ellis Corrigan passed her probation today, drinks friday!",
        "Faisal Iqbal and Elin Morgan are booked on the medication training on the 3rd",
        "Ngozi Eze has passed her level 3, well done!!",
        "Holiday approved for Carys Hughes 2nd to 9th Feb",
        "Training update: next course on the 8th. Names down so far: Aled Price and Kasia Nowak.",
    ],
)
def test_a_full_name_said_only_of_work_is_a_colleague(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Work words, but the name is a client's visit or care.
        ("can someone swap with me for agnieszka wrobel tomorrow", "agnieszka wrobel"),
        ("who is covering Ulrich Haverford, his lunch call is at 12", "Ulrich Haverford"),
    ],
)
def test_a_client_on_the_rota_is_still_flagged(detector: Detector, text: str, name: str) -> None:
    assert name in people(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "ruby wedding anniversary on saturday, she's thrilled",
        pytest.param("wood burner was on full when i arrived", marks=MISREAD),
        "rose bush by the door needs cutting back",
        "Mrs F's rose bush has finally flowered, she was so pleased",
        "lidl in lawrence hill has the big packs on offer",
    ],
)
def test_everyday_word_pairs_need_care_said_of_them(detector: Detector, text: str) -> None:
    assert people(detector, text) == []


def test_the_reading_lists_its_evidence_and_adds_up_to_the_threshold() -> None:
    gaz = load_gazetteer()
    text = "Philomena spat her tablets into a tissue again"
    (reading,) = readings(text, gaz, [])
    assert reading.evidence == {"pronoun", "close_pronoun", "care", "undergoes"}
    first_aid = readings("Philomena self-harmed last night, first aid given", gaz, [])[0]
    assert "training" not in first_aid.evidence  # first aid given is care, not a course
    assert reading.score >= THRESHOLD
    assert reading.is_client
    spoken = readings("Philomena can you do the tablets round", gaz, [])[0]
    assert "addressed" in spoken.evidence
    assert not spoken.is_client


def test_names_found_already_are_people_a_pronoun_may_belong_to() -> None:
    gaz = load_gazetteer()
    text = "Cosima met Elowen Tregarthen, she was upset about her meds"
    taken = text.index("Elowen Tregarthen")
    names = [(taken, taken + len("Elowen Tregarthen"))]
    # The pronoun after the full name is not Cosima's.
    (cosima,) = readings(text, gaz, names)
    assert text[cosima.start : cosima.end] == "Cosima"
    assert not cosima.evidence & {"pronoun", "close_pronoun"}
