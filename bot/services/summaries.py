"""Texts built from a whole breach for one person: the ICO pack and the SIRO's summary.

Both go to a 1:1 chat, never a channel. The summary's free text is masked by the
detector all the same: the SIRO needs the findings, not the clients' names.
"""

from __future__ import annotations

from bot.domain.assessment import DATA_TYPE_LABELS
from bot.domain.breach import Breach
from bot.domain.ico_pack import build_ico_pack, render_markdown
from bot.services.alerts import display_time
from bot.services.deps import BotDeps
from bot.services.uow import Tx


def ico_pack_text(tx: Tx, deps: BotDeps, breach: Breach) -> str:
    """The text for the ICO's breach report form: the four required contents and the timeline."""
    pack = build_ico_pack(
        breach,
        tx.breaches.history(breach.label),
        organisation=deps.organisation.name,
        now=deps.now(),
    )
    return render_markdown(pack)


def report_summary(deps: BotDeps, breach: Breach) -> tuple[tuple[str, str], ...]:
    """The post-breach report in a few labelled lines (for the SIRO's approval card)."""
    lines: list[tuple[str, str]] = []
    a = breach.assessment
    if a is not None:
        kinds = ", ".join(DATA_TYPE_LABELS[t] for t in sorted(a.data_types))
        risk = "high risk" if a.high_risk else "not high risk"
        lines.append(("Assessment", f"{kinds}; {a.individuals.describe()} people; {risk}"))
        lines.append(("Likely impact", deps.scanner.mask(a.likely_impact)))
    decision = breach.ico_decision
    if decision is not None:
        ico = f"notified {display_time(decision.at)}" if decision.notified else "not reportable"
        if decision.ico_reference:
            ico += f" (case {decision.ico_reference})"
        lines.append(("ICO", ico))
    if breach.individuals is not None:
        told = "informed" if breach.individuals.informed else "not informed"
        lines.append(("Individuals", told))
    done = sum(1 for x in breach.actions if not x.is_open)
    lines.append(("Actions", f"{done} of {len(breach.actions)} done"))
    found = breach.investigation
    if found is not None:
        lines.append(("Root cause", deps.scanner.mask(found.root_cause)))
        lines.append(("Lessons learned", deps.scanner.mask(found.lessons_learned)))
        lines.append(("Recommended changes", deps.scanner.mask(found.recommended_changes)))
    return tuple(lines)
