"""The organisation file's ``[contacts]`` table (read by ``bot.settings``).

The organisation's own numbers and mailboxes, which the detector never flags.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.organisation import OrganisationContacts

_Phone = Annotated[str, Field(pattern=r"^\+?[\d\s()\-]{6,24}$")]
_Mailbox = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
_Domain = Annotated[str, Field(pattern=r"^[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")]


class ContactsTable(BaseModel):
    """``[contacts]``: ``phones``, ``mailboxes`` and ``email_domains``, all optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phones: list[_Phone] = Field(default_factory=list)
    mailboxes: list[_Mailbox] = Field(default_factory=list)
    email_domains: list[_Domain] = Field(default_factory=list)

    def to_domain(self) -> OrganisationContacts:
        """The contacts as the domain holds them."""
        return OrganisationContacts(
            tuple(self.phones), tuple(self.mailboxes), tuple(self.email_domains)
        )
