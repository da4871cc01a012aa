"""Writes the tiny ONNX models platform-core's serving tests load, with what scikit-learn
predicted for a few rows, so the Java tests need no Python.

Run from the repository root with a venv holding platform-web/src/test/python/requirements.txt
(skl2onnx, onnxruntime, onnx, mlflow-skinny, scikit-learn):

    python platform-core/src/test/python/serving/make_models.py

It rewrites platform-core/src/test/resources/serving/; commit what changed.
"""

import json
import shutil
from pathlib import Path

import mlflow.onnx
import onnx
import numpy as np
import onnxruntime as ort
import pandas as pd
from mlflow.models import infer_signature
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_iris
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline

OUT = Path(__file__).resolve().parents[2] / "resources" / "serving"
COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def fresh(name):
    path = OUT / name
    if path.exists():
        shutil.rmtree(path)
    return path


def write_expected(path, rows, **outputs):
    """expected.json: the input rows and each output as scikit-learn gave it."""
    body = {"columns": COLUMNS if rows.shape[1] == 4 else ["a", "b"], "rows": rows.tolist()}
    body.update({k: np.asarray(v).tolist() for k, v in outputs.items()})
    (path / "expected.json").write_text(json.dumps(body, indent=1) + "\n")


def strip_environment(path):
    """Drops the environment files mlflow writes: the tests read MLmodel and the model only."""
    for name in ("conda.yaml", "python_env.yaml", "requirements.txt"):
        (path / name).unlink(missing_ok=True)


def check_ort(onx, feeds, expected, output=1):
    """The model must agree with scikit-learn under Python's onnxruntime before Java sees it."""
    got = ort.InferenceSession(onx.SerializeToString()).run(None, feeds)[output]
    assert np.allclose(got, expected, atol=1e-5), (got, expected)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    X, y = load_iris(return_X_y=True)
    clf = LogisticRegression(max_iter=500).fit(X, y)
    sample = X[[0, 50, 100, 25, 75, 125]]
    labels = clf.predict(sample)
    probabilities = clf.predict_proba(sample.astype(np.float32))

    # 1. MLflow onnx flavor, column-based signature (double columns), no ZipMap, opset 17:
    # a Frame is packed into the single [-1, 4] FLOAT input in signature order.
    plain = to_onnx(clf, X[:1].astype(np.float32), options={id(clf): {"zipmap": False}}, target_opset=17)
    check_ort(plain, {"X": sample.astype(np.float32)}, probabilities)
    path = fresh("lr_plain")
    frame = pd.DataFrame(sample, columns=COLUMNS)
    mlflow.onnx.save_model(plain, path, signature=infer_signature(frame, labels))
    strip_environment(path)
    write_expected(path, sample, label=labels, probabilities=probabilities)

    # 2. The same model with skl2onnx's default ZipMap output, as a bare .onnx file.
    zipmap = to_onnx(clf, X[:1].astype(np.float32), target_opset=17)
    path = fresh("lr_zipmap")
    path.mkdir()
    (path / "model.onnx").write_bytes(zipmap.SerializeToString())
    write_expected(path, sample, label=labels, probabilities=probabilities)

    # 3. MLflow onnx flavor, tensor-based signature (float32 [-1, 4]).
    path = fresh("lr_tensor")
    mlflow.onnx.save_model(plain, path, signature=infer_signature(sample.astype(np.float32), labels))
    strip_environment(path)
    write_expected(path, sample, label=labels, probabilities=probabilities)

    # 4. A regressor whose graph has two named [-1, 1] inputs (one per column), with a
    # column-based signature.
    ab = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.25], [10.0, 4.0]])
    ab_frame = pd.DataFrame(ab, columns=["a", "b"])
    # A ColumnTransformer over named columns is what makes skl2onnx accept one graph input
    # per column (a bare regressor takes a single matrix).
    reg = make_pipeline(
        ColumnTransformer([("ab", "passthrough", ["a", "b"])]), LinearRegression()
    ).fit(ab_frame, 3 * ab[:, 0] - 2 * ab[:, 1] + 1 + np.array([0.1, -0.1, 0.05, 0.0]))
    named = to_onnx(
        reg,
        initial_types=[("a", FloatTensorType([None, 1])), ("b", FloatTensorType([None, 1]))],
        target_opset=17,
    )
    reg_out = reg.predict(ab_frame.astype(np.float32))
    check_ort(
        named,
        {"a": ab[:, :1].astype(np.float32), "b": ab[:, 1:].astype(np.float32)},
        reg_out.reshape(-1, 1),
        output=0,
    )
    path = fresh("reg_named")
    mlflow.onnx.save_model(named, path, signature=infer_signature(ab_frame, reg_out))
    strip_environment(path)
    write_expected(path, ab, variable=reg_out)

    # 5. A graph that runs on any non-empty input and fails inside ONNX Runtime on an empty
    # one (Gather of row 0): the runtime's "the model failed" path on a valid request.
    graph = helper.make_graph(
        [helper.make_node("Gather", ["X", "first"], ["Y"], axis=0)],
        "first_row",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 2])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1, 2])],
        [numpy_helper.from_array(np.array([0], dtype=np.int64), "first")],
    )
    first_row = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(first_row)
    path = fresh("first_row")
    path.mkdir()
    (path / "model.onnx").write_bytes(first_row.SerializeToString())

    # 6. A graph that loops as many times as its scalar input says: the runtime's time limit
    # is tested by asking for a billion iterations (the warm-up's zero costs nothing).
    body = helper.make_graph(
        [
            helper.make_node("Add", ["acc_in", "one"], ["acc_out"]),
            helper.make_node("Identity", ["cond_in"], ["cond_out"]),
        ],
        "body",
        [
            helper.make_tensor_value_info("i", TensorProto.INT64, []),
            helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
            helper.make_tensor_value_info("acc_in", TensorProto.FLOAT, []),
        ],
        [
            helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
            helper.make_tensor_value_info("acc_out", TensorProto.FLOAT, []),
        ],
        [numpy_helper.from_array(np.array(1, dtype=np.float32), "one")],
    )
    graph = helper.make_graph(
        [helper.make_node("Loop", ["n", "", "zero"], ["count"], body=body)],
        "slow_loop",
        [helper.make_tensor_value_info("n", TensorProto.INT64, [])],
        [helper.make_tensor_value_info("count", TensorProto.FLOAT, [])],
        [numpy_helper.from_array(np.array(0, dtype=np.float32), "zero")],
    )
    slow = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(slow)
    assert ort.InferenceSession(slow.SerializeToString()).run(None, {"n": np.array(5)})[0] == 5
    path = fresh("slow_loop")
    path.mkdir()
    (path / "model.onnx").write_bytes(slow.SerializeToString())

    for f in sorted(OUT.rglob("*")):
        if f.is_file():
            assert f.stat().st_size < 50_000, f
            print(f.relative_to(OUT), f.stat().st_size)


if __name__ == "__main__":
    main()
