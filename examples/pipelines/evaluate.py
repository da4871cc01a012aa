"""Step `evaluate`: measures the trained model on test.csv, logs accuracy and AUC, and writes
the accuracy to --out for the `register` step."""

import argparse
import os

import numpy as np
from sklearn.metrics import accuracy_score, roc_auc_score

import mlflow


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", required=True, help="the folder `prepare` wrote")
    parser.add_argument("--model-uri", required=True, help="the model `train` logged")
    parser.add_argument("--out", required=True, help="the file to write the accuracy to")
    args = parser.parse_args()

    data = np.loadtxt(os.path.join(args.data, "test.csv"), delimiter=",", skiprows=1)
    features, labels = data[:, :-1], data[:, -1].astype(int)
    model = mlflow.sklearn.load_model(args.model_uri)
    accuracy = accuracy_score(labels, model.predict(features))
    auc = roc_auc_score(labels, model.predict_proba(features)[:, 1])
    with mlflow.start_run(run_id=os.environ["MLFLOW_RUN_ID"]):
        mlflow.log_param("model_uri", args.model_uri)
        mlflow.log_metrics({"accuracy": accuracy, "auc": auc, "test_rows": len(labels)})
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(f"{accuracy:.4f}")
    print(f"{args.model_uri} on {len(labels)} test rows: accuracy {accuracy:.4f}, AUC {auc:.4f}")


if __name__ == "__main__":
    main()
