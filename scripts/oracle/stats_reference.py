"""Reference values for packages/stats, from scikit-learn, scipy and numpy.

Run with Debian's Python (python3-sklearn 1.2, python3-scipy 1.10, python3-numpy, python3-mpmath):

    /usr/bin/python3 scripts/oracle/stats_reference.py

Writes packages/stats/test/fixtures/reference.json: every case holds its inputs (rounded to a
few decimals, then used as rounded, so the TypeScript tests see exactly the same numbers) and
the outputs of the libraries. A metric the libraries call undefined (an exception or an
UndefinedMetricWarning), or whose formula has a zero denominator, is written as null.

Where mlgate's definitions (design/statistics.md) differ from scikit-learn 1.2, the library is
called so that it computes mlgate's definition, and the call says why:
- log_loss gets eps=1e-15 (scikit-learn 1.2 defaults to the float64 machine epsilon).
- ECE has no scikit-learn function; it is computed here with numpy.searchsorted on the edges
  k/10, which gives mlgate's right-closed bins [0, 0.1], (0.1, 0.2], ..., (0.9, 1].
- matthews_corrcoef and balanced_accuracy_score return 0 and a one-class recall where a
  marginal is empty; the reference writes null there (mlgate reports them as undefined).
- DeLong's test has no scipy function: it is implemented below from the published formulas
  (Sun and Xu 2014 midranks) and checked against the O(m*n) definition and a hand case.
- Bootstrap cases reimplement the seeded generator (xoshiro128** seeded by SplitMix64) and the
  row resampler in Python, draw the same resamples, and evaluate scikit-learn on the expanded
  rows, so the intervals are checked end to end.
"""

import json
import math
import os
import warnings

import mpmath
import numpy as np
from scipy import stats
from sklearn import metrics
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages", "stats", "test", "fixtures", "reference.json")

MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF


# --- generator and resampler (an independent implementation of mlgate's documented algorithm) ---


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


# Published test vector of SplitMix64 with state 0 (first output).
assert splitmix64(0)[1] == 0xE220A8397B1DCDAF


class Xoshiro128StarStar:
    def __init__(self, seed):
        state, a = splitmix64(seed)
        state, b = splitmix64(state)
        self.s = [a & MASK32, a >> 32, b & MASK32, b >> 32]

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (32 - k))) & MASK32

    def next(self):
        s = self.s
        result = (self.rotl((s[1] * 5) & MASK32, 7) * 9) & MASK32
        t = (s[1] << 9) & MASK32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self.rotl(s[3], 11)
        return result


def check_xoshiro_reference():
    # Outputs of the reference C code (prng.di.unimi.it/xoshiro128starstar.c) from state {1, 2, 3, 4}.
    g = Xoshiro128StarStar(0)
    g.s = [1, 2, 3, 4]
    got = [g.next() for _ in range(6)]
    assert got == XOSHIRO_STATE_1234, got
    # The same C code with its state filled from two SplitMix64 outputs of state 42.
    g = Xoshiro128StarStar(42)
    got = [g.next() for _ in range(8)]
    assert got == XOSHIRO_SEED_42, got


XOSHIRO_STATE_1234 = [11520, 0, 5927040, 70819200, 2031721883, 1637235492]
XOSHIRO_SEED_42 = [
    1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222, 2940343271, 2244566231,
]


def resample_counts(n, seed, resamples):
    """Counts per index for each resample, as mlgate's createResampler draws them."""
    g = Xoshiro128StarStar(seed)
    bucket = (1 << 32) // n
    limit = bucket * n
    out = []
    for _ in range(resamples):
        counts = np.zeros(n, dtype=np.int64)
        for _ in range(n):
            while True:
                u = g.next()
                if u < limit:
                    break
            counts[u // bucket] += 1
        out.append(counts)
    return out


# --- metric references ---


def guarded(fn):
    """fn() or None when the library raises or warns that the value is undefined."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", UndefinedMetricWarning)
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("error", RuntimeWarning)
        try:
            value = float(fn())
        except (ValueError, UndefinedMetricWarning, UserWarning, RuntimeWarning, ZeroDivisionError):
            return None
    return None if math.isnan(value) else value


def ece_reference(y, p):
    edges = np.arange(11) / 10  # k/10 correctly rounded
    b = np.searchsorted(edges[1:10], p, side="left")  # right-closed bins, 0 in the first
    total = 0.0
    for k in range(10):
        m = b == k
        if m.any():
            total += m.sum() / len(p) * abs(y[m].mean() - p[m].mean())
    return total


def binary_reference(y, s, threshold):
    y = np.asarray(y, dtype=np.int64)
    s = np.asarray(s, dtype=np.float64)
    pred = (s >= threshold).astype(np.int64)
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    tn = int(((pred == 0) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    probabilities = bool(((s >= 0) & (s <= 1)).all())
    both = tp + fn > 0 and tn + fp > 0
    out = {
        "accuracy": guarded(lambda: metrics.accuracy_score(y, pred)),
        "precision": guarded(lambda: metrics.precision_score(y, pred, zero_division="warn")),
        "recall": guarded(lambda: metrics.recall_score(y, pred, zero_division="warn")),
        "specificity": guarded(lambda: metrics.recall_score(y, pred, pos_label=0, zero_division="warn")),
        "f1": guarded(lambda: metrics.f1_score(y, pred, zero_division="warn")),
        # scikit-learn averages the recall of the classes present; mlgate needs both.
        "balanced_accuracy": guarded(lambda: metrics.balanced_accuracy_score(y, pred)) if both else None,
        # scikit-learn returns 0 when a marginal of the confusion matrix is empty.
        "mcc": guarded(lambda: metrics.matthews_corrcoef(y, pred))
        if both and 0 < tp + fp < len(y)
        else None,
        "roc_auc": guarded(lambda: metrics.roc_auc_score(y, s)),
        "average_precision": guarded(lambda: metrics.average_precision_score(y, s))
        if tp + fn > 0
        else None,
        "log_loss": guarded(lambda: metrics.log_loss(y, s, eps=1e-15, labels=[0, 1]))
        if probabilities
        else None,
        "brier": guarded(lambda: metrics.brier_score_loss(y, s, pos_label=1)) if probabilities else None,
        "ece": ece_reference(y, s) if probabilities else None,
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "n": len(y),
        "positives": int(y.sum()),
    }
    cm = metrics.confusion_matrix(y, pred, labels=[0, 1])
    assert [[tn, fp], [fn, tp]] == cm.tolist()
    return out


def multiclass_reference(y, proba, k):
    y = np.asarray(y)
    proba = np.asarray(proba, dtype=np.float64).reshape(-1, k)
    pred = proba.argmax(axis=1)
    labels = list(range(k))
    out = {"accuracy": float(metrics.accuracy_score(y, pred))}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p, r, f, support = metrics.precision_recall_fscore_support(
            y, pred, labels=labels, average=None, zero_division="warn"
        )
    del caught
    predicted = np.bincount(pred, minlength=k)
    for c in labels:
        out[f"precision[{c}]"] = float(p[c]) if predicted[c] > 0 else None
        out[f"recall[{c}]"] = float(r[c]) if support[c] > 0 else None
        out[f"f1[{c}]"] = float(f[c]) if support[c] > 0 or predicted[c] > 0 else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Without `labels`, scikit-learn averages over the classes seen in y or in the predictions.
        for avg in ("macro", "weighted"):
            ap, ar, af, _ = metrics.precision_recall_fscore_support(
                y, pred, average=avg, zero_division=0
            )
            out[f"{avg}_precision"] = float(ap)
            out[f"{avg}_recall"] = float(ar)
            out[f"{avg}_f1"] = float(af)
    out["log_loss"] = guarded(lambda: metrics.log_loss(y, proba, eps=1e-15, labels=labels))
    if len(np.unique(y)) == k:
        # Macro one-vs-rest: the mean of the k binary AUCs. scikit-learn's multi_class="ovr"
        # computes exactly this but refuses rows that do not sum to 1, so it is called only
        # where the rows do, as a check of the per-class mean.
        ovr = float(np.mean([metrics.roc_auc_score(y == c, proba[:, c]) for c in labels]))
        if np.allclose(proba.sum(axis=1), 1):
            direct = metrics.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=labels)
            assert abs(direct - ovr) < 1e-12
        out["roc_auc_ovr"] = ovr
    else:
        out["roc_auc_ovr"] = None
    return out


def regression_reference(y, pred):
    y = np.asarray(y, dtype=np.float64)
    pred = np.asarray(pred, dtype=np.float64)
    return {
        "mae": float(metrics.mean_absolute_error(y, pred)),
        "rmse": float(metrics.mean_squared_error(y, pred, squared=False)),
        # scikit-learn returns 1.0 or 0.0 for constant y; mlgate reports undefined.
        "r2": float(metrics.r2_score(y, pred)) if len(np.unique(y)) > 1 else None,
        # scikit-learn divides by 2.2e-16 where y == 0; mlgate reports undefined.
        "mape": float(metrics.mean_absolute_percentage_error(y, pred)) if (y != 0).all() else None,
    }


# --- DeLong ---


def delong_fast(y, a, b):
    """Sun and Xu (2014) midrank DeLong for two correlated AUCs."""
    y = np.asarray(y)
    pos, neg = y == 1, y == 0
    m, n = pos.sum(), neg.sum()
    comps = []
    for s in (np.asarray(a, float), np.asarray(b, float)):
        x, z = s[pos], s[neg]
        tx = stats.rankdata(x)
        tz = stats.rankdata(z)
        t = stats.rankdata(np.concatenate([x, z]))
        auc = (t[:m].sum() - m * (m + 1) / 2) / (m * n)
        v10 = (t[:m] - tx) / n
        v01 = 1 - (t[m:] - tz) / m
        comps.append((auc, v10, v01))
    (auc_a, v10a, v01a), (auc_b, v10b, v01b) = comps
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n
    se = math.sqrt(var)
    z = (auc_a - auc_b) / se
    p = 2 * stats.norm.sf(abs(z))
    return {"aucA": auc_a, "aucB": auc_b, "difference": auc_a - auc_b, "se": se, "z": z, "pValue": p}


def delong_definition(y, a, b):
    """DeLong, DeLong and Clarke-Pearson (1988) straight from the kernel psi(x, z), O(m*n)."""
    y = np.asarray(y)
    out = []
    for s in (np.asarray(a, float), np.asarray(b, float)):
        x, z = s[y == 1], s[y == 0]
        psi = (x[:, None] > z[None, :]) + 0.5 * (x[:, None] == z[None, :])
        out.append((psi.mean(), psi.mean(axis=1), psi.mean(axis=0)))
    (auc_a, v10a, v01a), (auc_b, v10b, v01b) = out
    m, n = len(v10a), len(v01a)
    var = np.var(v10a - v10b, ddof=1) / m + np.var(v01a - v01b, ddof=1) / n
    return auc_a, auc_b, math.sqrt(var)


def check_delong_by_hand():
    # y = 1 1 0 0, A = .9 .4 .5 .1, B = .8 .6 .6 .2
    # A: psi rows (pos .9: 1, 1; pos .4: 0, 1) -> AUC 3/4, V10 = (1, 1/2), V01 = (1/2, 1)
    # B: psi rows (pos .8: 1, 1; pos .6: 1/2, 1) -> AUC 7/8, V10 = (1, 3/4), V01 = (3/4, 1)
    # V10 diff = (0, -1/4): var 1/32; V01 diff = (-1/4, 0): var 1/32; Var = 1/64 + 1/64 = 1/32
    y = [1, 1, 0, 0]
    a = [0.9, 0.4, 0.5, 0.1]
    b = [0.8, 0.6, 0.6, 0.2]
    r = delong_fast(y, a, b)
    assert abs(r["aucA"] - 0.75) < 1e-15 and abs(r["aucB"] - 0.875) < 1e-15
    assert abs(r["se"] - math.sqrt(1 / 32)) < 1e-15
    return {"y": y, "a": a, "b": b, **r}


# --- case builders ---


def rounded(x, decimals):
    return [round(float(v), decimals) for v in x]


def binary_case(name, y, s, threshold=0.5):
    y = [int(v) for v in y]
    expected = binary_reference(y, s, threshold)
    return {"name": name, "y": y, "score": list(s), "threshold": threshold, "expected": expected}


def build_binary_cases(rng, bc):
    cases = []
    n = 60
    y = (rng.random(n) < 0.4).astype(int)
    s = np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1)
    cases.append(binary_case("random with ties (1 decimal)", y, rounded(s, 1)))
    cases.append(binary_case("random with ties, threshold 0.3", y, rounded(s, 1), 0.3))
    y2 = (rng.random(40) < 0.5).astype(int)
    cases.append(binary_case("all scores equal", y2, [0.5] * 40))
    cases.append(binary_case("all scores equal below threshold", y2, [0.2] * 40))
    cases.append(binary_case("one class only (all positive)", [1] * 12, rounded(rng.random(12), 2)))
    cases.append(binary_case("one class only (all negative)", [0] * 12, rounded(rng.random(12), 2)))
    separated = rounded(np.r_[rng.random(10) * 0.4, 0.6 + rng.random(10) * 0.4], 3)
    cases.append(binary_case("perfect separation", [0] * 10 + [1] * 10, separated))
    cases.append(binary_case("perfectly wrong", [1] * 10 + [0] * 10, separated))
    cases.append(binary_case("no predicted positive", y, rounded(s * 0.5, 2), 0.9))
    cases.append(
        binary_case(
            "scores at 0 and 1 (log-loss clipping)", [1, 0, 1, 0, 1, 0], [1.0, 0.0, 0.0, 1.0, 0.7, 0.3]
        )
    )
    z = rng.normal(size=50)
    yz = (z + rng.normal(size=50) > 0).astype(int)
    cases.append(binary_case("scores not probabilities (margins)", yz, rounded(z * 3, 2), 0.0))
    edges = [i / 10 for i in range(11)]
    cases.append(binary_case("bin edges exactly at k/10", [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], edges))
    cases.append(binary_case("breast_cancer logistic regression", bc["y_test"], bc["p_full"]))
    return cases


def breast_cancer_models():
    data = load_breast_cancer()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.4, random_state=0, stratify=data.target
    )
    scaler = StandardScaler().fit(x_train)
    full = LogisticRegression(max_iter=1000).fit(scaler.transform(x_train), y_train)
    # A weaker champion: three features only.
    few = LogisticRegression(max_iter=1000).fit(scaler.transform(x_train)[:, :3], y_train)
    p_full = rounded(full.predict_proba(scaler.transform(x_test))[:, 1], 6)
    p_few = rounded(few.predict_proba(scaler.transform(x_test)[:, :3])[:, 1], 6)
    return {"y_test": [int(v) for v in y_test], "p_full": p_full, "p_few": p_few}


def multiclass_case(name, y, proba, k):
    return {"name": name, "y": y, "proba": proba, "k": k, "expected": multiclass_reference(y, proba, k)}


def build_multiclass_cases(rng):
    cases = []
    iris = load_iris()
    model = LogisticRegression(max_iter=1000).fit(iris.data, iris.target)
    # Six decimals keep every row sum within scikit-learn's 1e-5 tolerance for multiclass AUC.
    proba = rounded(model.predict_proba(iris.data).ravel(), 6)
    y = [int(v) for v in iris.target]
    cases.append(multiclass_case("iris logistic regression", y, proba, 3))
    # Noisy probabilities so that some rows are misclassified and columns have ties.
    noisy = np.asarray(proba).reshape(-1, 3) + rng.random((150, 3)) * 0.6
    noisy = noisy / noisy.sum(axis=1, keepdims=True)
    noisy = rounded(noisy.ravel(), 2)
    cases.append(multiclass_case("iris noisy, 2 decimals", y, noisy, 3))
    # k = 4: class 3 never occurs, class 2 never predicted.
    n = 30
    y4 = [int(v) for v in rng.integers(0, 3, n)]
    p4 = rng.random((n, 4))
    p4[np.arange(n), y4] += 0.5
    p4[:, 2] = 0.01
    p4 = p4 / p4.sum(axis=1, keepdims=True)
    p4 = rounded(p4.ravel(), 3)
    cases.append(multiclass_case("k=4, class 3 absent, class 2 never predicted", y4, p4, 4))
    # k = 5: the same rows with a fifth class that neither occurs nor is predicted (left out of
    # the macro averages, as scikit-learn's default label set leaves it out).
    p5 = np.c_[np.asarray(p4).reshape(-1, 4), np.zeros(n)].ravel().tolist()
    cases.append(multiclass_case("k=5, class 4 neither occurs nor is predicted", y4, p5, 5))
    return cases


def build_regression_cases(rng):
    cases = []
    d = load_diabetes()
    model = LinearRegression().fit(d.data, d.target)
    pred = rounded(model.predict(d.data), 3)
    y = [float(v) for v in d.target]
    expected = regression_reference(y, pred)
    cases.append({"name": "diabetes linear regression", "y": y, "pred": pred, "expected": expected})
    y0 = rounded(rng.normal(size=20), 2)
    y0[4] = 0.0
    p0 = rounded(np.asarray(y0) + rng.normal(size=20) * 0.3, 2)
    cases.append({"name": "a zero in y", "y": y0, "pred": p0, "expected": regression_reference(y0, p0)})
    yc = [2.5] * 8
    pc = rounded(2.5 + rng.normal(size=8), 2)
    cases.append({"name": "constant y", "y": yc, "pred": pc, "expected": regression_reference(yc, pc)})
    return cases


def build_delong_cases(rng, bc):
    cases = [{"name": "hand case", **check_delong_by_hand()}]
    y, a, b = bc["y_test"], bc["p_full"], bc["p_few"]
    r = delong_fast(y, a, b)
    auc_a, auc_b, se = delong_definition(y, a, b)
    assert abs(auc_a - r["aucA"]) < 1e-12 and abs(auc_b - r["aucB"]) < 1e-12
    assert abs(se - r["se"]) < 1e-12
    assert abs(auc_a - metrics.roc_auc_score(y, a)) < 1e-12
    cases.append({"name": "breast_cancer full vs three features", "y": y, "a": a, "b": b, **r})
    n = 80
    yt = (rng.random(n) < 0.5).astype(int)
    ta = rounded(yt * 0.5 + rng.random(n), 1)
    tb = rounded(yt * 0.4 + rng.random(n), 1)
    r = delong_fast(yt, ta, tb)
    auc_a, auc_b, se = delong_definition(yt, ta, tb)
    assert abs(se - r["se"]) < 1e-12
    cases.append({"name": "random with ties", "y": [int(v) for v in yt], "a": ta, "b": tb, **r})
    return cases


def build_mcnemar_cases(bc):
    counts = []
    for b, c in [(0, 0), (5, 5), (1, 9), (0, 7), (30, 50), (12, 3), (1000, 1100), (250, 180)]:
        p = 1.0 if b + c == 0 else float(stats.binomtest(b, b + c, 0.5).pvalue)
        counts.append({"b": b, "c": c, "concordant": 17, "pValue": p})
    y = np.asarray(bc["y_test"])
    cand = ((np.asarray(bc["p_full"]) >= 0.5) == y).astype(int)
    champ = ((np.asarray(bc["p_few"]) >= 0.5) == y).astype(int)
    b = int(((cand == 1) & (champ == 0)).sum())
    c = int(((cand == 0) & (champ == 1)).sum())
    rows = [
        {
            "name": "breast_cancer",
            "candidateCorrect": cand.tolist(),
            "championCorrect": champ.tolist(),
            "b": b,
            "c": c,
            "pValue": float(stats.binomtest(b, b + c, 0.5).pvalue),
        }
    ]
    return {"counts": counts, "rows": rows}


def build_distribution_cases():
    xs = [-37.5, -37.0, -30.0, -20.0, -12.5, -8.0, -6.0, -5.0, -4.0, -3.0, -2.6, -2.5, -2.4999, -2.0]
    xs += [-1.96, -1.0, -0.5, -1e-3, 0.0, 1e-3, 0.5, 1.0, 1.96, 2.4999, 2.5, 3.0, 5.0, 8.0]
    # mpmath at 30 digits: scipy's ndtr is off by ~1e-13 relative in the far tail and underflows
    # to 0 below -37.5 (the true value there is still a double); the two agree elsewhere.
    mpmath.mp.dps = 30
    normal = []
    for x in xs:
        exact = float(mpmath.ncdf(x))
        assert abs(exact - stats.norm.cdf(x)) <= 1e-12 * exact
        normal.append({"x": x, "cdf": exact})
    binomial = []
    for k, n, p in [
        (0, 10, 0.5), (3, 10, 0.5), (5, 10, 0.5), (9, 10, 0.5), (2, 20, 0.1), (15, 20, 0.3),
        (40, 100, 0.5), (60, 100, 0.5), (450, 1000, 0.5), (5, 1000, 0.5),
        (480000, 1000000, 0.5), (499000, 1000000, 0.5), (3, 7, 0.9), (0, 1, 0.25),
    ]:
        cdf = float(stats.binom.cdf(k, n, p))
        binomial.append({"k": k, "n": n, "p": p, "cdf": cdf, "pmf": float(stats.binom.pmf(k, n, p))})
    return {"normal": normal, "binomial": binomial}


def build_quantile_cases(rng):
    out = []
    samples = (
        rounded(rng.normal(size=17), 3),
        [1.0, 1.0, 2.0, 2.0, 2.0, 7.5],
        [3.25],
        rounded(rng.random(10) * 100, 1),
    )
    for values in samples:
        v = np.sort(np.asarray(values))
        qs = [0.0, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 1.0]
        qs += [(1 - 0.95) / 2, 1 - (1 - 0.95) / 2]  # as a bootstrap computes them
        out.append({"sorted": v.tolist(), "q": qs, "expected": [float(np.quantile(v, q)) for q in qs]})
    return out


def build_rng_cases():
    out = []
    for seed in (0, 1, 42, 2**53 - 1):
        g = Xoshiro128StarStar(seed)
        out.append({"seed": seed, "uint32": [g.next() for _ in range(8)]})
    return out


def bootstrap_case(rng, bc):
    n = 40
    y = (rng.random(n) < 0.35).astype(int)
    cand = rounded(np.clip(0.3 * y + rng.random(n) * 0.7, 0, 1), 1)
    champ = rounded(np.clip(0.15 * y + rng.random(n) * 0.85, 0, 1), 1)
    names = ["accuracy", "precision", "f1", "roc_auc", "average_precision", "log_loss", "brier", "mcc"]
    seed, resamples, level, threshold = 20240607, 200, 0.9, 0.5
    single = {m: [] for m in names}
    paired = {m: [] for m in names}
    # mlgate draws counts over positions in descending score order: a stable ascending sort
    # of the candidate's scores, reversed. The champion is evaluated on the same rows.
    by_position = np.argsort(np.asarray(cand), kind="stable")[::-1]
    for counts in resample_counts(n, seed, resamples):
        rows = np.repeat(by_position, counts)
        ry = [int(y[i]) for i in rows]
        ra = binary_reference(ry, [cand[i] for i in rows], threshold)
        rb = binary_reference(ry, [champ[i] for i in rows], threshold)
        for m in names:
            single[m].append(ra[m])
            paired[m].append(None if ra[m] is None or rb[m] is None else ra[m] - rb[m])

    def interval(values):
        defined = np.asarray([v for v in values if v is not None])
        if len(defined) == 0:
            return None
        alpha = (1 - level) / 2
        return {
            "low": float(np.quantile(defined, alpha)),
            "high": float(np.quantile(defined, 1 - alpha)),
            "undefinedResamples": len(values) - len(defined),
        }

    return {
        "y": [int(v) for v in y],
        "candidate": cand,
        "champion": champ,
        "threshold": threshold,
        "metrics": names,
        "options": {"resamples": resamples, "seed": seed, "level": level},
        "firstCounts": resample_counts(n, seed, 1)[0].tolist(),
        "single": {m: interval(v) for m, v in single.items()},
        "paired": {m: interval(v) for m, v in paired.items()},
    }


def main():
    check_xoshiro_reference()
    rng = np.random.default_rng(12345)
    bc = breast_cancer_models()
    reference = {
        "generator": "scripts/oracle/stats_reference.py",
        "versions": {
            "numpy": np.__version__,
            "scipy": __import__("scipy").__version__,
            "sklearn": __import__("sklearn").__version__,
        },
        "binary": build_binary_cases(rng, bc),
        "multiclass": build_multiclass_cases(rng),
        "regression": build_regression_cases(rng),
        "delong": build_delong_cases(rng, bc),
        "mcnemar": build_mcnemar_cases(bc),
        "distributions": build_distribution_cases(),
        "quantile": build_quantile_cases(rng),
        "rng": build_rng_cases(),
        "bootstrap": bootstrap_case(rng, bc),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
