"""Step `train`: fits a logistic regression on train.csv and logs it to the step's tracking run.

Slipway has already created the step's run and passes its id in MLFLOW_RUN_ID, which
mlflow.start_run() resumes; MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN sign the client in.
Writes the logged model's URI (models:/m-...) to --out.
"""

import argparse
import os

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import mlflow


def read(folder, name):
    data = np.loadtxt(os.path.join(folder, name), delimiter=",", skiprows=1)
    return data[:, :-1], data[:, -1].astype(int)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, help="the folder `prepare` wrote")
    parser.add_argument("--C", type=float, required=True, help="inverse regularization strength")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True, help="the file to write the model URI to")
    args = parser.parse_args()

    # Read before the run starts: mlflow clears the variable when the run ends.
    run_id = os.environ["MLFLOW_RUN_ID"]
    features, labels = read(args.data, "train.csv")
    print(f"training on {len(labels)} rows with C={args.C}")
    with mlflow.start_run(run_id=run_id):
        model = make_pipeline(StandardScaler(), LogisticRegression(C=args.C, random_state=args.seed))
        model.fit(features, labels)
        mlflow.log_params({"C": args.C, "seed": args.seed, "train_rows": len(labels)})
        mlflow.log_metric("train_accuracy", model.score(features, labels))
        info = mlflow.sklearn.log_model(model, name="model", input_example=features[:3])
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(info.model_uri)
    print(f"logged {info.model_uri} in run {run_id}")


if __name__ == "__main__":
    main()
