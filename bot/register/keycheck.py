"""Does the configured register key open this register? Checked at start-up and by /readyz.

A wrong key, or a key list from which the key that wrote the register was rotated away,
must stop the server before anyone works on it (not be found by a DPO's ``/register``
later), and no new rows may be written under a key the register cannot verify. The check
reads the newest breach snapshot and the newest audit row: two rows, whatever the size.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot.register.breaches.crypto import DecryptionError, FieldCipher
from bot.register.breaches.models import AuditEventRow, BreachRow
from bot.register.db import read_session
from bot.register.errors import RegisterError

ADVICE = (
    "the register key cannot read this register: a wrong CAREGUARD_REGISTER_KEY, or the key "
    "that wrote it was rotated away (list the old key after the new one until "
    "`careguard register rekey` has run)"
)


def key_problem(engine: Engine, cipher: FieldCipher) -> str | None:
    """``None`` when the configured keys open the register; otherwise what is wrong.

    Raises:
        RegisterError: the register was made by an older version (not migrated yet).
    """
    try:
        return _problem(engine, cipher)
    except (OperationalError, ProgrammingError):
        raise RegisterError(
            "the register was made by an older version of CareGuard: "
            "run `careguard db upgrade` first"
        ) from None


def _problem(engine: Engine, cipher: FieldCipher) -> str | None:
    with read_session(engine) as session:
        snapshot = session.execute(
            select(BreachRow.reference, BreachRow.snapshot)
            .where(BreachRow.snapshot.is_not(None))
            .order_by(BreachRow.updated_at.desc(), BreachRow.id.desc())
            .limit(1)
        ).first()
        signed = session.execute(
            select(AuditEventRow.seq, AuditEventRow.key_id)
            .order_by(AuditEventRow.seq.desc())
            .limit(1)
        ).first()
    if snapshot is not None and snapshot.snapshot is not None:
        try:
            cipher.decrypt(snapshot.snapshot)
        except DecryptionError:
            return f"{ADVICE} ({snapshot.reference} cannot be decrypted)"
    if signed is not None and cipher.chain.get(signed.key_id) is None:
        return f"{ADVICE} (audit row #{signed.seq} is signed with another key)"
    return None
