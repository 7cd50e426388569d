"""``careguard register ack|assess|action|ico|inform|investigate|approve|close|reopen``.

The DPO's half of the procedure at the desk: the same steps as the Teams cards and
dialogs (``bot.services.workflow``/``closing``), with the same rules and audit trail.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime

from bot.cli.desk import desk, report
from bot.cli.people import Step
from bot.cli.util import CommandError, SubParsers, add_config_option
from bot.domain.assessment import DataType
from bot.domain.errors import DomainError
from bot.domain.organisation import DECISION_ROLES, Person, Role
from bot.domain.values import ActionKind, ActionOwner
from bot.services import closing, workflow
from bot.services.actions import CardActions
from bot.services.deps import BotDeps
from bot.services.guard import Done
from bot.services.uk_time import local_time
from bot.services.uow import Tx
from bot.settings import Settings

DATA_TYPE_WORDS = {
    "personal": DataType.PERSONAL,
    "special-category": DataType.SPECIAL_CATEGORY,
    "special_category": DataType.SPECIAL_CATEGORY,
    "criminal": DataType.CRIMINAL_RECORDS,
    "criminal-records": DataType.CRIMINAL_RECORDS,
    "children": DataType.CHILDREN,
}
STEPS = {
    "ack": Step("register ack", "acknowledge a breach"),
    "assess": Step("register assess", "assess a breach"),
    "action": Step(
        "register action", "record an action", frozenset({*DECISION_ROLES, Role.IT_SUPPORT})
    ),
    "ico": Step("register ico", "record the ICO decision"),
    "inform": Step("register inform", "record whether individuals were informed"),
    "investigate": Step("register investigate", "record the investigation"),
    "approve": Step("register approve", "approve a post-breach report", frozenset({Role.SIRO})),
    "close": Step("register close", "close a breach"),
    "reopen": Step("register reopen", "reopen a breach", frozenset({Role.DPO, Role.SIRO})),
}


def add_register_commands(sub: SubParsers) -> None:
    """Add the workflow's ``register`` subcommands."""
    p = _step(sub, "ack", "acknowledge a reported breach")
    p = _step(sub, "assess", "record the DPO's assessment (policy 2b)")
    p.add_argument(
        "--data-types", required=True, help="personal,special-category,criminal,children"
    )
    p.add_argument("--affected", required=True, type=int, metavar="N", help="individuals affected")
    p.add_argument("--estimate", action="store_true", help="N is an estimate")
    p.add_argument("--impact", required=True, metavar="TEXT", help="likely impact on them")
    p.add_argument("--high-risk", required=True, choices=("yes", "no"))
    p.add_argument("--rationale", required=True, metavar="TEXT")
    p = _step(
        sub,
        "action",
        "add a containment or remediation action, or mark one done",
        by_help="who takes the step (with --add, default: the breach's owner)",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--add", metavar="TEXT", help="the action (prints its number)")
    what.add_argument("--done", type=int, metavar="N", help="mark action N done")
    p.add_argument("--owner", choices=("it", "dpo", "manager"), default="dpo")
    p.add_argument("--kind", choices=("containment", "remediation"), default="containment")
    p.add_argument("--note", metavar="TEXT", help="with --done: what was done")
    p = _step(sub, "ico", "record the ICO decision (notified, or not reportable)")
    told = p.add_mutually_exclusive_group(required=True)
    told.add_argument("--notified", action="store_true")
    told.add_argument("--not-reportable", action="store_true")
    p.add_argument("--at", metavar="DATETIME", help='"2026-11-23 14:05" (UK time; default now)')
    p.add_argument("--ico-ref", metavar="TEXT", help="the ICO's case reference")
    p.add_argument("--reason", metavar="TEXT", help="why it is not reportable")
    p = _step(sub, "inform", "record whether the individuals were informed (policy 5c)")
    told = p.add_mutually_exclusive_group(required=True)
    told.add_argument("--informed", action="store_true")
    told.add_argument("--not-informed", action="store_true")
    p.add_argument("--at", metavar="DATETIME", help='"2026-11-23 14:05" (UK time; default now)')
    p.add_argument("--how", metavar="TEXT")
    p.add_argument("--reason", metavar="TEXT")
    p = _step(sub, "investigate", "record root cause, lessons and recommended changes")
    p.add_argument("--root-cause", required=True, metavar="TEXT")
    p.add_argument("--lessons", required=True, metavar="TEXT")
    p.add_argument("--recommendations", required=True, metavar="TEXT")
    _step(sub, "approve", "the SIRO approves the post-breach report")
    p = _step(sub, "close", "close the breach with a summary (policy 7b)")
    p.add_argument("--summary", required=True, metavar="TEXT")
    p = _step(sub, "reopen", "reopen a closed breach")
    p.add_argument("--reason", required=True, metavar="TEXT")


def _step(
    sub: SubParsers, name: str, help_text: str, *, by_help: str | None = None
) -> argparse.ArgumentParser:
    """A step's parser; ``by_help`` makes ``--by`` optional (the step checks when it is needed)."""
    p = sub.add_parser(name, help=help_text)
    p.add_argument("reference", metavar="REF")
    if by_help is None:
        p.add_argument("--by", required=True, metavar="UPN", help="who takes the step")
    else:
        p.add_argument("--by", metavar="UPN", help=by_help)
    add_config_option(p)
    p.set_defaults(func=_run(name))
    return p


def _run(name: str) -> Callable[[argparse.Namespace, Settings], int]:
    def run(args: argparse.Namespace, settings: Settings) -> int:
        step = _STEP_OF[name](args)
        with desk(settings, args.by, STEPS[name], args.reference) as d:
            return report(d.run(lambda tx, deps, person: step(tx, deps, args.reference, person)))

    return run


StepFn = Callable[..., Done]


def _assess(args: argparse.Namespace) -> StepFn:
    words = [w.strip().casefold() for w in args.data_types.split(",") if w.strip()]
    unknown = [w for w in words if w not in DATA_TYPE_WORDS]
    if unknown or not words:
        raise CommandError("--data-types: use personal, special-category, criminal, children")
    if args.affected < 0:
        raise CommandError("--affected cannot be negative")
    form = workflow.AssessInput(
        data_types=frozenset(DATA_TYPE_WORDS[w] for w in words),
        affected=args.affected,
        estimate=args.estimate,
        impact=args.impact,
        high_risk=args.high_risk == "yes",
        rationale=args.rationale,
    )
    return lambda tx, deps, ref, person: workflow.assess(tx, deps, ref, person, form)


def _action(args: argparse.Namespace) -> StepFn:
    if args.done is not None:
        if args.by is None:
            raise CommandError("--done needs --by UPN: who did the action")
        return lambda tx, deps, ref, p: workflow.action_done(tx, deps, ref, p, args.done, args.note)
    owner, kind = ActionOwner(args.owner), ActionKind(args.kind)
    return lambda tx, deps, ref, p: workflow.add_action(tx, deps, ref, p, args.add, owner, kind)


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return local_time(text)
    except DomainError as exc:
        raise CommandError(f"--at: {exc}") from None


def _ico(args: argparse.Namespace) -> StepFn:
    if args.not_reportable and not args.reason:
        raise CommandError("--not-reportable needs --reason (the ICO expects every breach logged)")
    form = workflow.IcoInput(args.notified, _when(args.at), args.ico_ref, args.reason)
    return lambda tx, deps, ref, p: workflow.ico_decision(tx, deps, ref, p, form)


def _inform(args: argparse.Namespace) -> StepFn:
    if args.informed and not args.how:
        raise CommandError("--informed needs --how (how they were told)")
    if args.not_informed and not args.reason:
        raise CommandError("--not-informed needs --reason (why they were not told)")
    form = workflow.InformInput(args.informed, _when(args.at), args.how, args.reason)
    return lambda tx, deps, ref, p: workflow.inform(tx, deps, ref, p, form)


def _investigate(args: argparse.Namespace) -> StepFn:
    form = closing.InvestigationInput(args.root_cause, args.lessons, args.recommendations)
    return lambda tx, deps, ref, p: closing.investigate(tx, deps, ref, p, form)


def _ack(args: argparse.Namespace) -> StepFn:
    def step(tx: Tx, deps: BotDeps, ref: str, person: Person) -> Done:
        decided = CardActions(deps).acknowledge(tx, ref, person)
        return Done(decided.toast, ref, ok=decided.ok)

    return step


_STEP_OF: dict[str, Callable[[argparse.Namespace], StepFn]] = {
    "ack": _ack,
    "assess": _assess,
    "action": _action,
    "ico": _ico,
    "inform": _inform,
    "investigate": _investigate,
    "approve": lambda a: lambda tx, d, r, p: closing.decide(tx, d, r, p, approved=True),
    "close": lambda a: lambda tx, d, r, p: closing.close(tx, d, r, p, a.summary),
    "reopen": lambda a: lambda tx, d, r, p: closing.reopen(tx, d, r, p, a.reason),
}
