"""Shapes the sixth round found (issue 12) when sets AI-AT became development data: titled
names before a lower-case place word, titled initials with place-word surnames, unsure full
names the sentence makes a client's, clients named as such, at their home, in a night log or
with a surname initial; names of many languages; identifiers in more shapes; and the
colleagues, roles, relatives, places, houses and greetings that are not client data.
Invented names and messages only.
"""

from __future__ import annotations

import pytest

from nlp.detector import Detector
from tests.unit.nlp.conftest import MISREAD, people


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A title makes a name, whatever lower-case place word follows.
        ("Mrs Quennell hospital transport booked for 9.15, need her ready", "Mrs Quennell"),
        # Title + initials before a surname that is also a place word, or hyphened initials.
        ("Mr K. Ward was shouting at the carer at teatime, incident form done", "Mr K. Ward"),
        ("Mr D-J Penrose wants to cancel Fridays, he's away for a month", "Mr D-J Penrose"),
        # A lower-case full name the tagger is unsure of, said of someone's care.
        ("rupinder gahir has a sore on her left heel, photo sent to the dn", "rupinder gahir"),
        # An everyday given name and a common surname, then what the person has or does.
        ("hope turner had a good night, slept right through", "hope turner"),
        ("ruby banks skin looks better, cream working", "ruby banks"),
        # Named as the client, even where work is mentioned.
        pytest.param(
            "our new YP Odalys arrives at 4, Sakar doing the welcome pack", "Odalys", marks=MISREAD
        ),
        ("Zawadi, the YP in the top room, told me someone took his bus pass", "Zawadi"),
        # At the person's home, or their room.
        ("Catheter bag leaking at Fulgencio's again, DN coming between 2 and 4", "Fulgencio"),
        ("Room search done in Tesfay's room as per risk assessment", "Tesfay"),
        # What a young person goes through.
        ("temesgen came back smelling of cannabis at 11pm, checks every 30 mins", "temesgen"),
        # A given name and a surname initial said with a swap is a client's.
        ("Swapping Marisol F. from 8am to 8.30, she asked for a lie in", "Marisol F."),
        # A role word belongs to the name after it ("GP Dr Thapa"), not the one before it.
        ("Lionel Pettifer - GP Dr Osei wants bloods done, DN booked", "Lionel Pettifer"),
        # "a 2 carer call" is no carer's role.
        ("Ambrose Kellaway is a 2 carer hoist call now per OT", "Ambrose Kellaway"),
        # Capitalised alike, an everyday given name and a family name, then what is said.
        ("Ivy Marsh asked us to use the back door now, the step is icy", "Ivy Marsh"),
        # Lower-case names of other languages (Welsh given names, a lower-case initial).
        ("gwilym morris keeps asking when he can see his brother", "gwilym morris"),
        ("jack p says the new microwave meals are muck lol", "jack p"),
        ("Nimco I. had her first session with the new counsellor", "Nimco I."),
        # A night log's heading is no rota: the name after it is the young person's.
        ("Sleep-in log: Tavish up at 2 for the toilet, back in bed by 2:40", "Tavish"),
    ],
)
def test_client_names_in_new_shapes_are_flagged(detector: Detector, text: str, name: str) -> None:
    assert name in people(detector, text)


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("the form wants dob, for en its 05.10.52", "DATE_OF_BIRTH", "05.10.52"),
        ("right nhs number for FO is 7071 248 109", "UK_NHS", "7071 248 109"),
        ("his date of birth, which is 5/1/44, is on the form", "DATE_OF_BIRTH", "5/1/44"),
        ("Born on Christmas Day 1939, which is why", "DATE_OF_BIRTH", "Christmas Day 1939"),
    ],
)
def test_identifiers_in_new_shapes_are_flagged(
    detector: Detector, text: str, entity: str, value: str
) -> None:
    found = {(f.entity_type, text[f.start : f.end]) for f in detector.scan(text).findings}
    assert (entity, value) in found


@pytest.mark.parametrize(
    "text",
    [
        # Colleagues named in full for a piece of work, a role, or thanks.
        "Ottilie Brannigan is doing the Mill Yard rota this week",
        "Kwabena Sarpong and Habib Safi are doing the beaumont leys loop today",
        "Iolanthe Merrow will do the MAR audit at Wren House on Thursday",
        "Big thanks to Claudette Grant, Vytautas Jankauskas and Gwenllian Evans for the bake sale",
        "Manisha Desai is the on-call manager this weekend",
        "Great work Prakash Thapa on the audit, MAR charts spot on",
        "TL on call tonight is Mutasim Babiker, then Zsófia from 8am",
        "csaba is off till friday, agnieszka has his calls",
        # Professionals: a therapist to be, a priest.
        "SALT referral accepted, therapist will be Sioned Jenkins",
        "Father Liam from St Joseph's is coming to talk to the YP on Sunday",
        # Places whose names start like no person's.
        "Matron Joy Sandhu at the Royal Derby discharge team wants a call back",
        "AK wants her shopping from Marks and Spencer at West Quay, not Asda",
        "Forest Recreation Ground fair next week, YPs asking to go",
        # Festival greetings, a client's initials, title + initial before a verb.
        "Eid Mubarak to all who are celebrating",
        "DN Tamang dressed AK's leg today, next visit Monday",
        "mrs c. prefers the window open at night",
        "mr k.s. hearing aid in, finally lol",
        "Just left Mrs A-O. All good, she's watching the snooker",
        # Everyday words after a given name, and a pair followed by too little.
        "rose bush in the garden needs cutting back",
        # Roles joined to a name by is now / will be / takes over as, or a role then "is".
        "Parveen Kauser is now the named coordinator for every new referral",
        "Stacey Campbell will be key worker for the new YP from Friday",
        "The social worker chairing the Hollybank review is Tamsin Okoro",
        "Tom Hewitt from Coram Voice is the new advocate for the house",
        "Reverend Grace Ellison from St Martin's has offered to visit",
        # Colleagues: a run picked up, a last shift, years with us, covered for, welcomed.
        "Shirley Holt (bank) is picking up the 4pm Blackley calls",
        "Robin Dunn's last shift is Friday, leaving drinks after",
        "Marcia Brown has been with us ten years today",
        "Just covered for Helena, she had a flat tyre on the A4",
        "Welcome to the team, Chinedu Eze! He'll be shadowing Paulette",
        "Can Tunde Bakare ring the office when he gets a sec?",
        # A relative named by first name.
        "MK's nan Teresa would like to come to his LAC review, SW says yes",
        # Houses, hospitals, clubs, pubs, parks, statues and greetings of other languages.
        "Grace Villa's boiler is being serviced Thursday morning",
        "The YP got tickets for Bradford City at Valley Parade",
        "Tea dance at the Ben Brierley in Moston on Friday",
        "Took YP to Lydiard Park for a walk and ice cream",
        "Tŷ Celyn is joining the litter pick on Sunday",
        "linden lodge yps did a bake off tonight",
        "Shubho Noboborsho to everyone celebrating Bengali New Year",
        "Nowruz Mobarak to all our Iranian families and staff",
        "Don't mither the YP about homework tonight, she's had a rough day",
        "AM and MS fell out over the PlayStation, sorted now",
        "LMcD refused his breakfast but ate a big lunch",
    ],
)
def test_colleagues_roles_places_and_greetings_are_not_flagged(
    detector: Detector, text: str
) -> None:
    assert people(detector, text) == []
