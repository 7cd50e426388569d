"""The detector's configuration, shared by the bot, ``careguard chat`` and ``careguard scan``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.organisation import Organisation
    from bot.settings import Settings
    from nlp.detector import DetectorConfig


def detector_config(settings: Settings, organisation: Organisation | None) -> DetectorConfig:
    """Rosters and NER from the settings, plus the organisation's own contacts.

    The contacts the organisation file lists (``[contacts]``) and its people's phone numbers
    are never flagged.

    Raises:
        nlp.errors.DetectorError: a contact in the organisation file cannot be used.
    """
    from nlp.detector import DetectorConfig
    from nlp.own_contacts import OwnContacts

    own = OwnContacts()
    if organisation is not None:
        c = organisation.contacts
        phones = [*c.phones, *(p.phone for p in organisation.people if p.phone)]
        own = OwnContacts.of(phones, c.mailboxes, c.email_domains)
    return DetectorConfig(
        spacy_model=settings.spacy_model,
        clients_csv=settings.clients_csv,
        staff_csv=settings.staff_csv,
        own_contacts=own,
    )


def command_detector_config(
    settings: Settings,
    *,
    clients: Path | None = None,
    staff: Path | None = None,
    spacy_model: str | None = None,
) -> DetectorConfig:
    """The detector of a desk command (``scan``, ``whatsapp audit``).

    The command's options win over the settings' rosters and NER; with an organisation file
    (``--config`` / ``CAREGUARD_CONFIG``) its own contacts and its people's numbers pass.

    Raises:
        nlp.errors.DetectorError: a contact in the organisation file cannot be used.
    """
    from dataclasses import replace

    from bot.settings import load_organisation

    organisation = load_organisation(settings.config_path) if settings.config_path else None
    return replace(
        detector_config(settings, organisation),
        spacy_model=spacy_model or settings.spacy_model,
        clients_csv=clients or settings.clients_csv,
        staff_csv=staff or settings.staff_csv,
    )
