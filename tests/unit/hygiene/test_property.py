"""Whatever surrounds a client's name, the stored warning never holds the name."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services.messages import PrivateWarning
from tests.unit.hygiene.conftest import Hygiene
from tests.unit.hygiene.fakes import message
from tests.unit.hygiene.test_no_message_text import stored_values

NAMES = ("Zelda Quincefield", "Edwin Marrowby", "Ottilie Fenwright")
filler = st.text(alphabet=st.sampled_from("abcdefghij ,.!?'\n0123456789"), max_size=60)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(before=filler, name=st.sampled_from(NAMES), after=filler, n=st.integers(0, 10**9))
async def test_stored_warnings_never_hold_the_name(
    hy: Hygiene, before: str, name: str, after: str, n: int
) -> None:
    sent = await hy.post(message(f"{before} {name}{after}", message_id=f"m{n}"))
    if sent:  # else: already warned about identical content in an earlier example
        [warning] = [s.message for s in sent]
        assert isinstance(warning, PrivateWarning)
        assert "PERSON" in warning.entity_types
        assert name not in warning.suggested_rewrite
    assert hy.events()
    stored = " ".join(stored_values(hy, outbox=True))
    for part in name.split():
        assert part not in stored
