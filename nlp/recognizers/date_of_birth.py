"""DATE_OF_BIRTH: a date in a birth context ("DOB 12/03/1941", "born 3rd May 1950").

Ordinary dates and times ("Monday 10am", "see you 12/03") are not flagged: only a date that
follows a birth word is. The finding covers the date itself.
"""

from __future__ import annotations

import re
from datetime import date

from presidio_analyzer import Pattern

from nlp.recognizers._fast import FastPatternRecognizer

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[\s\-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|thirtieth"
)
_DAY = rf"(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?|{_ORDINAL_WORDS})"
_UNITS = r"one|two|three|four|five|six|seven|eight|nine"
_TENS = r"twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety"
_TEENS = r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# "nineteen thirty two", "nineteen forty-five", "two thousand and nine", "twenty ten".
_YEAR_WORDS = (
    rf"(?:nineteen[\s\-]+(?:(?:{_TENS})(?:[\s\-]+(?:{_UNITS}))?|(?:{_TEENS})|oh[\s\-]+(?:{_UNITS}))"
    rf"|two[\s\-]+thousand(?:[\s\-]+(?:and[\s\-]+)?"
    rf"(?:{_UNITS}|{_TEENS}|twenty(?:[\s\-]+(?:{_UNITS}))?))?"
    rf"|twenty[\s\-]+(?:{_TEENS}|twenty(?:[\s\-]+(?:{_UNITS}))?))(?![\w\-])"
)
# "1941", "41", "'45" (an apostrophe for the century), or the year in words.
_YEAR = rf"(?:(?:19|20)?\d{{2}}|['’]\d{{2}}|{_YEAR_WORDS})"
_SEP = r"(?:\s*[/.\-]\s*|\s+)"
# Days known by name: "born on Christmas Day 1939".
_FEAST_DAY = (
    r"(?:(?:christmas|boxing|new\s+year['’]?s|st\s+(?:david|patrick|george|andrew)['’]?s|valentine['’]?s)"
    r"\s+day|christmas\s+eve|new\s+year['’]?s\s+eve|hallowe['’]?en)"
)
_DATE = (
    rf"(?:(?:0?[1-9]|[12]\d|3[01]){_SEP}(?:0?[1-9]|1[0-2]){_SEP}{_YEAR}"  # 12/03/1941, 1.3.41
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}"  # 12th March 1941
    rf"|{_MONTH}\s+(?:the\s+)?{_DAY},?\s+{_YEAR}"  # March 12, 1941
    rf"|(?:19|20)\d{{2}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # 1941-03-12
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}"  # 12031941
    rf"|{_MONTH}\s+(?:(?:19|20)\d{{2}}|{_YEAR_WORDS})"  # March 1941
    rf"|{_FEAST_DAY},?\s+(?:(?:19|20)\d{{2}}|{_YEAR_WORDS}))"  # Christmas Day 1939
)
_BIRTH = (
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth|\bborn(?:\s+on|\s+in)?|\bbirthday(?:\s+is)?"
    r"|\bbirth\s*date|\bb\.d\.?|\bb\.(?=\s*\d))"  # "b. 1/12/1940"
)
# "born on the 3rd of June 1929", "DOB is the second of May 1940", "her dob, its 30/1/1933".
# "her DOB when she went missing: 05/08/2008": a few words, then a colon, before the date.
_LEAD = (
    r"(?:[,:;?=\-]\s*)?(?:(?:it['’]?s|it\s+is|which\s+is|is|was|shows|says|given\s+as)\s*)?[:=\-]?"
    # "dob, for en its 05.10.52": a few words, then "it's", before the date.
    r"(?:[^\d\n:]{1,40}:|[^\d\n:.!?]{1,30}?\b(?:it['’]?s|it\s+is)\s+)?"
)
_DOB = rf"{_BIRTH}\s*{_LEAD}\s*(?:the\s+)?(?P<value>{_DATE})(?![\w/])"
# A full date years back is a birth date in care chat even without a birth word: no visit,
# review or appointment falls in 1933 or 2011. Recent dates need the birth word.
YEARS_BACK = 6
_PAST = "|".join(str(y) for y in range(2000, date.today().year - YEARS_BACK + 1))
_OLD_YEAR = rf"(?:19\d{{2}}|{_PAST})"
_OLD_DATE = (
    rf"(?<![\w/.\-])(?P<value>(?:0?[1-9]|[12]\d|3[01])\s*([/.\-])\s*(?:0?[1-9]|1[0-2])\s*\2\s*{_OLD_YEAR}"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_OLD_YEAR}"
    rf"|{_OLD_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\w/])"
)


class DateOfBirthRecognizer(FastPatternRecognizer):
    """A date directly after a birth word; the birth word is the context that makes it personal."""

    PREFILTER = re.compile(r"\d|born|birth|dob|d\.o\.b", re.IGNORECASE)
    PATTERNS = (
        Pattern("date after birth word", _DOB, 0.85),
        Pattern("full date years back", _OLD_DATE, 0.6),
    )
    CONTEXT = ("dob", "born", "birth", "birthday")

    def __init__(self, supported_language: str = "en", context: list[str] | None = None) -> None:
        super().__init__(
            supported_entity="DATE_OF_BIRTH",
            name="DateOfBirthRecognizer",
            patterns=list(self.PATTERNS),
            context=context if context is not None else list(self.CONTEXT),
            supported_language=supported_language,
            global_regex_flags=re.IGNORECASE,
        )
