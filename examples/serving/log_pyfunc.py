"""Logs a model only Python can run (an MLflow pyfunc: a rule on the petal length) and registers
it with the MLflow client as the next version of --name, once for each --kind given. It holds no ONNX, so Slipway's runtime
`auto` serves it with a supervised `mlflow models serve`.

--kind makes a release to try rollouts with:
  good    a sound model (--cut sets its versicolor/virginica border)
  raises  every prediction fails: a broken release that the error-rate gate rolls back
  slow    sleeps --delay-ms per request: a slow release that the p99 gate rolls back

    export MLFLOW_TRACKING_URI=http://localhost:8080 MLFLOW_TRACKING_TOKEN=slw_...
    python log_pyfunc.py --kind good good raises slow     # versions 1 to 4
"""

import argparse
import time

import numpy as np
import pandas as pd
from mlflow.models import infer_signature

import mlflow
import mlflow.pyfunc

COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


class PetalRule(mlflow.pyfunc.PythonModel):
    """setosa below 2.5 cm of petal, versicolor below `cut`, virginica above."""

    def __init__(self, kind, cut, delay_ms):
        self.kind = kind
        self.cut = cut
        self.delay_ms = delay_ms

    def predict(self, context, model_input, params=None):
        if self.kind == "raises":
            raise RuntimeError("this release is broken")
        if self.kind == "slow":
            time.sleep(self.delay_ms / 1000)
        petal = model_input["petal_length"].to_numpy()
        return np.where(petal < 2.5, 0, np.where(petal < self.cut, 1, 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", default="iris-pyfunc", help="the registered model")
    parser.add_argument("--kind", choices=["good", "raises", "slow"], nargs="+", default=["good"],
                        help="one version each")
    parser.add_argument("--cut", type=float, default=4.8, help="petal length from which it says virginica")
    parser.add_argument("--delay-ms", type=int, default=300, help="the wait of --kind slow")
    parser.add_argument("--experiment", default="serving-example")
    args = parser.parse_args()

    example = pd.DataFrame([[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]], columns=COLUMNS)
    signature = infer_signature(example, np.array([0, 2]))

    mlflow.set_experiment(args.experiment)
    for kind in args.kind:
        with mlflow.start_run(run_name=f"iris-pyfunc {kind}"):
            mlflow.log_params({"kind": kind, "cut": args.cut})
            info = mlflow.pyfunc.log_model(name="model", python_model=PetalRule(kind, args.cut, args.delay_ms),
                                           signature=signature, registered_model_name=args.name)
        print(f"registered {args.name} version {info.registered_model_version} ({kind})")


if __name__ == "__main__":
    main()
