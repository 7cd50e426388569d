"""Whatever a reporter types or a card sends, the conversation answers and never crashes."""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.conversation import NameCheck, Turn, dispatch, state_from_dict, state_to_dict
from tests.unit.conversation.conftest import GMT_NOW, HAPPY_ANSWERS, KEY, context

WORDS = st.sampled_from(
    [*HAPPY_ANSWERS, "back", "skip", "help", "cancel", "keep", "yes", "no", "1", "9", "other",
     "/breach", "", " ", "🙂", "9.15", "in 5 minutes", "x" * 200, "Birdie,,,,", "0", "-1",
     "yesterday", "children", "none", "\u200e", "resume", "half 5", "about 8", "morning",
     "initials", "done", "cancle", "skp", "/braech", "Yes, send it", "word " * 700]
)  # fmt: skip
NAMES = st.sampled_from([None, NameCheck(False), NameCheck(True), NameCheck(True, "Z.Q.")])
TURNS = st.one_of(
    WORDS.map(lambda t: Turn(text=t)),
    st.tuples(WORDS, NAMES).map(lambda p: Turn(text=p[0], names=p[1])),
    st.text(max_size=40).map(lambda t: Turn(text=t)),
    WORDS.map(lambda v: Turn(value=v)),
    st.lists(WORDS, max_size=4).map(lambda vs: Turn(values=tuple(vs))),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TURNS, min_size=1, max_size=25))
def test_any_sequence_of_turns_is_answered_and_stored(turns: list[Turn]) -> None:
    stored = None
    now = GMT_NOW
    result = dispatch(stored, KEY, Turn(text="/breach"), context(), now)
    assert result is not None
    stored = state_to_dict(result.state)
    for turn in turns:
        now += timedelta(minutes=1)
        result = dispatch(stored, KEY, turn, context(), now)
        if result is None:  # finished, and not a new /breach: someone else's message
            assert state_from_dict(stored).finished
            continue
        assert result.replies or result.outcome is not None
        assert all(reply.text.strip() for reply in result.replies)
        stored = json.loads(json.dumps(state_to_dict(result.state)))
        assert state_from_dict(stored) == result.state
