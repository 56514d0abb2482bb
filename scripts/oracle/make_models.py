#!/usr/bin/python3
"""Trains scikit-learn models on datasets bundled with scikit-learn (no downloads), writes them
as ONNX graphs laid out the way skl2onnx lays them out, and writes the holdout rows, sklearn's
per-row probabilities and sklearn's metrics, so the TypeScript tests compare against sklearn.

Run with Debian's python (scikit-learn 1.2, numpy, onnx 1.12):
    /usr/bin/python3 scripts/oracle/make_models.py [OUT_DIR]
OUT_DIR defaults to packages/onnx/test/fixtures. Output is deterministic (fixed seeds).

Files per dataset D:
    D.holdout.csv       holdout rows with a header, features in model input order, label `target`
    D.<model>.onnx      the models
    D.expected.json     per sklearn model: its ONNX files (with ZipMap, a zipmap=False twin, a fixed
                        batch-1 input), classes, predict() labels, predict_proba rows (float64)
    D.reference.json    per model: sklearn metrics on predict_proba over the holdout
and, when ../shared/fixtures/real-models is present, iris.csv and real-models.expected.json.
"""

import csv
import json
import math
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
from onnx import TensorProto, helper
from sklearn import metrics
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "packages", "onnx", "test", "fixtures")

# Opset 13 / ai.onnx.ml 1 load in every ONNX Runtime release since 1.7.
OPSETS = [helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)]
# The holdout split every dataset uses.
SPLIT = {"test_size": 0.25, "random_state": 0, "stratify": True}
# statistics.md: log loss clips probabilities to [1e-15, 1 - 1e-15]; binary decisions are score >= 0.5.
LOG_LOSS_EPS = 1e-15
THRESHOLD = 0.5


def main():
    os.makedirs(OUT, exist_ok=True)
    breast_cancer()
    wine()
    customers()
    real_models()


# --- datasets ---------------------------------------------------------------------------------


def breast_cancer():
    data = load_breast_cancer()
    names = [n.replace(" ", "_") for n in data.feature_names]
    x_train, x_test, y_train, y_test = split(data.data, data.target)

    scaler = StandardScaler().fit(x_train)
    logistic = LogisticRegression(max_iter=5000).fit(scaler.transform(x_train), y_train)
    proba_lr = logistic.predict_proba(scaler.transform(x_test))
    labels_lr = logistic.predict(scaler.transform(x_test))
    for name, batch, zipmap in (("logistic", None, True), ("logistic-batch1", 1, True), ("logistic-nozipmap", None, False)):
        graph = scaled_logistic_graph(scaler, logistic, len(names), batch, zipmap)
        save(f"breast-cancer.{name}.onnx", graph)

    boosting = GradientBoostingClassifier(n_estimators=30, max_depth=3, random_state=0).fit(x_train, y_train)
    save("breast-cancer.gradient-boosting.onnx", gradient_boosting_graph(boosting, len(names)))

    write_csv("breast-cancer.holdout.csv", names, x_test, y_test)
    models = {
        "logistic": (logistic.classes_, labels_lr, proba_lr, ["logistic", "logistic-batch1", "logistic-nozipmap"]),
        "gradient-boosting": (
            boosting.classes_, boosting.predict(x_test), boosting.predict_proba(x_test), ["gradient-boosting"]
        ),
    }
    write_expected("breast-cancer", "sklearn.datasets.load_breast_cancer", names, y_test, models)


def wine():
    data = load_wine()
    names = [n.replace("/", "_") for n in data.feature_names]
    x_train, x_test, y_train, y_test = split(data.data, data.target)
    # Shallow trees: at depth 4 the forest classifies every holdout row right, leaving metrics nothing to tell.
    forest = RandomForestClassifier(n_estimators=10, max_depth=2, random_state=0).fit(x_train, y_train)
    save("wine.random-forest.onnx", random_forest_graph(forest, len(names), True))
    save("wine.random-forest-nozipmap.onnx", random_forest_graph(forest, len(names), False))
    write_csv("wine.holdout.csv", names, x_test, y_test)
    models = {
        "random-forest": (
            forest.classes_, forest.predict(x_test), forest.predict_proba(x_test),
            ["random-forest", "random-forest-nozipmap"],
        )
    }
    write_expected("wine", "sklearn.datasets.load_wine", names, y_test, models)


def customers():
    """A small synthetic churn table with one input per column: a string, an int64 and floats."""
    rng = np.random.default_rng(7)
    n = 800
    plans = np.array(["basic", "plus", "pro"])
    plan = plans[rng.integers(0, 3, n)]
    visits = rng.poisson(6, n).astype(np.int64)
    tenure = np.round(rng.gamma(2.0, 12.0, n), 1)
    spend = np.round(rng.normal(50, 15, n), 2)
    logit = 0.9 * (plan == "pro") - 0.6 * (plan == "basic") + 0.12 * (visits - 6) - 0.04 * (tenure - 24)
    logit = logit + 0.03 * (spend - 50) + rng.normal(0, 0.5, n)
    target = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int64)
    spend[rng.random(n) < 0.06] = np.nan  # missing cells, imputed inside the model

    idx_train, idx_test = train_test_split(
        np.arange(n), test_size=SPLIT["test_size"], random_state=SPLIT["random_state"], stratify=target
    )
    # A plan never seen in training: one-hot encoders map it to all zeros on both sides.
    plan = plan.astype(object)
    plan[idx_test[:3]] = "legacy"

    numeric = ["tenure_months", "monthly_spend", "visits"]
    columns = {"plan": plan, "visits": visits, "tenure_months": tenure, "monthly_spend": spend}

    def numeric_matrix(rows):
        return np.column_stack([columns[c][rows].astype(np.float64) for c in numeric])

    imputer = SimpleImputer(strategy="median").fit(numeric_matrix(idx_train))
    scaler = StandardScaler().fit(imputer.transform(numeric_matrix(idx_train)))
    encoder = OneHotEncoder(handle_unknown="ignore").fit(plan[idx_train].reshape(-1, 1))

    def features(rows):
        num = scaler.transform(imputer.transform(numeric_matrix(rows)))
        return np.hstack([num, encoder.transform(plan[rows].reshape(-1, 1)).toarray()])

    logistic = LogisticRegression(max_iter=5000).fit(features(idx_train), target[idx_train])
    graph = customers_graph(imputer, scaler, encoder, logistic, numeric)
    save("customers.logistic.onnx", graph)

    header = ["plan", "visits", "tenure_months", "monthly_spend"]
    with open(os.path.join(OUT, "customers.holdout.csv"), "w", newline="\n") as f:
        f.write(",".join(header + ["target"]) + "\n")
        for r in idx_test:
            cells = [plan[r], str(visits[r]), num(tenure[r]), num(spend[r]), str(target[r])]
            f.write(",".join(cells) + "\n")
    x_test = features(idx_test)
    models = {"logistic": (logistic.classes_, logistic.predict(x_test), logistic.predict_proba(x_test), ["logistic"])}
    write_expected("customers", "synthetic (numpy default_rng(7))", header, target[idx_test], models)


def real_models():
    """Expected probabilities of published converter models, computed by a small numpy evaluator
    of their graphs (independent of ONNX Runtime): two iris models on the iris rows, and both
    titanic pipelines on small_titanic.csv."""
    folder = os.path.join(os.path.dirname(ROOT), "shared", "fixtures", "real-models")
    if not os.path.isdir(folder):
        print(f"skipping real-models expectations: {folder} is absent")
        return
    iris = load_iris()
    names = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    write_csv("iris.csv", names, iris.data, iris.target)
    x = iris.data.astype(np.float32)
    expected = {"models": {}}
    for file, features in (("logreg_iris.onnx", names[:2]), ("rf_iris.onnx", names)):
        model = onnx.load(os.path.join(folder, file))
        feeds = {model.graph.input[0].name: x[:, [names.index(f) for f in features]]}
        expected["models"][file] = {"data": "iris.csv", "features": features, **run_classifier(model, feeds)}

    with open(os.path.join(folder, "small_titanic.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    for file in ("pipeline_titanic.onnx", "pipeline_titanic_nozipmap.onnx"):
        model = onnx.load(os.path.join(folder, file))
        feeds = {}
        for value in model.graph.input:
            cells = [r[value.name] for r in rows]
            elem = value.type.tensor_type.elem_type
            if elem == TensorProto.STRING:
                column = np.array(cells, dtype=object)
            elif elem == TensorProto.INT64:
                column = np.array([int(c) for c in cells], dtype=np.int64)
            else:
                column = np.array([float(c) if c != "" else np.nan for c in cells], dtype=np.float32)
            feeds[value.name] = column.reshape(-1, 1)
        expected["models"][file] = {"data": "../shared/fixtures/real-models/small_titanic.csv",
                                    **run_classifier(model, feeds)}
    dump("real-models.expected.json", expected)


def run_classifier(model, feeds):
    values = run_graph(model, feeds)
    zipmap = [n for n in model.graph.node if n.op_type == "ZipMap"]
    probabilities = values[zipmap[0].input[0]] if zipmap else values[model.graph.output[1].name]
    label = values[model.graph.output[0].name].ravel()
    return {
        "labels": [int(v) for v in label],
        "probabilities": [[float(p) for p in row] for row in probabilities],
    }


def run_graph(model, feeds):
    """Evaluates the operators converter pipelines use, after onnx/docs/Operators.md and
    Operators-ml.md, in float64 on float32 inputs. ZipMap is left out: its input is the answer."""
    values = dict(feeds)
    for init in model.graph.initializer:
        values[init.name] = onnx.numpy_helper.to_array(init)
    for node in model.graph.node:
        a = {x.name: helper.get_attribute_value(x) for x in node.attribute}
        x = [values[i] for i in node.input]
        op = node.op_type
        if op == "ZipMap":
            continue
        if op == "Cast":
            to = {TensorProto.FLOAT: np.float32, TensorProto.INT64: np.int64, TensorProto.DOUBLE: np.float64}
            out = [x[0].astype(to[a["to"]])]
        elif op == "Concat":
            out = [np.concatenate(x, axis=a["axis"])]
        elif op == "Reshape":
            out = [x[0].reshape(x[1])]
        elif op == "OneHotEncoder":
            cats = [c.decode() for c in a["cats_strings"]] if "cats_strings" in a else list(a["cats_int64s"])
            flat = x[0].ravel()
            hot = np.zeros((len(flat), len(cats)), dtype=np.float32)
            for r, v in enumerate(flat):
                key = v if isinstance(v, str) else int(v)
                if key in cats:
                    hot[r, cats.index(key)] = 1
            out = [hot.reshape(x[0].shape + (len(cats),))]
        elif op == "Imputer":
            fill = np.array(a["imputed_value_floats"], dtype=np.float64)
            v = x[0].astype(np.float64)
            out = [np.where(np.isnan(v), np.broadcast_to(fill, v.shape), v)]
        elif op == "Scaler":
            out = [(x[0].astype(np.float64) - np.array(a["offset"])) * np.array(a["scale"])]
        elif op == "LinearClassifier":
            classes = list(a["classlabels_ints"])
            w = np.array(a["coefficients"], dtype=np.float64).reshape(len(classes), -1)
            scores = x[0].astype(np.float64) @ w.T + np.array(a["intercepts"], dtype=np.float64)
            out = [np.array(classes)[np.argmax(scores, axis=1)], post_transform(scores, a.get("post_transform"))]
        elif op == "Normalizer":
            assert a["norm"] == b"L1"
            out = [x[0] / np.abs(x[0]).sum(axis=1, keepdims=True)]
        elif op == "TreeEnsembleClassifier":
            classes = list(a["classlabels_int64s"])
            scores = post_transform(tree_scores(a, x[0], len(classes)), a.get("post_transform"))
            out = [np.array(classes)[np.argmax(scores, axis=1)], scores]
        else:
            raise ValueError(f"operator {op} is not in this evaluator")
        for name, value in zip(node.output, out):
            values[name] = value
    return values


def post_transform(scores, name):
    if name in (None, b"NONE"):
        return scores
    if name == b"LOGISTIC":
        return 1 / (1 + np.exp(-scores))
    if name == b"SOFTMAX":
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise ValueError(f"post_transform {name}")


def tree_scores(a, x, k):
    index = {(t, n): i for i, (t, n) in enumerate(zip(a["nodes_treeids"], a["nodes_nodeids"]))}
    leaves = {}
    for t, n, c, w in zip(a["class_treeids"], a["class_nodeids"], a["class_ids"], a["class_weights"]):
        leaves.setdefault((t, n), []).append((c, w))
    thresholds = np.array(a["nodes_values"], dtype=np.float32)
    out = np.zeros((len(x), k))
    for r, row in enumerate(x.astype(np.float32)):
        for tree in sorted(set(a["nodes_treeids"])):
            i = index[(tree, 0)]
            while a["nodes_modes"][i] != b"LEAF":
                assert a["nodes_modes"][i] == b"BRANCH_LEQ"
                child = a["nodes_truenodeids"][i] if row[a["nodes_featureids"][i]] <= thresholds[i] else a[
                    "nodes_falsenodeids"][i]
                i = index[(tree, child)]
            for c, w in leaves.get((tree, a["nodes_nodeids"][i]), []):
                out[r, c] += w
    return out


# --- graphs, laid out as skl2onnx writes them -------------------------------------------------


def scaled_logistic_graph(scaler, logistic, n_features, batch, zipmap):
    """StandardScaler + LogisticRegression: Scaler, LinearClassifier, Normalizer, Cast, ZipMap."""
    batch_dim = batch if batch is not None else None
    nodes = [
        helper.make_node(
            "Scaler", ["float_input"], ["variable"], name="Scaler", domain="ai.onnx.ml",
            offset=as_float32(scaler.mean_), scale=as_float32(1.0 / scaler.scale_),
        ),
        *linear_classifier_nodes("variable", logistic),
    ]
    return classifier_graph(
        "breast_cancer_logistic", nodes,
        [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [batch_dim, n_features])],
        batch_dim,
        zipmap=zipmap,
    )


def linear_classifier_nodes(features, logistic):
    """Binary LogisticRegression: two rows [-w, w], intercepts [-b, b], LOGISTIC, then L1 Normalizer."""
    coef = logistic.coef_.ravel()
    intercept = float(logistic.intercept_[0])
    return [
        helper.make_node(
            "LinearClassifier", [features], ["label", "probability_tensor"], name="LinearClassifier",
            domain="ai.onnx.ml", classlabels_ints=[int(c) for c in logistic.classes_],
            coefficients=as_float32(np.concatenate([-coef, coef])),
            intercepts=as_float32([-intercept, intercept]), multi_class=0, post_transform="LOGISTIC",
        ),
        helper.make_node(
            "Normalizer", ["probability_tensor"], ["probabilities"], name="Normalizer", domain="ai.onnx.ml",
            norm="L1",
        ),
    ]


def classifier_graph(name, nodes, inputs, batch_dim, classes=(0, 1), zipmap=True):
    """Appends Cast(label) and ZipMap(probabilities) and declares the converter's two outputs;
    with zipmap=False the converter's `label` and `probabilities` tensors are the outputs."""
    if not zipmap:
        outputs = [
            helper.make_tensor_value_info("label", TensorProto.INT64, [batch_dim]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [batch_dim, len(classes)]),
        ]
        return helper.make_graph(nodes, name, inputs, outputs)
    nodes = nodes + [
        helper.make_node("Cast", ["label"], ["output_label"], name="Cast", to=TensorProto.INT64),
        helper.make_node(
            "ZipMap", ["probabilities"], ["output_probability"], name="ZipMap", domain="ai.onnx.ml",
            classlabels_int64s=[int(c) for c in classes],
        ),
    ]
    zipmap_type = onnx.TypeProto()  # seq(map(int64, tensor(float))); onnx 1.12 has no map helper
    zipmap_type.sequence_type.elem_type.map_type.key_type = TensorProto.INT64
    zipmap_type.sequence_type.elem_type.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    outputs = [
        helper.make_tensor_value_info("output_label", TensorProto.INT64, [batch_dim]),
        helper.make_value_info("output_probability", zipmap_type),
    ]
    return helper.make_graph(nodes, name, inputs, outputs)


def gradient_boosting_graph(model, n_features):
    """Binary GradientBoostingClassifier: one score per leaf (class id 0), base value, LOGISTIC."""
    attrs = tree_attributes()
    for tree_id, estimator in enumerate(model.estimators_[:, 0]):
        add_tree(attrs, estimator.tree_, tree_id, lambda value: [float(value[0][0]) * model.learning_rate])
    base = model._raw_predict_init(np.zeros((1, n_features))).ravel()
    return tree_graph("breast_cancer_gradient_boosting", attrs, model.classes_, n_features, "LOGISTIC", base, True)


def random_forest_graph(model, n_features, zipmap):
    """RandomForestClassifier: per leaf the class proportions divided by the number of trees."""
    attrs = tree_attributes()
    n = len(model.estimators_)
    for tree_id, estimator in enumerate(model.estimators_):
        add_tree(attrs, estimator.tree_, tree_id, lambda value: [v / value[0].sum() / n for v in value[0]])
    return tree_graph("wine_random_forest", attrs, model.classes_, n_features, "NONE", None, zipmap)


def tree_attributes():
    keys = ["nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
            "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true", "nodes_hitrates",
            "class_treeids", "class_nodeids", "class_ids", "class_weights"]
    return {k: [] for k in keys}


def add_tree(attrs, tree, tree_id, leaf_weights):
    for i in range(tree.node_count):
        leaf = tree.children_left[i] == -1
        attrs["nodes_treeids"].append(tree_id)
        attrs["nodes_nodeids"].append(i)
        attrs["nodes_featureids"].append(0 if leaf else int(tree.feature[i]))
        attrs["nodes_modes"].append("LEAF" if leaf else "BRANCH_LEQ")
        attrs["nodes_values"].append(0.0 if leaf else float32_threshold(tree.threshold[i]))
        attrs["nodes_truenodeids"].append(0 if leaf else int(tree.children_left[i]))
        attrs["nodes_falsenodeids"].append(0 if leaf else int(tree.children_right[i]))
        attrs["nodes_missing_value_tracks_true"].append(0)
        attrs["nodes_hitrates"].append(1.0)
        if leaf:
            for class_id, weight in enumerate(leaf_weights(tree.value[i])):
                attrs["class_treeids"].append(tree_id)
                attrs["class_nodeids"].append(i)
                attrs["class_ids"].append(class_id)
                attrs["class_weights"].append(float(np.float32(weight)))


def float32_threshold(threshold):
    """sklearn tests float32(x) <= threshold in float64; ONNX compares float32 with float32. The
    largest float32 not above the threshold gives the same split for every float32 x (skl2onnx
    `sklearn_threshold` makes the same adjustment)."""
    t = np.float32(threshold)
    if float(t) > threshold:
        t = np.nextafter(t, np.float32(-np.inf))
    return float(t)


def tree_graph(name, attrs, classes, n_features, post_transform, base_values, zipmap):
    extra = {} if base_values is None else {"base_values": as_float32(base_values)}
    tree = helper.make_node(
        "TreeEnsembleClassifier", ["float_input"], ["label", "probabilities"], name="TreeEnsembleClassifier",
        domain="ai.onnx.ml", classlabels_int64s=[int(c) for c in classes], post_transform=post_transform,
        **{k: v for k, v in attrs.items()}, **extra,
    )
    inputs = [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, [None, n_features])]
    return classifier_graph(name, [tree], inputs, None, classes, zipmap)


def customers_graph(imputer, scaler, encoder, logistic, numeric):
    """Per-column inputs as skl2onnx writes a ColumnTransformer: Cast the int64 column, Concat the
    numbers, Imputer (NaN -> median), Scaler, OneHotEncoder + Reshape the string, Concat."""
    categories = [str(c) for c in encoder.categories_[0]]
    nodes = [
        helper.make_node("Cast", ["visits"], ["visits_cast"], name="Cast1", to=TensorProto.FLOAT),
        helper.make_node("Concat", ["tenure_months", "monthly_spend", "visits_cast"], ["merged_columns"],
                         name="Concat", axis=1),
        helper.make_node(
            "Imputer", ["merged_columns"], ["imputed"], name="Imputer", domain="ai.onnx.ml",
            imputed_value_floats=as_float32(imputer.statistics_), replaced_value_float=float("nan"),
        ),
        helper.make_node(
            "Scaler", ["imputed"], ["scaled"], name="Scaler", domain="ai.onnx.ml",
            offset=as_float32(scaler.mean_), scale=as_float32(1.0 / scaler.scale_),
        ),
        helper.make_node("OneHotEncoder", ["plan"], ["plan_onehot"], name="OneHotEncoder", domain="ai.onnx.ml",
                         cats_strings=categories, zeros=1),
        helper.make_node("Reshape", ["plan_onehot", "shape_tensor"], ["plan_2d"], name="Reshape"),
        helper.make_node("Concat", ["scaled", "plan_2d"], ["features"], name="Concat1", axis=1),
        *linear_classifier_nodes("features", logistic),
    ]
    inputs = [
        helper.make_tensor_value_info("plan", TensorProto.STRING, [None, 1]),
        helper.make_tensor_value_info("visits", TensorProto.INT64, [None, 1]),
        helper.make_tensor_value_info("tenure_months", TensorProto.FLOAT, [None, 1]),
        helper.make_tensor_value_info("monthly_spend", TensorProto.FLOAT, [None, 1]),
    ]
    graph = classifier_graph("customers_logistic", nodes, inputs, None)
    graph.initializer.append(helper.make_tensor("shape_tensor", TensorProto.INT64, [2], [-1, len(categories)]))
    return graph


# --- output -----------------------------------------------------------------------------------


def split(x, y):
    return train_test_split(x, y, test_size=SPLIT["test_size"], random_state=SPLIT["random_state"], stratify=y)


def as_float32(values):
    return [float(v) for v in np.asarray(values, dtype=np.float32)]


def save(file, graph):
    model = helper.make_model(graph, opset_imports=OPSETS, producer_name="mlgate-oracle")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, file))


def num(v):
    if isinstance(v, float) and math.isnan(v):
        return ""
    return repr(float(v)) if not float(v).is_integer() else str(int(v))


def write_csv(file, names, x, y):
    with open(os.path.join(OUT, file), "w", newline="\n") as f:
        f.write(",".join(names + ["target"]) + "\n")
        for row, label in zip(x, y):
            f.write(",".join([num(v) for v in row] + [str(int(label))]) + "\n")


def write_expected(dataset, source, features, y_true, models):
    expected = {"dataset": dataset, "rows": len(y_true), "features": features, "label": "target", "models": {}}
    reference = {
        "dataset": dataset,
        "source": source,
        "split": SPLIT,
        "rows": len(y_true),
        "label": "target",
        "sklearn": __import__("sklearn").__version__,
        "conventions": {"threshold": "positive when P(class 1) >= 0.5", "log_loss_eps": LOG_LOSS_EPS},
        "models": {},
    }
    for name, (classes, labels, proba, files) in models.items():
        expected["models"][name] = {
            "files": [f"{dataset}.{f}.onnx" for f in files],
            "classes": [int(c) for c in classes],
            "labels": [int(v) for v in labels],
            "probabilities": [[float(p) for p in row] for row in proba],
        }
        reference["models"][name] = binary_metrics(y_true, proba) if len(classes) == 2 else multiclass_metrics(
            y_true, proba, classes
        )
    dump(f"{dataset}.expected.json", expected)
    dump(f"{dataset}.reference.json", reference)


def binary_metrics(y, proba):
    p = proba[:, 1]
    pred = (p >= THRESHOLD).astype(int)
    return {
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred),
        "recall": metrics.recall_score(y, pred),
        "f1": metrics.f1_score(y, pred),
        "roc_auc": metrics.roc_auc_score(y, p),
        "average_precision": metrics.average_precision_score(y, p),
        "log_loss": metrics.log_loss(y, proba, eps=LOG_LOSS_EPS),
        "brier": metrics.brier_score_loss(y, p),
        "balanced_accuracy": metrics.balanced_accuracy_score(y, pred),
        "mcc": metrics.matthews_corrcoef(y, pred),
    }


def multiclass_metrics(y, proba, classes):
    pred = classes[np.argmax(proba, axis=1)]
    return {
        "accuracy": metrics.accuracy_score(y, pred),
        "macro_f1": metrics.f1_score(y, pred, average="macro"),
        "weighted_f1": metrics.f1_score(y, pred, average="weighted"),
        "log_loss": metrics.log_loss(y, proba, eps=LOG_LOSS_EPS, labels=classes),
        "roc_auc_ovr": metrics.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=classes),
    }


def dump(file, value):
    with open(os.path.join(OUT, file), "w", newline="\n") as f:
        f.write(to_json(value, "") + "\n")


def to_json(value, pad):
    """JSON with objects indented and lists of scalars (a row, a label list) on one line."""
    if isinstance(value, dict):
        inner = pad + " "
        items = [f"{inner}{json.dumps(k)}: {to_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(v, (list, dict)) for v in value):
        inner = pad + " "
        return "[\n" + ",\n".join(inner + to_json(v, inner) for v in value) + "\n" + pad + "]"
    return json.dumps(value, default=float, separators=(",", ":")) if isinstance(value, list) else json.dumps(
        value, default=float
    )


if __name__ == "__main__":
    main()
