"""Whatever surrounds a client's name, the stored warning never holds the name."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.register.db import read_session
from bot.services.messages import PrivateWarning
from tests.unit.hygiene.conftest import Harness
from tests.unit.hygiene.fakes import message

NAMES = ("Zelda Quincefield", "Edwin Marrowby", "Ottilie Fenwright")
filler = st.text(alphabet=st.sampled_from("abcdefghij ,.!?'\n0123456789"), max_size=60)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(before=filler, name=st.sampled_from(NAMES), after=filler, n=st.integers(0, 10**9))
async def test_stored_warnings_never_hold_the_name(
    hy: Harness, before: str, name: str, after: str, n: int
) -> None:
    deliveries = await hy.service.on_channel_message(
        message(f"{before} {name}{after}", message_id=f"m{n}")
    )
    if deliveries:  # already warned about identical content in an earlier example
        warning = deliveries[0].message
        assert isinstance(warning, PrivateWarning)
        assert "PERSON" in warning.entity_types
        assert name not in warning.suggested_rewrite
    with read_session(hy.engine) as session:
        rows = session.execute(text("SELECT * FROM hygiene_events")).all()
    assert rows
    stored = " ".join(str(v) for row in rows for v in row)
    for part in name.split():
        assert part not in stored
