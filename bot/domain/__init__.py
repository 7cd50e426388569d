"""Breach domain: pure Python, no I/O. Time comes from an injected clock.

Modules:
    breach: the ``Breach`` record, ``Transition`` and re-exported value types.
    lifecycle: create, report/abandon, complete an incomplete report, acknowledge;
        re-exports handing over and actions from ``handling``.
    report_fields: what a report says (``ReportDetails``) and which parts are missing.
    review: high risk, SIRO, ICO decision, individuals, assessment, investigation,
        close, reopen.
    clock / clocks: the injected ``Clock`` and the deadlines computed from it.
    reference: ``BR-YYYY-NNNN`` references.
    events: ``BreachEvent`` change records; timeline: events in plain English.
    deadlines: timers a breach needs and clock readings for cards.
    organisation / routing: people, services, fallback order; who gets a breach.
    assessment / ico_pack: the DPO's assessment and the ICO notification pack.
"""
