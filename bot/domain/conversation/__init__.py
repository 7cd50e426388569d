"""The ``/breach`` report conversation, shared by the Teams, WhatsApp and console front-ends.

Pure: state, turn and ``now`` in; new state, replies and an outcome out. A front-end calls
``dispatch`` for every message, stores ``state_to_dict(result.state)`` after every call,
sends ``result.replies``, and on ``Submitted`` registers the report and sends
``submitted_reply``. Before dispatch, when ``wants_name_check(stored)`` is true, it runs
the name detector on the text and passes the verdict as ``Turn.names``. A scheduler
calls ``is_abandoned`` to alert the DPO with ``abandoned_summary`` when a reporter goes
silent.
"""

from bot.domain.conversation.flow import (
    dispatch,
    handle,
    is_entry,
    resume,
    start,
    wants_name_check,
)
from bot.domain.conversation.lifecycle import (
    DEFAULT_TIMEOUT,
    PartialReport,
    abandoned_notice,
    abandoned_summary,
    is_abandoned,
    mark_abandoned,
    submitted_reply,
)
from bot.domain.conversation.model import (
    LONDON,
    SERVICES,
    Answers,
    Cancelled,
    ConversationKey,
    ConversationState,
    NameCheck,
    Outcome,
    Reporter,
    ReporterContext,
    RewriteOffer,
    ServiceName,
    Step,
    Submitted,
    SubmittedReport,
    Turn,
)
from bot.domain.conversation.parsing import CONTAINMENT, SYSTEMS, containment_label
from bot.domain.conversation.questions import NOT_GIVEN, systems_words
from bot.domain.conversation.replies import Choice, Reply
from bot.domain.conversation.result import Result
from bot.domain.conversation.serialise import (
    STATE_VERSION,
    ConversationStateError,
    StateFormatError,
    StateVersionError,
    state_from_dict,
    state_to_dict,
)
from bot.domain.conversation.status import ReportRecord, status_reply
from bot.domain.conversation.window import REPORT_WINDOW, minutes_late, minutes_left

__all__ = [
    "CONTAINMENT",
    "DEFAULT_TIMEOUT",
    "LONDON",
    "NOT_GIVEN",
    "REPORT_WINDOW",
    "SERVICES",
    "STATE_VERSION",
    "SYSTEMS",
    "Answers",
    "Cancelled",
    "Choice",
    "ConversationKey",
    "ConversationState",
    "ConversationStateError",
    "NameCheck",
    "Outcome",
    "PartialReport",
    "Reply",
    "ReportRecord",
    "Reporter",
    "ReporterContext",
    "Result",
    "RewriteOffer",
    "ServiceName",
    "StateFormatError",
    "StateVersionError",
    "Step",
    "Submitted",
    "SubmittedReport",
    "Turn",
    "abandoned_notice",
    "abandoned_summary",
    "containment_label",
    "dispatch",
    "handle",
    "is_abandoned",
    "is_entry",
    "mark_abandoned",
    "minutes_late",
    "minutes_left",
    "resume",
    "start",
    "state_from_dict",
    "state_to_dict",
    "status_reply",
    "submitted_reply",
    "systems_words",
    "wants_name_check",
]
