"""The organisation's own contact details: never client data, never flagged.

Carers pass on the office number, the out-of-hours line and the rota mailbox all day. The
organisation file lists them (``[contacts]``), staff rosters may carry staff numbers, and
the detector drops PHONE_NUMBER and EMAIL_ADDRESS findings that are one of them, however
they are written ("0117 496 0100", "+44 117 4960100", "01174960100"). The homes and offices
the mailboxes name ("ashbyhouse@" for Ashby House) are not people either: a PERSON finding
that is just such a name ("a contact for Ashby") is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nlp.errors import DetectorError
from nlp.recognizers._util import digits

_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
# Last words of a home's or an office's name in its mailbox ("ashbyhouse@", "robinlodge@").
_HOME_WORDS = ("house", "lodge", "court", "hall", "cottage", "villa", "manor", "view", "yard")


def home_names(mailboxes: Iterable[str]) -> frozenset[str]:
    """The organisation's own homes and offices, named by their mailboxes: "ashbyhouse@"
    gives "ashby" and "ashby house" (lower case), so "a contact for Ashby" is not a person.

    >>> sorted(home_names(["ashbyhouse@care.example", "rota@care.example"]))
    ['ashby', 'ashby house']
    """
    out = set()
    for box in mailboxes:
        local = box.strip().lower().partition("@")[0].replace(".", "").replace("-", "")
        for word in _HOME_WORDS:
            stem = local.removesuffix(word)
            if stem != local and len(stem) >= 3 and stem.isalpha():
                out |= {stem, f"{stem} {word}"}
    return frozenset(out)


def phone_key(number: str) -> str:
    """The form numbers are compared in: UK national digits, or "+" and all digits abroad.

    >>> phone_key("0117 496 0100") == phone_key("+44 (0)117 496 0100") == "1174960100"
    True
    """
    stripped = number.strip().lstrip("(")
    d = digits(stripped)
    if stripped.startswith("+") and not stripped.startswith("+44"):
        return "+" + d
    if stripped.startswith("00") and not stripped.startswith("0044"):
        return "+" + d[2:]
    # UK: the national significant number, without +44 / 0044 and the trunk 0, as
    # nlp.recognizers.uk_phone.national_digits (not imported: it loads Presidio).
    if stripped.startswith(("+44", "0044")):
        d = d[4:] if stripped.startswith("0044") else d[2:]
    return d[1:] if d.startswith("0") else d


@dataclass(frozen=True, slots=True)
class OwnContacts:
    """Phone numbers, mailboxes and mail domains that belong to the organisation or its staff.

    Attributes:
        phones: Numbers as `phone_key` forms.
        mailboxes: Whole addresses, lower case ("office@citycare.example").
        email_domains: Domains whose every address is the organisation's ("citycare.example").
        homes: The homes and offices the mailboxes name (`home_names`), lower case.
    """

    phones: frozenset[str] = frozenset()
    mailboxes: frozenset[str] = frozenset()
    email_domains: frozenset[str] = frozenset()
    homes: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        phones: Iterable[str] = (),
        mailboxes: Iterable[str] = (),
        email_domains: Iterable[str] = (),
    ) -> OwnContacts:
        """Build from the values as written.

        Raises:
            DetectorError: a number with too few digits, an address without "@", or a domain
                with characters a domain cannot have (the message names the position only).
        """
        keys = set()
        for n, phone in enumerate(phones, start=1):
            key = phone_key(phone)
            if len(key.lstrip("+")) < 6:
                raise DetectorError(f"own contacts: phone {n}: not a phone number")
            keys.add(key)
        boxes = {m.strip().lower() for m in mailboxes}
        if any(m.count("@") != 1 for m in boxes):
            raise DetectorError("own contacts: a mailbox is not an e-mail address")
        domains = {d.strip().lower().lstrip("@") for d in email_domains}
        if any(not d or not set(d) <= _DOMAIN_CHARS or "." not in d for d in domains):
            raise DetectorError("own contacts: an e-mail domain is not a domain name")
        return cls(frozenset(keys), frozenset(boxes), frozenset(domains), home_names(boxes))

    def __or__(self, other: OwnContacts) -> OwnContacts:
        return OwnContacts(
            self.phones | other.phones,
            self.mailboxes | other.mailboxes,
            self.email_domains | other.email_domains,
            self.homes | other.homes,
        )

    def __bool__(self) -> bool:
        return bool(self.phones or self.mailboxes or self.email_domains)

    def owns(self, entity_type: str, value: str) -> bool:
        """True when the finding ``value`` of ``entity_type`` is one of these contacts."""
        if entity_type == "PHONE_NUMBER":
            return phone_key(value) in self.phones
        if entity_type == "EMAIL_ADDRESS":
            address = value.strip().lower()
            domain = address.rpartition("@")[2]
            return address in self.mailboxes or domain in self.email_domains
        if entity_type == "PERSON" and self.homes:
            # "School need a contact for Ashby": the organisation's own home, not a person.
            name = " ".join(value.lower().removesuffix("'s").removesuffix("’s").split())
            return name in self.homes
        return False

    def __repr__(self) -> str:
        # Staff numbers are personal data: counts only.
        return (
            f"OwnContacts(phones={len(self.phones)}, mailboxes={len(self.mailboxes)}, "
            f"email_domains={len(self.email_domains)})"
        )
