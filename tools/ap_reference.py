#!/usr/bin/env python3
"""Average precision by scikit-learn, for the lab's AP tests.

    python3 tools/ap_reference.py      writes tests/data/ap_reference.csv

Needs scikit-learn and numpy (`pip install scikit-learn`). Each line is one
case: the labels (0/1, space-separated), the scores (space-separated, written
with `repr`, which round-trips), and `average_precision_score(labels,
scores)` written with `repr`. The scores are rounded to one or two decimals
in most cases, so that ties are common: ties are what needs checking.
"""
import random
import warnings
from pathlib import Path

from sklearn.metrics import average_precision_score

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "ap_reference.csv"


def cases():
    rng = random.Random(20240)
    for n, decimals, share in [
        (4, 1, 0.5), (5, 1, 0.4), (8, 1, 0.3), (10, 1, 0.5), (12, 2, 0.25),
        (20, 1, 0.3), (30, 2, 0.1), (50, 1, 0.2), (100, 2, 0.05),
        (200, 1, 0.1), (300, None, 0.1), (500, 2, 0.01), (1000, 3, 0.02),
        (64, 0, 0.5), (40, None, 0.5),
    ]:
        for _ in range(3):
            labels = [1 if rng.random() < share else 0 for _ in range(n)]
            if not any(labels):
                labels[rng.randrange(n)] = 1
            scores = []
            for y in labels:
                s = rng.gauss(0.8 if y else 0.0, 1.0)
                scores.append(round(s, decimals) if decimals is not None else s)
            yield labels, scores


def main():
    warnings.simplefilter("error")
    lines = ["# labels;scores;average_precision_score (scikit-learn)"]
    for labels, scores in cases():
        ap = average_precision_score(labels, scores)
        lines.append(
            " ".join(map(str, labels))
            + ";"
            + " ".join(repr(float(s)) for s in scores)
            + ";"
            + repr(float(ap))
        )
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 1} cases to {OUT}")


if __name__ == "__main__":
    main()
