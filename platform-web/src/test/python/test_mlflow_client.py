"""The real `mlflow` Python client against a tracking server, through public API only.

Every test works in an experiment of its own (see conftest.py), so the tests are independent
and can run against a server that already holds data. Expected behaviour is MLflow's own
server's: the suite is checked against `mlflow server` before it is pointed at Slipway.
"""

import json
import math
import os
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

import mlflow
from mlflow.entities import Metric, ViewType
from mlflow.exceptions import MlflowException

# ---------------------------------------------------------------------------------------------
# Small named builders


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def training_frame():
    """A small deterministic regression data set: y = 3a - 2b + 0.5 plus a little noise."""
    rng = np.random.default_rng(20240611)
    features = rng.normal(size=(40, 2))
    noise = rng.normal(scale=0.01, size=40)
    frame = pd.DataFrame(features, columns=["a", "b"])
    frame["y"] = 3 * frame["a"] - 2 * frame["b"] + 0.5 + noise
    return frame


def fitted_model(frame):
    return LinearRegression().fit(frame[["a", "b"]], frame["y"])


def write_tree(root, files):
    """Creates ``files`` (relative path -> bytes) under ``root`` and returns ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def binary_blob(size):
    return np.random.default_rng(size).integers(0, 256, size=size, dtype=np.uint8).tobytes()


def assert_same_tree(expected, actual):
    expected_paths = sorted(str(p.relative_to(expected)) for p in Path(expected).rglob("*"))
    actual_paths = sorted(str(p.relative_to(actual)) for p in Path(actual).rglob("*"))
    assert actual_paths == expected_paths
    for relative in expected_paths:
        if (Path(expected) / relative).is_file():
            assert (Path(actual) / relative).read_bytes() == (Path(expected) / relative).read_bytes(), relative


# MLflow's SQL store (what `mlflow server` runs on) keeps infinity as the largest finite double
# and returns that; its file store returns infinity itself. Either is MLflow behaviour.
POSITIVE_INFINITY = (math.inf, sys.float_info.max)
NEGATIVE_INFINITY = (-math.inf, -sys.float_info.max)


def error_code_of(call):
    with pytest.raises(MlflowException) as raised:
        call()
    return raised.value.error_code


# ---------------------------------------------------------------------------------------------
# Experiments


def test_set_experiment_creates_the_experiment_once_and_then_reuses_it(client):
    name = unique("e2e-set-experiment")
    assert mlflow.get_experiment_by_name(name) is None

    created = mlflow.set_experiment(name)
    again = mlflow.set_experiment(name)

    assert created.name == name
    assert created.lifecycle_stage == "active"
    assert again.experiment_id == created.experiment_id
    assert client.get_experiment(created.experiment_id).name == name
    assert mlflow.get_experiment_by_name(name).experiment_id == created.experiment_id


def test_creating_an_experiment_twice_is_resource_already_exists(client):
    name = unique("e2e-duplicate")
    client.create_experiment(name)

    assert error_code_of(lambda: client.create_experiment(name)) == "RESOURCE_ALREADY_EXISTS"


def test_a_run_started_without_an_experiment_goes_to_the_default_experiment(client, signed_in_user):
    # A fresh interpreter: nothing in this process may have set an experiment before.
    script = "import mlflow\nwith mlflow.start_run() as run:\n    pass\nprint('run_id=' + run.info.run_id)\n"
    environment = {
        k: v for k, v in os.environ.items() if k not in ("MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID")
    }
    finished = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode == 0, finished.stderr
    run_id = finished.stdout.strip().splitlines()[-1].removeprefix("run_id=")

    run = client.get_run(run_id)
    assert run.info.experiment_id == "0"
    assert run.info.status == "FINISHED"
    assert run.info.user_id == (signed_in_user or run.data.tags["mlflow.user"])
    assert client.get_experiment("0").name == "Default"


# ---------------------------------------------------------------------------------------------
# Runs: params, metrics, tags


def test_a_run_records_params_metrics_and_tags(client, experiment, signed_in_user):
    with mlflow.start_run(run_name="first-run") as run:
        mlflow.log_param("alpha", 0.5)
        mlflow.log_params({"solver": "lbfgs", "layers": 3})
        mlflow.log_metric("rmse", 0.8, step=0)
        mlflow.log_metric("rmse", 0.4, step=1)
        mlflow.log_metrics({"r2": 0.9, "mae": 0.25}, step=1)
        mlflow.set_tag("team", "vision")
        mlflow.set_tags({"stage": "dev", "owner": "ada"})

    stored = client.get_run(run.info.run_id)
    assert stored.info.experiment_id == experiment.experiment_id
    assert stored.info.run_name == "first-run"
    assert stored.info.status == "FINISHED"
    assert stored.info.lifecycle_stage == "active"
    assert stored.info.end_time >= stored.info.start_time > 0
    assert stored.data.params == {"alpha": "0.5", "solver": "lbfgs", "layers": "3"}
    assert stored.data.metrics == {"rmse": 0.4, "r2": 0.9, "mae": 0.25}
    assert {"team": "vision", "stage": "dev", "owner": "ada"}.items() <= stored.data.tags.items()
    assert stored.data.tags["mlflow.runName"] == "first-run"
    assert "mlflow.user" in stored.data.tags
    # The client sends its operating system user; a server that authenticates records who
    # signed in instead.
    assert stored.info.user_id == (signed_in_user or stored.data.tags["mlflow.user"])


def test_tags_overwrite_and_relogging_a_param_with_the_same_value_is_accepted(client, experiment):
    with mlflow.start_run() as run:
        mlflow.set_tag("state", "draft")
        mlflow.set_tag("state", "final")
        mlflow.log_param("alpha", "1")
        mlflow.log_param("alpha", "1")

    stored = client.get_run(run.info.run_id)
    assert stored.data.tags["state"] == "final"
    assert stored.data.params == {"alpha": "1"}


def test_a_nested_run_carries_its_parents_id(client, experiment):
    with mlflow.start_run(run_name="parent") as parent:
        with mlflow.start_run(run_name="child", nested=True) as child:
            mlflow.log_param("fold", 1)

    stored = client.get_run(child.info.run_id)
    assert stored.data.tags["mlflow.parentRunId"] == parent.info.run_id
    assert "mlflow.parentRunId" not in client.get_run(parent.info.run_id).data.tags
    children = client.search_runs(
        [experiment.experiment_id], filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'"
    )
    assert [r.info.run_id for r in children] == [child.info.run_id]


def test_metric_history_keeps_every_value_and_step_in_order(client, experiment):
    base = 1_700_000_000_000
    points = [(0, 1.0), (1, 0.75), (2, 0.5), (3, 0.4), (4, 0.35)]
    with mlflow.start_run() as run:
        for step, value in points:
            mlflow.log_metric("loss", value, step=step, timestamp=base + step)
        mlflow.log_metric("loss", 0.9, step=2, timestamp=base + 10)  # late re-log of an older step

    history = client.get_metric_history(run.info.run_id, "loss")
    assert [(m.step, m.value, m.timestamp) for m in history] == [
        (step, value, base + step) for step, value in points
    ] + [(2, 0.9, base + 10)]
    # The run shows the value at the highest step, not the last one logged.
    assert client.get_run(run.info.run_id).data.metrics["loss"] == 0.35
    assert client.get_metric_history(run.info.run_id, "never-logged") == []


def test_metric_values_nan_infinity_and_negative_steps_survive_the_round_trip(client, experiment):
    base = 1_700_000_000_000
    with mlflow.start_run() as run:
        mlflow.log_metric("odd", float("nan"), step=-5, timestamp=base)
        mlflow.log_metric("odd", float("inf"), step=-1, timestamp=base + 1)
        mlflow.log_metric("odd", float("-inf"), step=0, timestamp=base + 2)
        mlflow.log_metric("odd", -1.5e-300, step=7, timestamp=base + 3)
        mlflow.log_metric("only-nan", float("nan"))

    history = client.get_metric_history(run.info.run_id, "odd")
    assert [m.step for m in history] == [-5, -1, 0, 7]
    assert math.isnan(history[0].value)
    assert history[1].value in POSITIVE_INFINITY
    assert history[2].value in NEGATIVE_INFINITY
    assert history[3].value == -1.5e-300
    metrics = client.get_run(run.info.run_id).data.metrics
    assert metrics["odd"] == -1.5e-300
    assert math.isnan(metrics["only-nan"])


def test_log_batch_takes_a_thousand_metrics_in_one_call(client, experiment):
    base = 1_700_000_000_000
    run = client.create_run(experiment.experiment_id)
    run_id = run.info.run_id
    metrics = [Metric(f"series{i % 10}", float(i), base + i, i // 10) for i in range(1000)]

    client.log_batch(run_id, metrics=metrics)

    history = client.get_metric_history(run_id, "series3")
    assert len(history) == 100
    assert [m.step for m in history] == list(range(100))
    assert [m.value for m in history] == [float(i * 10 + 3) for i in range(100)]
    latest = client.get_run(run_id).data.metrics
    assert latest == {f"series{k}": float(990 + k) for k in range(10)}
    client.set_terminated(run_id)
    assert client.get_run(run_id).info.status == "FINISHED"


# ---------------------------------------------------------------------------------------------
# Artifacts


def test_artifacts_upload_list_and_download_byte_for_byte(client, experiment, tmp_path):
    report = tmp_path / "upload" / "report.txt"
    report.parent.mkdir()
    report.write_bytes("accuracy: 0.93\nnote: äöü ✓\n".encode())
    bundle = write_tree(
        tmp_path / "bundle",
        {
            "summary.json": b'{"rows": 40}',
            "plots/loss.bin": binary_blob(300_000),
            "plots/deeper/notes.txt": b"nested two levels\n",
        },
    )

    with mlflow.start_run() as run:
        mlflow.log_artifact(str(report))
        mlflow.log_artifact(str(report), artifact_path="reports/daily")
        mlflow.log_artifacts(str(bundle), artifact_path="bundle")
    run_id = run.info.run_id

    top = {(f.path, f.is_dir) for f in client.list_artifacts(run_id)}
    assert top == {("report.txt", False), ("reports", True), ("bundle", True)}
    plots = {f.path: f for f in client.list_artifacts(run_id, "bundle/plots")}
    assert sorted(plots) == ["bundle/plots/deeper", "bundle/plots/loss.bin"]
    assert plots["bundle/plots/deeper"].is_dir
    assert not plots["bundle/plots/loss.bin"].is_dir
    assert plots["bundle/plots/loss.bin"].file_size == 300_000

    downloads = tmp_path / "downloads"
    single = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="report.txt", dst_path=str(downloads / "a"))
    assert Path(single).read_bytes() == report.read_bytes()
    nested = mlflow.artifacts.download_artifacts(
        run_id=run_id, artifact_path="reports/daily/report.txt", dst_path=str(downloads / "b")
    )
    assert Path(nested).read_bytes() == report.read_bytes()
    folder = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="bundle", dst_path=str(downloads / "c"))
    assert_same_tree(bundle, folder)


# ---------------------------------------------------------------------------------------------
# Datasets and models


def test_log_input_records_a_pandas_dataset_with_its_context(client, experiment):
    frame = training_frame()
    dataset = mlflow.data.from_pandas(frame, targets="y", name=unique("train"))

    with mlflow.start_run() as run:
        mlflow.log_input(dataset, context="training")

    inputs = client.get_run(run.info.run_id).inputs.dataset_inputs
    assert len(inputs) == 1
    stored = inputs[0].dataset
    expected = dataset.to_dict()
    assert (stored.name, stored.digest, stored.source_type) == (
        expected["name"],
        expected["digest"],
        expected["source_type"],
    )
    # JSON documents: equal in meaning; a server may store them re-serialized.
    for field in ("source", "schema", "profile"):
        assert json.loads(getattr(stored, field)) == json.loads(expected[field]), field
    assert {t.key: t.value for t in inputs[0].tags} == {"mlflow.data.context": "training"}


def test_a_logged_sklearn_model_loads_back_and_predicts_the_same(client, experiment):
    frame = training_frame()
    model = fitted_model(frame)
    features = frame[["a", "b"]]
    expected = model.predict(features)

    with mlflow.start_run() as run:
        mlflow.log_param("fit_intercept", True)
        mlflow.log_metric("rmse", 0.01)
        info = mlflow.sklearn.log_model(model, name="model", input_example=features.head(3))
    run_id = run.info.run_id

    assert info.model_uri == f"models:/{info.model_id}"
    logged = mlflow.get_logged_model(info.model_id)
    assert logged.status == "READY"
    assert logged.name == "model"
    assert logged.source_run_id == run_id
    assert logged.experiment_id == experiment.experiment_id
    assert logged.params == {"fit_intercept": "True"}
    assert [o.model_id for o in client.get_run(run_id).outputs.model_outputs] == [info.model_id]

    by_model_id = mlflow.sklearn.load_model(info.model_uri)
    np.testing.assert_array_equal(by_model_id.predict(features), expected)
    by_run = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")
    np.testing.assert_array_equal(np.asarray(by_run.predict(features)).ravel(), expected)


# ---------------------------------------------------------------------------------------------
# Search, delete and restore


@pytest.fixture
def four_runs(experiment):
    """Four finished runs with known params, metrics and tags; returns their ids by name."""
    specs = {
        "r1": ({"model": "ridge", "alpha": "0.1"}, {"rmse": 0.9}, {"team": "vision"}, "FINISHED"),
        "r2": ({"model": "ridge", "alpha": "1.0"}, {"rmse": 0.3}, {"team": "nlp"}, "FINISHED"),
        "r3": ({"model": "lasso", "alpha": "0.5"}, {"rmse": 0.5}, {"team": "vision"}, "FINISHED"),
        "r4": ({"model": "lasso"}, {}, {"team": "NLP-core"}, "FAILED"),
    }
    ids = {}
    for name, (params, metrics, tags, status) in specs.items():
        with mlflow.start_run(run_name=name) as run:
            mlflow.log_params(params)
            if metrics:
                mlflow.log_metrics(metrics)
            mlflow.set_tags(tags)
            if status != "FINISHED":
                mlflow.end_run(status=status)
        ids[name] = run.info.run_id
    return ids


def run_names(runs, ids):
    by_id = {run_id: name for name, run_id in ids.items()}
    return [by_id[r.info.run_id] for r in runs]


@pytest.mark.parametrize(
    ("filter_string", "order_by", "expected"),
    [
        ("", ["metrics.rmse DESC"], ["r1", "r3", "r2", "r4"]),
        ("", ["metrics.rmse ASC"], ["r2", "r3", "r1", "r4"]),
        ("", ["params.model ASC", "metrics.rmse DESC"], ["r3", "r4", "r1", "r2"]),
        ("metrics.rmse < 0.8", ["metrics.rmse DESC"], ["r3", "r2"]),
        ("metrics.rmse >= 0.5 and tags.team = 'vision'", ["metrics.rmse ASC"], ["r3", "r1"]),
        ("params.model = 'ridge'", ["metrics.rmse DESC"], ["r1", "r2"]),
        ("params.model LIKE 'las%'", ["metrics.rmse DESC"], ["r3", "r4"]),
        ("tags.team ILIKE 'nlp%'", ["metrics.rmse DESC"], ["r2", "r4"]),
        ("tags.team != 'vision'", ["metrics.rmse DESC"], ["r2", "r4"]),
        ("attributes.status = 'FAILED'", [], ["r4"]),
        ("attributes.run_name = 'r2'", [], ["r2"]),
        ("params.alpha = '0.5' and attributes.status = 'FINISHED'", [], ["r3"]),
    ],
)
def test_search_runs_filters_and_orders(client, experiment, four_runs, filter_string, order_by, expected):
    found = client.search_runs([experiment.experiment_id], filter_string=filter_string, order_by=order_by)
    assert run_names(found, four_runs) == expected


def test_search_runs_by_run_id_and_as_a_data_frame(experiment, four_runs):
    wanted = f"attributes.run_id IN ('{four_runs['r1']}', '{four_runs['r3']}')"
    frame = mlflow.search_runs(
        experiment_ids=[experiment.experiment_id], filter_string=wanted, order_by=["metrics.rmse DESC"]
    )
    assert frame["run_id"].tolist() == [four_runs["r1"], four_runs["r3"]]
    assert frame["metrics.rmse"].tolist() == [0.9, 0.5]
    assert frame["params.model"].tolist() == ["ridge", "lasso"]
    assert frame["tags.team"].tolist() == ["vision", "vision"]


def test_search_runs_pages_with_a_token(client, experiment, four_runs):
    first = client.search_runs([experiment.experiment_id], order_by=["metrics.rmse ASC"], max_results=3)
    assert run_names(first, four_runs) == ["r2", "r3", "r1"]
    assert first.token

    second = client.search_runs(
        [experiment.experiment_id], order_by=["metrics.rmse ASC"], max_results=3, page_token=first.token
    )
    assert run_names(second, four_runs) == ["r4"]
    assert not second.token


def test_deleted_runs_are_only_found_when_asked_for_and_come_back_on_restore(client, experiment, four_runs):
    client.delete_run(four_runs["r2"])
    mlflow.delete_run(four_runs["r4"])

    def search(view):
        found = client.search_runs([experiment.experiment_id], run_view_type=view, order_by=["attributes.run_name"])
        return run_names(found, four_runs)

    assert search(ViewType.ACTIVE_ONLY) == ["r1", "r3"]
    assert search(ViewType.DELETED_ONLY) == ["r2", "r4"]
    assert search(ViewType.ALL) == ["r1", "r2", "r3", "r4"]
    assert client.get_run(four_runs["r2"]).info.lifecycle_stage == "deleted"

    client.restore_run(four_runs["r2"])

    assert search(ViewType.ACTIVE_ONLY) == ["r1", "r2", "r3"]
    assert search(ViewType.DELETED_ONLY) == ["r4"]
    assert client.get_run(four_runs["r2"]).info.lifecycle_stage == "active"


# ---------------------------------------------------------------------------------------------
# Errors the client surfaces as MlflowException


def test_an_unknown_run_is_resource_does_not_exist(client):
    assert error_code_of(lambda: client.get_run(uuid.uuid4().hex)) == "RESOURCE_DOES_NOT_EXIST"


@pytest.mark.parametrize(
    "bad_filter",
    [
        "metrics.rmse = 'high'",
        "params.model > 'a'",
        "nonsense.rmse = 1",
        "metrics.rmse >",
    ],
)
def test_a_bad_filter_is_invalid_parameter_value(client, experiment, bad_filter):
    call = lambda: client.search_runs([experiment.experiment_id], filter_string=bad_filter)  # noqa: E731
    assert error_code_of(call) == "INVALID_PARAMETER_VALUE"


def test_a_param_value_longer_than_6000_characters_is_invalid_parameter_value(client, experiment):
    # Slipway refuses over-long values by default, so nothing is silently lost; MLflow's own
    # server truncates them instead (Slipway does too with slipway.tracking.truncate-long-values).
    value = "".join(str(i % 10) for i in range(6500))
    with mlflow.start_run() as run:
        mlflow.log_param("exactly-6000", value[:6000])
        assert error_code_of(lambda: mlflow.log_param("too-long", value)) == "INVALID_PARAMETER_VALUE"

    assert client.get_run(run.info.run_id).data.params == {"exactly-6000": value[:6000]}


def test_a_param_key_longer_than_250_characters_is_invalid_parameter_value(client, experiment):
    with mlflow.start_run() as run:
        mlflow.log_param("k" * 250, "fits")
        assert error_code_of(lambda: mlflow.log_param("k" * 251, "too long a key")) == "INVALID_PARAMETER_VALUE"

    assert client.get_run(run.info.run_id).data.params == {"k" * 250: "fits"}


def test_changing_a_params_value_is_invalid_parameter_value(client, experiment):
    with mlflow.start_run() as run:
        mlflow.log_param("alpha", "0.1")
        assert error_code_of(lambda: mlflow.log_param("alpha", "0.2")) == "INVALID_PARAMETER_VALUE"

    assert client.get_run(run.info.run_id).data.params == {"alpha": "0.1"}


def test_logged_models_get_generated_names_and_may_come_from_runs_elsewhere(client, experiment):
    elsewhere = uuid.uuid4().hex

    first = client.create_logged_model(experiment.experiment_id, source_run_id=elsewhere)
    second = client.create_logged_model(experiment.experiment_id)

    assert first.source_run_id == elsewhere
    assert first.name and second.name and first.name != second.name
