"""Trains an iris classifier with scikit-learn, converts it to ONNX with skl2onnx and registers
it with the MLflow client as the next version of --name, once for each --C given. Slipway
serves it in-process with ONNX Runtime: no Python runs when it answers.

    export MLFLOW_TRACKING_URI=http://localhost:8080 MLFLOW_TRACKING_TOKEN=slw_...
    python train_onnx.py --C 1.0 0.5 0.01      # versions 1, 2 and 3
"""

import argparse

import numpy as np
import pandas as pd
from mlflow.models import infer_signature
from skl2onnx import to_onnx
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

import mlflow
import mlflow.onnx

COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", default="iris-onnx", help="the registered model")
    parser.add_argument("--C", type=float, nargs="+", default=[1.0],
                        help="inverse regularization strength, one version each")
    parser.add_argument("--experiment", default="serving-example")
    args = parser.parse_args()

    features, labels = load_iris(return_X_y=True)
    mlflow.set_experiment(args.experiment)
    for c in args.C:
        register(args.name, c, features, labels)


def register(name, c, features, labels):
    model = LogisticRegression(C=c, max_iter=1000).fit(features, labels)
    # One FLOAT input of shape [-1, 4] and a plain label output (no ZipMap): Slipway packs
    # the signature's columns into that input in their order.
    onnx_model = to_onnx(model, features[:1].astype(np.float32), options={id(model): {"zipmap": False}},
                         target_opset=17)
    frame = pd.DataFrame(features, columns=COLUMNS)
    signature = infer_signature(frame, model.predict(features))

    with mlflow.start_run(run_name=f"iris-onnx C={c}"):
        mlflow.log_param("C", c)
        mlflow.log_metric("train_accuracy", model.score(features, labels))
        info = mlflow.onnx.log_model(onnx_model, name="model", signature=signature, registered_model_name=name)
    print(f"registered {name} version {info.registered_model_version} (C={c})")


if __name__ == "__main__":
    main()
