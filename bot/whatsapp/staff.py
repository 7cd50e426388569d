"""Who is writing: WhatsApp senders matched to people in the organisation file.

Meta gives the sender as their WhatsApp id, the international number in digits without
``+`` (``447700900123``); the organisation file holds ``+447700900123``. Both are reduced
to E.164 digits before comparing. Hand-written rather than with ``phonenumbers``: the
organisation file already insists on the compact international form, so removing
spaces, punctuation and a leading ``+``/``00`` is all that is left to do, and the
detector's dependency does not become ours.
"""

from __future__ import annotations

from bot.domain.organisation import Organisation, Person


def e164_digits(number: str) -> str:
    """``number`` as E.164 digits: no ``+``, no international ``00``, no punctuation.

    A UK trunk ``0`` written after the country code (``+44 (0)7700 …``) is dropped.
    """
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.strip().startswith("00"):
        digits = digits[2:]
    if digits.startswith("440"):
        digits = "44" + digits[3:]
    return digits


class StaffDirectory:
    """Looks senders up among the people in the organisation file that have a phone.

    Args:
        organisation: The loaded organisation file.
    """

    def __init__(self, organisation: Organisation) -> None:
        self._by_number: dict[str, Person] = {
            e164_digits(p.phone): p for p in organisation.people if p.phone
        }

    def find(self, sender: str) -> Person | None:
        """The person whose phone is ``sender`` (a WhatsApp id or any written form)."""
        digits = e164_digits(sender)
        return self._by_number.get(digits) if digits else None

    def __len__(self) -> int:
        return len(self._by_number)
