"""PERSON recognizer cost per message, beside a regex recognizer measured in the same run.

    .venv/bin/python benchmarks/eval_person_speed.py [--messages 5000]

Generated ~80-character care-chat messages (invented names; a third carry a name, some
names unseen so the per-word cache misses). Prints CPU microseconds per message (process
time, so other load on the machine inflates it less than wall time) for the person
recognizer and, as the anchor, Presidio's e-mail pattern recognizer on the same messages.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

FIRST = ("Margaret", "Derek", "Zofia", "Kwame", "Aoife", "Imran", "Delroy", "Mei")
LAST = ("Thompson", "Nowakowska", "Boateng", "Haworth", "Qureshi", "Pemberton", "O'Leary")
TEMPLATES = (
    "Just left {f} {l}, she was in good spirits today and ate all her lunch",
    "Running late for the 3pm call, traffic on the ring road again, sorry all",
    "Can someone cover Mrs {l} tomorrow at 10? I have training all day",
    "Thanks Sarah! Will do the evening visits on the north run after tea",
    "Picked up meds from Boots, CP-10423 updated, key safe code in the app",
    "{f}{n} asked for a call back about the rota before Friday please x",
)


def messages(n: int, seed: int = 7) -> list[str]:
    """``n`` messages; a number suffix makes some names unseen (cache misses)."""
    rng = random.Random(seed)
    return [
        rng.choice(TEMPLATES).format(
            f=rng.choice(FIRST), l=rng.choice(LAST), n=str(i % 97) if i % 4 == 0 else ""
        )
        for i in range(n)
    ]


def cpu_us(run: Callable[[str], object], texts: list[str]) -> float:
    """Mean CPU microseconds per text after one warm-up pass."""
    for t in texts[:200]:
        run(t)
    start = time.process_time()
    for t in texts:
        run(t)
    return 1e6 * (time.process_time() - start) / len(texts)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    args = parser.parse_args()
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    from nlp.recognizers.person import PersonRecognizer

    started = time.perf_counter()
    person = PersonRecognizer()
    load_s = time.perf_counter() - started
    email = EmailRecognizer()
    texts = messages(args.messages)
    mean_len = sum(map(len, texts)) / len(texts)
    ours = cpu_us(lambda t: person.analyze(t, ["PERSON"]), texts)
    anchor = cpu_us(lambda t: email.analyze(t, ["EMAIL_ADDRESS"]), texts)
    print(f"{len(texts)} messages, mean {mean_len:.0f} chars; CPU time per message")
    print(f"  PersonRecognizer          {ours:8.1f} us   (load {load_s:.2f} s)")
    print(f"  anchor: EmailRecognizer   {anchor:8.1f} us   ratio {ours / anchor:.1f}")
    print("  budget for PERSON within the detector: <= 150 us")


if __name__ == "__main__":
    main()
