"""The learnt reading of a first name's sentence: the probability the name is a client's.

`nlp.recognizers.person_context` gathers the evidence about each candidate name (pronouns,
care words, what is done to or by the name, work words, greetings) and the words around it.
A logistic regression over those features, fitted on the development care-chat sets
(``python -m nlp.training.train_context``), turns them into a probability; a name is a
client's when it reaches the model's threshold. The weights ship in
``nlp/models/person_context.json.gz`` and are applied in plain Python: a sum of the weights of
the features present, so a reading costs one dictionary look-up per feature.

The model was chosen over the hand-set weights it replaces on grouped cross-validation over
the development sets (each fold leaves whole sets out); see docs/person-detection.md.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from nlp.errors import DetectorError

MODEL_FILE = "person_context.json.gz"
# The same kind of model over a full name's reading: is the person a client or not (a
# colleague, a professional, a place).
FULL_NAME_MODEL_FILE = "person_full_name.json.gz"


def shipped_model_path(name: str = MODEL_FILE) -> Path:
    """Where the shipped weights are."""
    return Path(str(resources.files("nlp.models").joinpath(name)))


class ContextModel:
    """Feature weights, a bias and the probability a client's name must reach."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        if not 0.0 < threshold < 1.0:
            raise DetectorError(f"context model threshold out of range: {threshold}")
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        # The same decision as a sum: p > t exactly when the logit exceeds log(t / (1 - t)).
        self._logit = math.log(threshold / (1.0 - threshold))

    @classmethod
    def load(cls, path: Path | None = None) -> ContextModel:
        """Read a weights file (gzip JSON ``{"weights", "bias", "threshold"}``).

        Raises:
            DetectorError: The file is missing or not such a file.
        """
        path = path or shipped_model_path()
        if not path.is_file():
            raise DetectorError(f"context model file not found: {path.name}")
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            return cls(weights, float(data["bias"]), float(data["threshold"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DetectorError(f"context model file unreadable: {path.name}") from exc

    def logit(self, features: Iterable[str]) -> float:
        weights = self.weights
        return self.bias + sum(weights.get(f, 0.0) for f in features)

    def probability(self, features: Iterable[str]) -> float:
        """The probability that the name with these features is a client's."""
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def is_client(self, features: Iterable[str]) -> bool:
        return self.logit(features) > self._logit
