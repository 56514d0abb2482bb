"""Reference values for mlgate's drift statistics, from numpy and scipy.

Run with Debian's Python (python3-numpy, python3-scipy 1.10, python3-sklearn 1.2, python3-pandas):

    /usr/bin/python3 scripts/oracle/drift_reference.py

Writes
  packages/stats/test/fixtures/drift-reference.json   PSI, categorical PSI, KS, JS, chi-square,
                                                      Kolmogorov, Benjamini-Hochberg cases
  packages/gates/test/fixtures/drift-bc-*.csv         breast-cancer data (bundled with sklearn)
  packages/gates/test/fixtures/drift-gate-reference.json  per-feature PSI/KS/JS of those files

PSI here is an independent implementation of design/statistics.md written with numpy's own
primitives: np.quantile (linear), np.unique to collapse edges, np.searchsorted(side='left') for
right-closed bins, np.bincount, a separate missing bin, zero shares replaced by 1e-4, natural log.
KS comes from scipy.stats.ks_2samp (method='auto'), JS from scipy.spatial.distance.jensenshannon
(base 2), chi-square from scipy.stats.chi2, the Kolmogorov limit from scipy.special.kolmogorov.

Samples for the large KS cases are not stored: both sides generate them from the Park-Miller
"minimal standard" generator (x <- 48271 x mod 2^31 - 1), whose integer products stay below 2^53,
so JavaScript and Python produce the same doubles.
"""

import json
import math
import os

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.special import kolmogorov
from sklearn.datasets import load_breast_cancer

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATS_OUT = os.path.join(ROOT, "packages", "stats", "test", "fixtures", "drift-reference.json")
GATES_DIR = os.path.join(ROOT, "packages", "gates", "test", "fixtures")
HOLDOUT = os.path.join(ROOT, "packages", "onnx", "test", "fixtures", "breast-cancer.holdout.csv")
HOLDOUT_EXPECTED = os.path.join(
    ROOT, "packages", "onnx", "test", "fixtures", "breast-cancer.expected.json"
)

EPSILON = 1e-4
QUANTILES = [k / 10 for k in range(1, 10)]


# --- PSI, written from the definition ---


def numeric_psi(ref, cur):
    """ref, cur: float arrays with NaN for missing. Returns edges, counts, psi, js, bins."""
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    rv = ref[~np.isnan(ref)]
    cv = cur[~np.isnan(cur)]
    edges = np.unique(np.quantile(rv, QUANTILES)) if len(rv) else np.array([])
    nb = len(edges) + 1
    rc = np.bincount(np.searchsorted(edges, rv, side="left"), minlength=nb).astype(float)
    cc = np.bincount(np.searchsorted(edges, cv, side="left"), minlength=nb).astype(float)
    rc = np.append(rc, np.isnan(ref).sum())
    cc = np.append(cc, np.isnan(cur).sum())
    out = psi_from_counts(rc, cc)
    out["edges"] = edges.tolist()
    return out


def psi_from_counts(rc, cc):
    p = rc / rc.sum()
    q = cc / cc.sum()
    both_empty = (p == 0) & (q == 0)
    pe = np.where(p == 0, EPSILON, p)
    qe = np.where(q == 0, EPSILON, q)
    terms = np.where(both_empty, 0.0, (qe - pe) * np.log(qe / pe))
    bins = int((~both_empty).sum())
    scale = 1 / rc.sum() + 1 / cc.sum()
    df = bins - 1
    return {
        "refCounts": rc.tolist(),
        "curCounts": cc.tolist(),
        "psi": float(terms.sum()),
        "contributions": terms.tolist(),
        "js": float(jensenshannon(p, q, base=2)),
        "bins": bins,
        "expected": scale * df,
        "quantile99": float(scale * stats.chi2.ppf(0.99, df)) if df > 0 else 0.0,
        "pValue": float(stats.chi2.sf(float(terms.sum()) / scale, df)) if df > 0 else 1.0,
    }


def categorical_psi(ref, cur):
    """ref, cur: lists of str or None. Reference categories first, then unseen ones."""
    names = []
    for v in list(ref) + list(cur):
        if v is not None and v not in names:
            names.append(v)
    rc = np.array([sum(1 for v in ref if v == n) for n in names] + [sum(v is None for v in ref)])
    cc = np.array([sum(1 for v in cur if v == n) for n in names] + [sum(v is None for v in cur)])
    out = psi_from_counts(rc.astype(float), cc.astype(float))
    out["names"] = names
    out["unseen"] = [n for n in names if n not in ref]
    return out


# --- deterministic samples shared with the TypeScript tests ---


def park_miller(seed, n):
    x = seed
    out = np.empty(n)
    for i in range(n):
        x = (48271 * x) % 2147483647
        out[i] = x / 2147483647
    return out


def ks_sample(spec):
    u = park_miller(spec["seed"], spec["n"])
    v = u * spec["scale"] + spec["shift"]
    if spec["decimals"] is not None:
        f = 10.0 ** spec["decimals"]
        v = np.floor(v * f) / f
    return v


def with_missing(values):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


# --- stats fixture ---


def psi_cases():
    nan = float("nan")
    cases = []

    def case(name, ref, cur):
        out = numeric_psi(ref, cur)
        cases.append({"name": name, "ref": with_missing(ref), "cur": with_missing(cur), **out})

    case("one value per decile", list(range(1, 11)), [1, 1, 1, 1, 1, 6, 7, 8, 9, 10])
    case(
        "ties collapse edges",
        [0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 3],
        [0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 4, 5],
    )
    case(
        "missing values form their own bin",
        [1.5, nan, 2.5, 3.5, nan, 4.5, 5.5, 6.5, 7.5, 8.5],
        [1.5, nan, nan, nan, 2.5, 9.5, 9.5, 3.0, nan, 4.0, 5.0, 6.0],
    )
    # Two reference values: every interior edge lies strictly between them, so the middle bins are
    # empty in the reference while the current data fills them (zero shares become 1e-4).
    case("empty reference bins", [0.0, 10.0], [0.0, 2.5, 5.0, 5.0, 7.5, 10.0])
    case("identical samples", [3.25, 1.0, 2.0, 2.0, 5.5], [3.25, 1.0, 2.0, 2.0, 5.5])
    case("constant reference", [4.0] * 8, [4.0, 4.0, 4.0, 5.0, 3.0])
    rng = np.random.default_rng(20240611)
    for shift in (0.0, 0.3, 1.0):
        ref = np.round(rng.normal(0, 1, 400), 3)
        cur = np.round(rng.normal(shift, 1, 300), 3)
        cur[rng.random(300) < 0.05] = nan
        case(f"normal, shift {shift}, 5% missing in current", ref.tolist(), cur.tolist())
    return cases


def categorical_cases():
    cases = []
    for name, ref, cur in [
        (
            "an unseen category and a vanished one",
            ["a", "b", "b", "c", "c", "c", "d", None, "a", "b"],
            ["a", "b", "c", "c", "e", "e", None, None, "a", "b", "c"],
        ),
        ("same shares", ["x", "y", "y", "x"], ["y", "x", "y", "x", "x", "y"]),
    ]:
        cases.append({"name": name, "ref": ref, "cur": cur, **categorical_psi(ref, cur)})
    return cases


def ks_cases():
    specs = [
        ("equal sizes, exact", {"seed": 11, "n": 20}, {"seed": 12, "n": 20}, 0.2, 1.0, None),
        ("unequal sizes with ties, exact", {"seed": 21, "n": 30}, {"seed": 22, "n": 45}, 0.1, 1.0, 1),
        ("no difference, exact", {"seed": 31, "n": 50}, {"seed": 31, "n": 50}, 0.0, 1.0, None),
        ("1000 vs 1500 shifted, exact", {"seed": 41, "n": 1000}, {"seed": 42, "n": 1500}, 0.05, 1.0, 3),
        ("10000 vs 10000, exact", {"seed": 51, "n": 10000}, {"seed": 52, "n": 10000}, 0.01, 1.0, None),
        ("9000 vs 7001 scaled, exact", {"seed": 61, "n": 9000}, {"seed": 62, "n": 7001}, 0.0, 1.03, 4),
        ("12000 vs 9000, asymptotic", {"seed": 71, "n": 12000}, {"seed": 72, "n": 9000}, 0.02, 1.0, None),
        ("40000 vs 60000, asymptotic", {"seed": 81, "n": 40000}, {"seed": 82, "n": 60000}, 0.004, 1.0, 3),
        ("20001 vs 20001 no shift, asymptotic", {"seed": 91, "n": 20001}, {"seed": 92, "n": 20001}, 0.0, 1.0, None),
    ]
    cases = []
    for name, a, b, shift, scale, decimals in specs:
        ref_spec = {**a, "shift": 0.0, "scale": 1.0, "decimals": decimals}
        cur_spec = {**b, "shift": shift, "scale": scale, "decimals": decimals}
        r = stats.ks_2samp(ks_sample(ref_spec), ks_sample(cur_spec))
        method = "exact" if max(a["n"], b["n"]) <= 10000 else "asymptotic"
        cases.append(
            {
                "name": name,
                "ref": ref_spec,
                "cur": cur_spec,
                "statistic": float(r.statistic),
                "pValue": float(r.pvalue),
                "method": method,
            }
        )
    return cases


def chi_square_cases():
    quantiles = []
    for df in (1, 2, 3, 5, 9, 10, 19, 50, 99, 500):
        for p in (0.01, 0.5, 0.9, 0.95, 0.99, 0.999):
            quantiles.append({"p": p, "df": df, "x": float(stats.chi2.ppf(p, df))})
    sf = []
    for df in (1, 4, 9, 30):
        for x in (0.001, 0.5, 3.0, 9.0, 25.0, 80.0):
            sf.append({"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))})
    return {"quantiles": quantiles, "sf": sf}


def bh_reference(p):
    """Benjamini-Hochberg adjusted p-values, from the step-up definition with numpy."""
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out.tolist()


def bh_cases():
    rng = np.random.default_rng(7)
    # The fifteen p-values of Benjamini and Hochberg (1995), section 4.
    paper = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
             0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000]
    random = np.round(rng.random(25) ** 3, 6).tolist()
    return [
        {"name": "Benjamini-Hochberg 1995 example", "p": paper, "adjusted": bh_reference(paper)},
        {"name": "25 skewed p-values", "p": random, "adjusted": bh_reference(random)},
        {"name": "ties", "p": [0.02, 0.02, 0.5, 0.02], "adjusted": bh_reference([0.02, 0.02, 0.5, 0.02])},
    ]


def js_cases():
    cases = []
    for p, q in [
        ([0.5, 0.5, 0.0], [0.0, 0.5, 0.5]),
        ([1.0, 0.0], [0.0, 1.0]),
        ([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]),
        ([3, 1, 0, 6], [1, 1, 4, 4]),
    ]:
        cases.append({"p": p, "q": q, "distance": float(jensenshannon(p, q, base=2))})
    return cases


def kolmogorov_cases():
    return [{"x": x, "sf": float(kolmogorov(x))} for x in (0.05, 0.3, 0.6, 0.9, 1.0, 1.36, 2.0, 4.0, 6.0)]


# --- gates fixtures: breast cancer (bundled with scikit-learn, no download) ---

BC_FEATURES = [
    "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
    "mean compactness", "mean concavity", "mean concave points", "mean symmetry",
    "mean fractal dimension",
]
SIZE_LABELS = ["S", "M", "L", "XL"]


def bc_frames():
    data = load_breast_cancer()
    full = pd.DataFrame(data.data, columns=data.feature_names)
    df = full[BC_FEATURES].copy()
    df.columns = [c.replace(" ", "_") for c in df.columns]
    # A categorical column made from a numeric one: quartile bands of mean area.
    df["size_band"] = pd.qcut(full["mean area"], 4, labels=SIZE_LABELS).astype(str)
    df["diagnosis"] = data.target
    # No drift: a bootstrap resample (with replacement) of the same rows.
    rng = np.random.default_rng(0)
    nodrift = df.iloc[rng.integers(0, len(df), len(df))].reset_index(drop=True)
    # Drift on exactly three columns of that resample: two numeric shifts and one reweighted
    # category (90% of the S rows relabelled XL); every other column is left as it is.
    shifted = nodrift.copy()
    shifted["mean_radius"] = np.round(shifted["mean_radius"] + df["mean_radius"].std(), 3)
    shifted["mean_texture"] = np.round(shifted["mean_texture"] * 1.25, 3)
    small = np.flatnonzero(shifted["size_band"].to_numpy() == "S")
    relabel = small[rng.random(len(small)) < 0.9]
    shifted.loc[relabel, "size_band"] = "XL"
    return df, nodrift, shifted


def column_drift(ref, cur):
    out = {}
    for col in ref.columns:
        if ref[col].dtype == object:
            out[col] = {"kind": "categorical", **categorical_psi(ref[col].tolist(), cur[col].tolist())}
            continue
        r = ref[col].to_numpy(dtype=float)
        c = cur[col].to_numpy(dtype=float)
        psi = numeric_psi(r, c)
        ks = stats.ks_2samp(r[~np.isnan(r)], c[~np.isnan(c)])
        out[col] = {
            "kind": "numeric",
            **psi,
            "ksStatistic": float(ks.statistic),
            "ksPValue": float(ks.pvalue),
        }
    return out


def prediction_halves():
    holdout = pd.read_csv(HOLDOUT)
    with open(HOLDOUT_EXPECTED) as f:
        proba = np.array(json.load(f)["models"]["logistic"]["probabilities"])[:, 1]
    half = len(holdout) // 2
    first, second = holdout.iloc[:half], holdout.iloc[half:]
    return first, second, numeric_psi(proba[:half], proba[half:])


def write_csv(df, name):
    path = os.path.join(GATES_DIR, name)
    df.to_csv(path, index=False, lineterminator="\n")
    return path


def gates_fixtures():
    os.makedirs(GATES_DIR, exist_ok=True)
    ref, nodrift, shifted = bc_frames()
    for df, name in [(ref, "drift-bc-reference.csv"), (nodrift, "drift-bc-nodrift.csv"),
                     (shifted, "drift-bc-shifted.csv")]:
        write_csv(df, name)
    # Read back what was written, so the reference values describe exactly the committed files.
    read = lambda n: pd.read_csv(os.path.join(GATES_DIR, n), dtype={"size_band": object})
    ref, nodrift, shifted = read("drift-bc-reference.csv"), read("drift-bc-nodrift.csv"), read(
        "drift-bc-shifted.csv"
    )
    features = [c for c in ref.columns if c != "diagnosis"]
    nd = column_drift(ref[features], nodrift[features])
    sh = column_drift(ref[features], shifted[features])
    assert max(v["psi"] for v in nd.values()) < 0.1, {k: v["psi"] for k, v in nd.items()}
    over = sorted(k for k, v in sh.items() if v["psi"] >= 0.25)
    assert over == ["mean_radius", "mean_texture", "size_band"], {k: v["psi"] for k, v in sh.items()}
    first, second, prediction = prediction_halves()
    write_csv(first, "drift-holdout-first.csv")
    write_csv(second, "drift-holdout-second.csv")
    reference = {
        "generator": "scripts/oracle/drift_reference.py",
        "nodrift": nd,
        "shifted": sh,
        "predictionHalves": prediction,
    }
    path = os.path.join(GATES_DIR, "drift-gate-reference.json")
    with open(path, "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")
    for name in sorted(os.listdir(GATES_DIR)):
        if name.startswith("drift-"):
            print(f"wrote {name} ({os.path.getsize(os.path.join(GATES_DIR, name))} bytes)")


def main():
    reference = {
        "generator": "scripts/oracle/drift_reference.py",
        "versions": {"numpy": np.__version__, "scipy": __import__("scipy").__version__},
        "epsilon": EPSILON,
        "psi": psi_cases(),
        "categorical": categorical_cases(),
        "ks": ks_cases(),
        "chiSquare": chi_square_cases(),
        "benjaminiHochberg": bh_cases(),
        "jensenShannon": js_cases(),
        "kolmogorov": kolmogorov_cases(),
    }
    os.makedirs(os.path.dirname(STATS_OUT), exist_ok=True)
    with open(STATS_OUT, "w") as f:
        json.dump(reference, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {STATS_OUT} ({os.path.getsize(STATS_OUT)} bytes)")
    gates_fixtures()


if __name__ == "__main__":
    main()
