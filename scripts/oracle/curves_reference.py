"""Reference ROC, precision-recall and calibration curves for packages/stats, from scikit-learn.

Run with Debian's Python (python3-sklearn 1.2, python3-numpy):

    /usr/bin/python3 scripts/oracle/curves_reference.py

Writes packages/stats/test/fixtures/curves-reference.json. Every case holds its inputs (scores
rounded to a few decimals, so that ties occur and the TypeScript tests read exactly the same
numbers) and scikit-learn's curves:

- roc: sklearn.metrics.roc_curve(drop_intermediate=False), one point per distinct score plus the
  (0, 0) start. scikit-learn 1.2 writes max(score) + 1 as the first threshold; mlgate writes
  +Infinity there, so the first threshold is left out of the reference. null when a class is
  empty (scikit-learn warns and returns NaN rates).
- pr: sklearn.metrics.precision_recall_curve, reversed into ascending recall: the (recall 0,
  precision 1) start, then one point per distinct score down to the first that reaches recall 1.
  null without positives.
- calibration: sklearn.calibration.calibration_curve(n_bins=10, strategy="uniform"): the observed
  rate and mean score of each non-empty bin. Its edges are linspace(0, 1 + 1e-8, 11) searched from
  the left, which makes the bins right-closed, [0, 0.1], (0.1, 0.2], ..., like mlgate's. The
  counts per bin come from numpy.searchsorted on the same edges, and are checked to sum to n.
"""

import json
import os
import warnings

import numpy as np
from sklearn import metrics
from sklearn.calibration import calibration_curve
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages", "stats", "test", "fixtures", "curves-reference.json")


def curves(name, y, s):
    y = np.asarray(y, dtype=int)
    s = np.asarray(s, dtype=np.float64)
    case = {"name": name, "y": y.tolist(), "score": s.tolist()}
    positives = int(y.sum())
    negatives = len(y) - positives
    if positives > 0 and negatives > 0:
        fpr, tpr, thresholds = metrics.roc_curve(y, s, drop_intermediate=False)
        case["roc"] = {
            "fpr": fpr.tolist(),
            "tpr": tpr.tolist(),
            "thresholds": thresholds[1:].tolist(),
            "auc": float(metrics.roc_auc_score(y, s)),
        }
    else:
        case["roc"] = None
    if positives > 0:
        precision, recall, thresholds = metrics.precision_recall_curve(y, s)
        case["pr"] = {
            "recall": recall[::-1].tolist(),
            "precision": precision[::-1].tolist(),
            "thresholds": thresholds[::-1].tolist(),
        }
    else:
        case["pr"] = None
    if s.min() >= 0 and s.max() <= 1:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            observed, mean_score = calibration_curve(y, s, n_bins=10, strategy="uniform")
        edges = np.arange(11) / 10  # k/10 correctly rounded, as mlgate's edges
        bins = np.clip(np.searchsorted(edges[1:-1], s, side="left"), 0, 9)
        counts = np.bincount(bins, minlength=10)
        assert counts.sum() == len(s) and (counts > 0).sum() == len(observed)
        case["calibration"] = {
            "counts": counts.tolist(),
            "observedRate": observed.tolist(),
            "meanScore": mean_score.tolist(),
        }
    else:
        case["calibration"] = None
    return case


def main():
    rng = np.random.default_rng(20240611)
    cases = []
    # Hand-sized: ties across classes, a tie group at the top, exact edges 0.1 and 0.3.
    cases.append(curves("hand: ties", [1, 0, 1, 1, 0, 0, 1, 0], [0.9, 0.9, 0.7, 0.3, 0.3, 0.1, 0.1, 0.05]))
    cases.append(curves("all scores equal", [1, 0, 0, 1, 0], [0.4] * 5))
    cases.append(curves("perfect separation", [0, 0, 0, 1, 1], [0.1, 0.2, 0.3, 0.8, 0.95]))
    cases.append(curves("one class only (all negative)", [0] * 6, [0.1, 0.5, 0.2, 0.9, 0.3, 0.3]))
    cases.append(curves("one class only (all positive)", [1] * 5, [0.1, 0.5, 0.2, 0.9, 0.3]))
    cases.append(curves("scores outside [0, 1]", [1, 0, 1, 0, 0, 1], [2.5, -1.0, 0.3, 0.3, -3.0, 1.7]))

    n = 400
    y = (rng.random(n) < 0.3).astype(int)
    s = np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1)
    cases.append(curves("random, 2 decimals (many ties)", y, np.round(s, 2)))
    cases.append(curves("random, 1 decimal (heavy ties)", y, np.round(s, 1)))

    bc = load_breast_cancer()
    x_train, x_test, y_train, y_test = train_test_split(
        bc.data, bc.target, test_size=0.3, random_state=0, stratify=bc.target
    )
    scaler = StandardScaler().fit(x_train)
    model = LogisticRegression(max_iter=1000).fit(scaler.transform(x_train), y_train)
    p = model.predict_proba(scaler.transform(x_test))[:, 1]
    cases.append(curves("breast cancer logistic regression (4 decimals)", y_test, np.round(p, 4)))

    # Large enough that both curves are cut to 200 points: 1,500 rows with distinct scores, and
    # about 300 positives, so that the curves turn more than 200 times.
    n = 1500
    y = (rng.random(n) < 0.2).astype(int)
    logit = -2.0 + 1.6 * y + rng.normal(0, 1.1, n)
    cases.append(curves("downsampled: 1,500 rows (6 decimals)", y, np.round(1 / (1 + np.exp(-logit)), 6)))

    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/oracle/curves_reference.py", "cases": cases}, f, separators=(",", ":"))
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
