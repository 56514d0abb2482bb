#!/usr/bin/python3
"""Reference values for the fairness statistics (packages/stats) and the fairness gate
(packages/gates), computed with numpy and pandas from the definitions in design/statistics.md,
which are Fairlearn's where they overlap.

Run with Debian's Python (python3-numpy, python3-pandas, python3-sklearn, python3-onnx):

    /usr/bin/python3 scripts/oracle/fairness_reference.py

Fairlearn itself is not installed; its functions are restated here from its source
(fairlearn/metrics/_fairness_metrics.py, _base_metrics.py):
- demographic_parity_difference / _ratio: max - min / min / max of the per-group selection rate
  P(yhat = 1), over the groups of the sensitive feature(s), where several features mean their
  observed intersections (MetricFrame's groups);
- equal_opportunity_difference: max - min TPR; equalized_odds_difference (agg="worst_case"):
  max(TPR difference, FPR difference);
- TPR and FPR come from scikit-learn's confusion_matrix(normalize="true"), which turns 0/0 into 0.
mlgate leaves a group whose TPR (FPR) is 0/0 out of the TPR (FPR) comparison instead (statistics.md:
never a silent 0); every case below records both values, `fairlearn` beside mlgate's, so a test can
show where and why they differ. Disparate impact (AIF360's name) = selection rate of a group over
that of the reference group, by default the group with the highest selection rate (the comparison
of the four-fifths rule, 29 CFR 1607.4(D)); `disparate_impact` is the smallest such ratio.

The stratified bootstrap is re-implemented from its description in
packages/stats/src/fairness/fairness-bootstrap.ts, with the generator of stats_reference.py; each
resample's rows are expanded and every rate and statistic recomputed from scratch with pandas. The
disparity intervals are then formed from simultaneous max-|t| intervals of the pairwise group
comparisons as _pairwise.ts describes, and the percentile intervals of the statistics themselves
are written beside them.

Writes:
    packages/stats/test/fixtures/fairness-reference.json   group rates, disparities, bootstrap
    packages/gates/test/fixtures/fairness-loans.csv         a synthetic loan holdout (sex, region, age)
    packages/gates/test/fixtures/fairness-loans.onnx        a logistic model that reads income,
                                                            debt_ratio and age (age is also protected)
    packages/gates/test/fixtures/fairness-reference.json   per dataset: the model's decisions and
                                                            every group and disparity, for the loans
                                                            fixture, the bundled fraud example and,
                                                            when ../shared/fixtures is present, the
                                                            published titanic pipeline
"""

import json
import math
import os
import sys

import numpy as np
import onnx
import pandas as pd
from onnx import TensorProto, helper
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_models import OPSETS, as_float32, classifier_graph, linear_classifier_nodes, run_classifier  # noqa: E402
from stats_reference import Xoshiro128StarStar, check_xoshiro_reference  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATS_OUT = os.path.join(ROOT, "packages", "stats", "test", "fixtures", "fairness-reference.json")
GATES_DIR = os.path.join(ROOT, "packages", "gates", "test", "fixtures")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "fixtures", "real-models")

MISSING = "(missing)"
DISPARITIES = [
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equal_opportunity_difference",
    "equalized_odds_difference",
    "disparate_impact",
]
RATES = ["selection_rate", "tpr", "fpr", "fnr", "precision", "accuracy"]


# --- definitions -------------------------------------------------------------------------------


def group_rates(y, yhat):
    """n, confusion counts and rates of one group; None where the denominator is 0."""
    y = np.asarray(y)
    yhat = np.asarray(yhat)
    tp = int(((y == 1) & (yhat == 1)).sum())
    fp = int(((y == 0) & (yhat == 1)).sum())
    tn = int(((y == 0) & (yhat == 0)).sum())
    fn = int(((y == 1) & (yhat == 0)).sum())
    n = tp + fp + tn + fn

    def ratio(a, b):
        return a / b if b > 0 else None

    return {
        "n": n, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
        "selection_rate": ratio(tp + fp, n),
        "tpr": ratio(tp, tp + fn),
        "fpr": ratio(fp, fp + tn),
        "fnr": ratio(fn, tp + fn),
        "precision": ratio(tp, tp + fp),
        "accuracy": ratio(tp + tn, n),
    }


def fairlearn_rates(y, yhat):
    """TPR and FPR as Fairlearn computes them: confusion_matrix(normalize="true"), 0/0 -> 0."""
    tnr, fpr, fnr, tpr = confusion_matrix(y, yhat, labels=[0, 1], normalize="true").ravel()
    return float(tpr), float(fpr)


def disparities(groups, min_size=1, reference=None):
    """mlgate's disparities over `groups` (an ordered list of (name, rates)); None = undefined."""
    eligible = [(g, r) for g, r in groups if r["n"] >= min_size]
    out = {name: None for name in DISPARITIES}
    out["disparate_impact_max"] = None
    out["reference"] = None

    def spread(rate):
        values = [r[rate] for _, r in eligible if r[rate] is not None]
        return max(values) - min(values) if len(values) >= 2 else None

    sel = [r["selection_rate"] for _, r in eligible]
    if len(sel) >= 2:
        out["demographic_parity_difference"] = max(sel) - min(sel)
        out["demographic_parity_ratio"] = min(sel) / max(sel) if max(sel) > 0 else None
    tpr, fpr = spread("tpr"), spread("fpr")
    out["equal_opportunity_difference"] = tpr
    out["equalized_odds_difference"] = None if tpr is None or fpr is None else max(tpr, fpr)
    names = [g for g, _ in eligible]
    if reference is None and eligible:
        best = max(sel)
        reference = names[sel.index(best)]  # first group on ties, as mlgate
    if reference in names:
        out["reference"] = reference
        base = dict(eligible)[reference]["selection_rate"]
        others = [r["selection_rate"] for g, r in eligible if g != reference]
        if base > 0 and others:
            out["disparate_impact"] = min(others) / base
            out["disparate_impact_max"] = max(others) / base
    return out


def fairlearn_disparities(y, yhat, keys):
    """Fairlearn's four scalar disparities over every group, with its 0/0 -> 0 convention."""
    frame = pd.DataFrame({"y": y, "yhat": yhat, "key": keys})
    sel, tprs, fprs = [], [], []
    for _, part in frame.groupby("key", sort=False):
        sel.append(part["yhat"].mean())
        t, f = fairlearn_rates(part["y"], part["yhat"])
        tprs.append(t)
        fprs.append(f)
    return {
        "demographic_parity_difference": max(sel) - min(sel),
        "demographic_parity_ratio": min(sel) / max(sel) if max(sel) > 0 else None,
        "equal_opportunity_difference": max(tprs) - min(tprs),
        "equalized_odds_difference": max(max(tprs) - min(tprs), max(fprs) - min(fprs)),
    }


def clean(value):
    if value is None:
        return None
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return None
    return float(value) if isinstance(value, (float, np.floating)) else value


# --- grouping, as the gate groups a table ------------------------------------------------------


def js_number(v):
    """A number as JavaScript's String(v) writes it (for the values used here)."""
    v = float(v)
    return str(int(v)) if v.is_integer() else repr(v)


def bucket_labels(edges):
    labels = [f"≤ {js_number(edges[0])}"]
    labels += [f"({js_number(a)}, {js_number(b)}]" for a, b in zip(edges, edges[1:])]
    labels.append(f"> {js_number(edges[-1])}")
    return labels


def attribute_values(column, edges=None):
    """Group name of every row and the ordered group names: numbers ascending, text in code-point
    order (UTF-16 order in mlgate; the same
    for these ASCII values), bucket bands in edge order, the missing group last."""
    if edges is not None:
        labels = bucket_labels(edges)
        values = column.astype(float).to_numpy()
        idx = np.searchsorted(np.asarray(edges, dtype=float), values, side="left")  # right-closed
        names = [MISSING if math.isnan(v) else labels[i] for v, i in zip(values, idx)]
        order = [lab for lab in labels if lab in set(names)]
    elif pd.api.types.is_numeric_dtype(column):
        values = column.to_numpy(dtype=float)
        names = [MISSING if math.isnan(v) else js_number(v) for v in values]
        order = [js_number(v) for v in sorted({v for v in values if not math.isnan(v)})]
    else:
        names = [MISSING if (isinstance(v, float) and math.isnan(v)) else str(v) for v in column]
        order = sorted({n for n, v in zip(names, column) if not (isinstance(v, float) and math.isnan(v))})
    if MISSING in names:
        order.append(MISSING)
    return names, order


def analyse(frame, y, yhat, sensitive, buckets, min_size=1):
    """Per attribute, then for the intersection of all of them: groups in mlgate's order with their
    rates, mlgate's disparities and Fairlearn's."""
    per = {a: attribute_values(frame[a], buckets.get(a)) for a in sensitive}
    out = {}
    for a in sensitive:
        names, order = per[a]
        out[a] = describe(y, yhat, names, order, min_size)
    if len(sensitive) > 1:
        combos = [" & ".join(t) for t in zip(*[per[a][0] for a in sensitive])]
        index = [{g: i for i, g in enumerate(per[a][1])} for a in sensitive]
        seen = sorted(set(zip(*[per[a][0] for a in sensitive])),
                      key=lambda t: [index[k][v] for k, v in enumerate(t)])
        out["&".join(sensitive)] = describe(y, yhat, combos, [" & ".join(t) for t in seen], min_size)
    return out


def describe(y, yhat, names, order, min_size):
    frame = pd.DataFrame({"y": y, "yhat": yhat, "g": names})
    parts = {g: part for g, part in frame.groupby("g", sort=False)}
    groups = [(g, group_rates(parts[g]["y"], parts[g]["yhat"])) for g in order]
    return {
        "groups": {g: {k: clean(v) for k, v in r.items()} for g, r in groups},
        "order": order,
        "disparities": {k: clean(v) for k, v in disparities(groups, min_size).items()},
        "fairlearn": {k: clean(v) for k, v in fairlearn_disparities(y, yhat, names).items()},
    }


# --- stratified bootstrap (re-implemented) -----------------------------------------------------


def stratified_resamples(y, yhat, groupings, seed, resamples):
    """Row indices of every resample, drawn as fairness-bootstrap.ts describes."""
    n = len(y)
    keys = list(zip(*[g["codes"] for g in groupings]))
    cell_ids, cells = {}, []
    for i, k in enumerate(keys):
        if k not in cell_ids:
            cell_ids[k] = len(cells)
            cells.append([])
        cells[cell_ids[k]].append(i)
    kind = [(1 - int(yhat[i])) * 2 + (int(y[i]) ^ int(yhat[i])) for i in range(n)]  # tp fp tn fn
    cells = [sorted(rows, key=lambda i: (kind[i], i)) for rows in cells]
    gen = Xoshiro128StarStar(seed)
    out = []
    for _ in range(resamples):
        rows = []
        for cell in cells:
            m = len(cell)
            bucket = (1 << 32) // m
            limit = bucket * m
            for _ in range(m):
                while True:
                    u = gen.next()
                    if u < limit:
                        break
                rows.append(cell[u // bucket])
        out.append(rows)
    return out


def plan_values(y, yhat, codes, group_count, plan):
    """The statistics of one grouping on one (expanded) sample, over the plan's groups."""
    frame = pd.DataFrame({"y": y, "yhat": yhat, "g": codes})
    rates = [group_rates(frame.loc[frame["g"] == g, "y"], frame.loc[frame["g"] == g, "yhat"])
             for g in range(group_count)]

    def spread(ids, rate):
        vals = [rates[g][rate] for g in ids]
        if len(ids) < 2 or any(v is None for v in vals):
            return None
        return max(vals) - min(vals)

    sel = [rates[g]["selection_rate"] for g in plan["selection"]]
    ok = len(sel) >= 2 and all(v is not None for v in sel)
    out = {
        "demographic_parity_difference": max(sel) - min(sel) if ok else None,
        "demographic_parity_ratio": min(sel) / max(sel) if ok and max(sel) > 0 else None,
        "equal_opportunity_difference": spread(plan["tpr"], "tpr"),
    }
    f = spread(plan["fpr"], "fpr")
    t = out["equal_opportunity_difference"]
    out["equalized_odds_difference"] = None if t is None or f is None else max(t, f)
    ref = plan["reference"]
    base = rates[ref]["selection_rate"] if ref >= 0 else None
    others = [rates[g]["selection_rate"] for g in plan["impact"]]
    good = base is not None and base > 0 and others and all(v is not None for v in others)
    out["disparate_impact"] = min(others) / base if good else None
    out["disparate_impact_max"] = max(others) / base if good else None
    return out, rates


def point_rates(y, yhat, grouping):
    codes = np.asarray(grouping["codes"])
    rates = [group_rates(y[codes == g], yhat[codes == g]) for g in range(grouping["groupCount"])]
    return {k: [r[k] for r in rates] for k in ("selection_rate", "tpr", "fpr")}


def percentile(values, level):
    defined = np.asarray([v for v in values if v is not None])
    if len(defined) == 0:
        return None
    alpha = (1 - level) / 2
    return {"low": float(np.quantile(defined, alpha)), "high": float(np.quantile(defined, 1 - alpha)),
            "undefinedResamples": len(values) - len(defined)}


def compare(a, b, scale):
    if a is None or b is None:
        return None
    if scale == "difference":
        return b - a
    return math.log(b) - math.log(a) if a > 0 and b > 0 else None


def pairwise(families, level, resamples):
    """Simultaneous max-|t| intervals of pairwise comparisons, as _pairwise.ts describes: standard
    errors are sample standard deviations (ddof=1) of the resampled comparisons, the critical value
    the `level` quantile of max |d* - d| / se over resamples where all comparisons are defined."""
    points, ses, series = [], [], []
    for samples, point, pairs, scale in families:
        for a, b in pairs:
            d = compare(point[a], point[b], scale)
            if d is None:
                return None
            values = [compare(samples[a][r], samples[b][r], scale) for r in range(resamples)]
            defined = [v for v in values if v is not None]
            if len(defined) < 2:
                return None
            points.append(d)
            ses.append(float(np.std(defined, ddof=1)))
            series.append(values)
    t = []
    for r in range(resamples):
        row = [v[r] for v in series]
        if any(v is None for v in row):
            continue
        t.append(max([abs(v - d) / se for v, d, se in zip(row, points, ses) if se > 0] + [0.0]))
    if len(t) < 2:
        return None
    c = float(np.quantile(t, level))
    return [d - c * se for d, se in zip(points, ses)], [d + c * se for d, se in zip(points, ses)], resamples - len(t)


def largest_gap(lows, highs):
    low = max([a if a > 0 else (-b if b < 0 else 0.0) for a, b in zip(lows, highs)] + [0.0])
    high = max([max(abs(a), abs(b)) for a, b in zip(lows, highs)] + [0.0])
    return low, high


def projected(per, point, plan, level, resamples):
    """Disparity intervals from simultaneous pairwise intervals (fairness-bootstrap.ts)."""

    def pairs(ids):
        return [(ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids))]

    def gap(families, ratio):
        if any(len(f[2]) == 0 for f in families):
            return None
        iv = pairwise(families, level, resamples)
        if iv is None:
            return None
        low, high = largest_gap(iv[0], iv[1])
        rng = (math.exp(-high), math.exp(-low)) if ratio else (min(low, 1.0), min(high, 1.0))
        return {"low": rng[0], "high": rng[1], "undefinedResamples": iv[2]}

    def impact(pick):
        ref = plan["reference"]
        if ref < 0 or not plan["impact"]:
            return None
        iv = pairwise([(per["selection_rate"], point["selection_rate"], [(ref, g) for g in plan["impact"]],
                        "log-ratio")], level, resamples)
        if iv is None:
            return None
        return {"low": math.exp(pick(iv[0])), "high": math.exp(pick(iv[1])), "undefinedResamples": iv[2]}

    sel = (per["selection_rate"], point["selection_rate"])
    tpr = (per["tpr"], point["tpr"], pairs(plan["tpr"]), "difference")
    fpr = (per["fpr"], point["fpr"], pairs(plan["fpr"]), "difference")
    ratio = gap([(*sel, pairs(plan["selection"]), "log-ratio")], True)
    picked = plan["reference"] >= 0 and not plan["referenceGiven"] and len(plan["impact"]) > 0
    return {
        "demographic_parity_difference": gap([(*sel, pairs(plan["selection"]), "difference")], False),
        "demographic_parity_ratio": ratio,
        "equal_opportunity_difference": gap([tpr], False),
        "equalized_odds_difference": gap([tpr, fpr], False),
        "disparate_impact": ratio if picked else impact(min),
        "disparate_impact_max": (None if ratio is None else {**ratio, "high": 1.0}) if picked else impact(max),
    }


def plan_of(groups, min_size, reference=None):
    """The groups each disparity is computed over, as fairnessDisparities fixes them."""
    selection = [i for i, r in enumerate(groups) if r["n"] >= min_size]
    tpr = [i for i in selection if groups[i]["tpr"] is not None]
    fpr = [i for i in selection if groups[i]["fpr"] is not None]
    given = reference is not None
    if reference is None and selection:
        best = max(groups[i]["selection_rate"] for i in selection)
        reference = next(i for i in selection if groups[i]["selection_rate"] == best)
    ref = reference if reference is not None and reference in selection else -1
    return {"selection": selection, "tpr": tpr, "fpr": fpr, "reference": ref, "referenceGiven": given,
            "impact": [i for i in selection if i != ref] if ref >= 0 else []}


def bootstrap_case(rng):
    n = 150
    a = rng.choice(3, n, p=[0.5, 0.35, 0.15])
    b = rng.choice(2, n, p=[0.7, 0.3])
    y = (rng.random(n) < 0.3 + 0.1 * a).astype(int)
    # Group 1 of b has only two positive labels, so some resamples draw none: TPR undefined there.
    pos_b1 = np.flatnonzero((b == 1) & (y == 1))
    y[pos_b1[2:]] = 0
    yhat = (rng.random(n) < 0.25 + 0.4 * y + 0.1 * (a == 2)).astype(int)
    inter = a * 2 + b
    codes = {"a": a, "b": b, "a&b": inter}
    counts = {"a": 3, "b": 2, "a&b": 6}
    seed, resamples, level, min_size = 77, 200, 0.9, 1
    groupings = []
    for name, reference in [("a", None), ("b", None), ("a&b", None), ("a, reference 1", 1)]:
        key = name.split(",")[0]
        groups = [group_rates(y[codes[key] == g], yhat[codes[key] == g]) for g in range(counts[key])]
        groupings.append({"name": name, "codes": [int(v) for v in codes[key]], "groupCount": counts[key],
                          "plan": plan_of(groups, min_size, reference)})
    samples = stratified_resamples(y, yhat, groupings, seed, resamples)
    expected = []
    for g in groupings:
        stats = {k: [] for k in DISPARITIES + ["disparate_impact_max"]}
        per = {rate: [[] for _ in range(g["groupCount"])] for rate in ("selection_rate", "tpr", "fpr")}
        for rows in samples:
            values, rates = plan_values(y[rows], yhat[rows], np.asarray(g["codes"])[rows], g["groupCount"],
                                        g["plan"])
            for k in stats:
                stats[k].append(values[k])
            for i, r in enumerate(rates):
                for rate in per:
                    per[rate][i].append(r[rate])
        expected.append({
            "percentile": {k: percentile(v, level) for k, v in stats.items()},
            "disparities": projected(per, point_rates(y, yhat, g), g["plan"], level, resamples),
            "selectionRate": [percentile(v, level) for v in per["selection_rate"]],
            "tpr": [percentile(v, level) for v in per["tpr"]],
            "fpr": [percentile(v, level) for v in per["fpr"]],
        })
    first = samples[0]
    return {
        "y": [int(v) for v in y],
        "yhat": [int(v) for v in yhat],
        "groupings": groupings,
        "options": {"resamples": resamples, "seed": seed, "level": level},
        "firstResampleRows": [int(r) for r in first],
        "expected": expected,
    }


# --- stats cases -------------------------------------------------------------------------------


def stats_case(name, y, yhat, codes, group_count, min_size=1, reference=None):
    y = np.asarray(y)
    yhat = np.asarray(yhat)
    codes = np.asarray(codes)
    groups = [(g, group_rates(y[codes == g], yhat[codes == g])) for g in range(group_count)]
    kept = codes >= 0
    ref_name = reference
    d = disparities(groups, min_size, ref_name)
    fl = fairlearn_disparities(y[kept], yhat[kept], codes[kept]) if kept.any() else None
    per_group_di = []
    for g, r in groups:
        if d["reference"] is None or r["n"] < min_size or r["n"] == 0:
            per_group_di.append(None)
        else:
            base = dict(groups)[d["reference"]]["selection_rate"]
            per_group_di.append(r["selection_rate"] / base if base > 0 else None)
    return {
        "name": name,
        "y": [int(v) for v in y],
        "yhat": [int(v) for v in yhat],
        "groups": [int(v) for v in codes],
        "groupCount": group_count,
        "minGroupSize": min_size,
        "reference": reference,
        "expected": {
            "rates": [{k: clean(v) for k, v in r.items()} for _, r in groups],
            "disparities": {k: clean(v) for k, v in d.items()},
            "perGroupImpact": [clean(v) for v in per_group_di],
            "fairlearn": None if fl is None else {k: clean(v) for k, v in fl.items()},
        },
    }


def build_stats_cases(rng):
    cases = []
    n = 300
    g = rng.choice(4, n, p=[0.4, 0.3, 0.2, 0.1])
    y = (rng.random(n) < 0.2 + 0.15 * g).astype(int)
    yhat = (rng.random(n) < 0.15 + 0.5 * y + 0.05 * g).astype(int)
    cases.append(stats_case("four groups", y, yhat, g, 4))
    cases.append(stats_case("four groups, reference given", y, yhat, g, 4, reference=2))
    cases.append(stats_case("four groups, the smallest below the minimum size", y, yhat, g, 4,
                            min_size=int((g == 3).sum()) + 1))
    # A group without positive labels: mlgate leaves it out of TPR comparisons, Fairlearn counts 0.
    y2 = y.copy()
    y2[g == 1] = 0
    cases.append(stats_case("a group without positive labels", y2, yhat, g, 4))
    # A group of one row, and rows left out (code -1).
    g3 = g.copy()
    g3[:5] = -1
    g3[5] = 4
    cases.append(stats_case("a group of one row, rows left out", y, yhat, g3, 5))
    cases.append(stats_case("a group of one row below a minimum of 2", y, yhat, g3, 5, min_size=2))
    cases.append(stats_case("nobody predicted positive", y, np.zeros(n, dtype=int), g, 4))
    cases.append(stats_case("one group only", y, yhat, np.zeros(n, dtype=int), 1))
    return cases


# --- gate datasets -----------------------------------------------------------------------------


def loans():
    """A synthetic loan holdout: approval depends on income, debt and age; income differs by sex
    and region, so the model's decisions differ by group."""
    rng = np.random.default_rng(20240915)
    n = 400
    sex = rng.choice(["female", "male"], n)
    region = rng.choice(["north", "south", "east", "west"], n, p=[0.35, 0.3, 0.22, 0.13])
    age = rng.integers(18, 80, n)
    income = np.round(rng.lognormal(3.6 + 0.25 * (sex == "male") + 0.2 * (region == "north"), 0.4), 1)
    debt = np.round(rng.beta(2, 5, n), 3)
    logit = 0.06 * (income - 45) - 4 * (debt - 0.3) - 0.02 * (age - 45) + rng.normal(0, 0.8, n)
    approved = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    features = np.column_stack([income, debt, age]).astype(np.float64)
    scaler = StandardScaler().fit(features)
    logistic = LogisticRegression().fit(scaler.transform(features), approved)
    nodes = [
        helper.make_node("Concat", ["income", "debt_ratio", "age"], ["merged"], name="Concat", axis=1),
        helper.make_node("Scaler", ["merged"], ["scaled"], name="Scaler", domain="ai.onnx.ml",
                         offset=as_float32(scaler.mean_), scale=as_float32(1.0 / scaler.scale_)),
        *linear_classifier_nodes("scaled", logistic),
    ]
    inputs = [helper.make_tensor_value_info(c, TensorProto.FLOAT, [None, 1]) for c in ["income", "debt_ratio", "age"]]
    model = helper.make_model(classifier_graph("loans_logistic", nodes, inputs, None),
                              opset_imports=OPSETS, producer_name="mlgate-oracle")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(GATES_DIR, exist_ok=True)
    onnx.save(model, os.path.join(GATES_DIR, "fairness-loans.onnx"))
    frame = pd.DataFrame({"income": income, "debt_ratio": debt, "age": age, "sex": sex, "region": region,
                          "approved": approved})
    path = os.path.join(GATES_DIR, "fairness-loans.csv")
    frame.to_csv(path, index=False, lineterminator="\n")
    # The rows as the gate reads them: the written text, parsed back.
    return pd.read_csv(path), model


def decisions(model, frame, columns, threshold):
    """The model's probabilities by the numpy evaluator of make_models.py, and decisions."""
    feeds = {}
    for value in model.graph.input:
        shape = value.type.tensor_type.shape.dim
        elem = value.type.tensor_type.elem_type
        if len(shape) == 2 and shape[1].dim_value > 1:
            feeds[value.name] = frame[columns].to_numpy(dtype=np.float32)
        elif elem == TensorProto.STRING:
            feeds[value.name] = frame[value.name].astype(str).to_numpy(dtype=object).reshape(-1, 1)
        else:
            feeds[value.name] = frame[value.name].to_numpy(dtype=np.float32).reshape(-1, 1)
    p = np.asarray(run_classifier(model, feeds)["probabilities"])[:, 1]
    margin = float(np.min(np.abs(p - threshold)))
    # ONNX Runtime computes in float32 (about 1e-7 relative); a closer score could flip a decision.
    assert margin > 1e-5, f"a score lies {margin} from the threshold"
    return (p >= threshold).astype(int), margin


def gate_case(name, frame, model, label, sensitive, buckets, threshold, columns=None, data=None, model_path=None):
    yhat, margin = decisions(model, frame, columns, threshold)
    y = frame[label].to_numpy().astype(int)
    return {
        "data": data,
        "model": model_path,
        "label": label,
        "threshold": threshold,
        "sensitive": sensitive,
        "buckets": buckets,
        "rows": len(frame),
        "closestScoreToThreshold": margin,
        "yhat": [int(v) for v in yhat],
        "attributes": analyse(frame, y, yhat, sensitive, buckets),
    }


def main():
    check_xoshiro_reference()
    rng = np.random.default_rng(4242)
    stats = {
        "generator": "scripts/oracle/fairness_reference.py",
        "versions": {"numpy": np.__version__, "pandas": pd.__version__},
        "cases": build_stats_cases(rng),
        "bootstrap": bootstrap_case(rng),
    }
    with open(STATS_OUT, "w", newline="\n") as f:
        json.dump(stats, f, separators=(",", ":"), ensure_ascii=False)
        f.write("\n")
    print(f"wrote {STATS_OUT} ({os.path.getsize(STATS_OUT)} bytes)")

    frame, model = loans()
    cases = {
        "loans": gate_case("loans", frame, model, "approved", ["sex", "region", "age"], {"age": [0, 25, 40, 65]},
                           0.5, data="packages/gates/test/fixtures/fairness-loans.csv",
                           model_path="packages/gates/test/fixtures/fairness-loans.onnx"),
    }
    fraud = pd.read_csv(os.path.join(ROOT, "examples", "fraud", "holdout.csv"))
    fraud_model = onnx.load(os.path.join(ROOT, "examples", "fraud", "model.onnx"))
    columns = json.loads({p.key: p.value for p in fraud_model.metadata_props}["mlgate.columns"])
    cases["fraud"] = gate_case("fraud", fraud, fraud_model, "is_fraud", ["age_group", "region"], {}, 0.08,
                               columns=columns, data="examples/fraud/holdout.csv",
                               model_path="examples/fraud/model.onnx")
    if os.path.isdir(SHARED):
        titanic = pd.read_csv(os.path.join(SHARED, "small_titanic.csv"))
        # pclass is a string input of the model; the CSV holds integers.
        cases["titanic"] = gate_case("titanic", titanic, onnx.load(os.path.join(SHARED, "pipeline_titanic.onnx")),
                                     "survived", ["sex", "embarked", "age"], {"age": [0, 25, 40, 65]}, 0.5,
                                     data="../shared/fixtures/real-models/small_titanic.csv",
                                     model_path="../shared/fixtures/real-models/pipeline_titanic.onnx")
    else:
        print(f"skipping the titanic case: {SHARED} is absent")
    out = os.path.join(GATES_DIR, "fairness-reference.json")
    with open(out, "w", newline="\n") as f:
        json.dump({"generator": "scripts/oracle/fairness_reference.py", "cases": cases}, f,
                  separators=(",", ":"), ensure_ascii=False)
        f.write("\n")
    print(f"wrote {out} ({os.path.getsize(out)} bytes)")


if __name__ == "__main__":
    main()
