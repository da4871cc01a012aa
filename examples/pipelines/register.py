"""Step `register`: registers the model as a new version of --name and moves it into --stage,
but only when its accuracy beats that of the version now in --stage.

The bar is the current version's tag `accuracy` (set by this step on every version it
registers), else the metric `accuracy` of its source run. A version with neither was put there
another way, and is kept. Writes "registered N" or "kept current" to --out.

Staging needs no approval under Slipway's default policy; Production does (for anyone below
ADMIN). With --stage Production this step then files a transition request instead, which a
maintainer approves on the version page.
"""

import argparse
import os
import warnings

import requests

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

# Stages are deprecated in MLflow since 2.9 but remain what Slipway governs (docs/registry.md).
warnings.filterwarnings("ignore", message=".*is deprecated since 2.9.0", category=FutureWarning)


def current_version(client, name, stage):
    """The version of ``name`` now in ``stage``, or None (also when the model is new)."""
    try:
        model = client.get_registered_model(name)
    except MlflowException as ex:
        if ex.error_code == "RESOURCE_DOES_NOT_EXIST":
            return None
        raise
    for version in model.latest_versions or []:
        if version.current_stage == stage:
            return client.get_model_version(name, version.version)
    return None


def accuracy_of(client, version):
    if "accuracy" in version.tags:
        return float(version.tags["accuracy"])
    if version.run_id:
        return client.get_run(version.run_id).data.metrics.get("accuracy")
    return None


def request_transition(name, version, stage, accuracy):
    """Asks for the move through Slipway's native API, signed in as the step's client is."""
    response = requests.post(
        f"{os.environ['MLFLOW_TRACKING_URI'].rstrip('/')}/api/v1/models/{name}/requests",
        headers={"Authorization": f"Bearer {os.environ['MLFLOW_TRACKING_TOKEN']}"},
        json={"version": version, "target_kind": "STAGE", "target": stage, "archive_existing_versions": True,
              "comment": f"pipeline run {os.environ.get('SLIPWAY_PIPELINE_RUN_ID')}: accuracy {accuracy:.4f}"},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["id"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-uri", required=True, help="the model `train` logged")
    parser.add_argument("--accuracy", type=float, required=True, help="what `evaluate` measured")
    parser.add_argument("--name", required=True, help="the registered model")
    parser.add_argument("--stage", required=True, help="Staging or Production")
    parser.add_argument("--out", required=True, help="the file to write the decision to")
    args = parser.parse_args()

    client = MlflowClient()
    current = current_version(client, args.name, args.stage)
    bar = accuracy_of(client, current) if current else None
    if current is None:
        print(f"no version of {args.name} in {args.stage} yet")
    else:
        print(f"version {current.version} is in {args.stage} with accuracy {bar}")

    if current is not None and (bar is None or args.accuracy <= bar):
        decision = "kept current"
        why = "its accuracy is unknown" if bar is None else f"{args.accuracy:.4f} does not beat {bar:.4f}"
        print(f"kept version {current.version}: {why}")
    else:
        version = mlflow.register_model(args.model_uri, args.name, tags={"accuracy": f"{args.accuracy:.4f}"})
        decision = f"registered {version.version}"
        try:
            client.transition_model_version_stage(args.name, version.version, args.stage,
                                                  archive_existing_versions=True)
            print(f"registered version {version.version} and moved it to {args.stage}")
        except MlflowException as ex:
            if ex.error_code != "PERMISSION_DENIED":
                raise
            request_id = request_transition(args.name, version.version, args.stage, args.accuracy)
            print(f"registered version {version.version}; {args.stage} needs an approval: request {request_id}")

    with mlflow.start_run(run_id=os.environ["MLFLOW_RUN_ID"]):
        mlflow.log_metric("candidate_accuracy", args.accuracy)
        if bar is not None:
            mlflow.log_metric("current_accuracy", bar)
        mlflow.set_tag("decision", decision)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(decision)


if __name__ == "__main__":
    main()
