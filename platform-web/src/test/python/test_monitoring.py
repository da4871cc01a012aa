"""Monitoring through Slipway's native REST API, with profiles made on the client's side.

A Spark or Python job can profile terabytes where the data lives and send Slipway kilobytes:
DataSketches sketches, which the C++ library under the `datasketches` Python package writes
byte for byte as the Java library on the server does. These tests make such sketches here, upload
them, and check that Slipway merges them with the sketches it made itself from rows sent to the
same window. Slipway only: they need SLIPWAY_E2E_ADMIN_USERNAME and SLIPWAY_E2E_ADMIN_PASSWORD
(MlflowClientIT passes them) and skip elsewhere.
"""

import base64
import os
import uuid
from urllib.parse import quote

import numpy as np
import pytest
import requests
from datasketches import frequent_strings_sketch, hll_sketch, kll_doubles_sketch, tgt_hll_type

from mlflow import MlflowClient

ADMIN_USERNAME = os.environ.get("SLIPWAY_E2E_ADMIN_USERNAME")
ADMIN_PASSWORD = os.environ.get("SLIPWAY_E2E_ADMIN_PASSWORD")

pytestmark = pytest.mark.skipif(
    not (ADMIN_USERNAME and ADMIN_PASSWORD),
    reason="Slipway only: set SLIPWAY_E2E_ADMIN_USERNAME and SLIPWAY_E2E_ADMIN_PASSWORD",
)

DAY = "2026-11-02"
WINDOW_START_MS = 1_793_577_600_000  # 2026-11-02T00:00:00Z


class Api:
    """Slipway's native API signed in as the suite's admin."""

    def __init__(self):
        self.base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
        self.session = requests.Session()
        self.session.auth = (ADMIN_USERNAME, ADMIN_PASSWORD)

    def call(self, method, path, expected_status=200, **kwargs):
        response = self.session.request(method, self.base + path, timeout=60, **kwargs)
        assert response.status_code == expected_status, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None


@pytest.fixture
def api():
    return Api()


@pytest.fixture
def monitor(api):
    name = f"monitored-{uuid.uuid4().hex[:10]}"
    MlflowClient().create_registered_model(name)
    body = {
        "name": "traffic",
        "window": "day",
        "time_zone": "UTC",
        "schema": {
            "columns": [{"name": "amount", "kind": "numerical"}, {"name": "country", "kind": "categorical"}],
            "timestamp": "ts",
        },
    }
    return api.call("POST", f"/api/v1/models/{quote(name, safe='')}/monitors", 201, json=body)


def b64(data):
    return base64.b64encode(bytes(data)).decode()


def test_a_kll_sketch_made_in_python_merges_with_the_servers_own(api, monitor):
    rng = np.random.default_rng(7)
    # Rows the server profiles itself: 2,000 amounts around 100.
    server_amounts = rng.normal(100, 10, 2000)
    records = [
        {"ts": f"{DAY}T08:00:00Z", "amount": float(a), "country": "DE" if i % 4 else "FR"}
        for i, a in enumerate(server_amounts)
    ]
    ingested = api.call("POST", f"/api/v1/monitors/{monitor['id']}/data", json={"records": records})
    assert ingested == {"rows": 2000, "windows": [WINDOW_START_MS]}

    # A job elsewhere profiles 50,000 amounts around 200 and sends only the sketches.
    job_amounts = rng.normal(200, 20, 50000)
    kll = kll_doubles_sketch(400)
    for a in job_amounts:
        kll.update(float(a))
    countries = frequent_strings_sketch(10)
    distinct = hll_sketch(12, tgt_hll_type.HLL_4)
    for i in range(50000):
        country = ["US", "DE", "JP"][i % 3]
        countries.update(country)
        distinct.update(country)
    upload = {
        "time": f"{DAY}T15:30:00Z",
        "columns": {
            "amount": {"kll": b64(kll.serialize()), "nulls": 3, "mean": float(np.mean(job_amounts)),
                       "variance": float(np.var(job_amounts))},
            "country": {"frequent_items": b64(countries.serialize()), "hll": b64(distinct.serialize_compact())},
        },
    }
    assert len(str(upload)) < 40_000, "kilobytes, not the rows"
    sent = api.call("POST", f"/api/v1/monitors/{monitor['id']}/sketches", json=upload)
    assert sent["windows"] == [WINDOW_START_MS]

    amount = api.call("GET", f"/api/v1/monitors/{monitor['id']}/columns/amount", params={"from": DAY})
    [window] = amount["windows"]
    assert window["count"] == 52000
    assert window["nulls"] == 3
    everything = np.concatenate([server_amounts, job_amounts])
    assert window["min"] == pytest.approx(everything.min())
    assert window["max"] == pytest.approx(everything.max())
    assert window["mean"] == pytest.approx(everything.mean(), rel=1e-9)
    assert window["std"] == pytest.approx(everything.std(), rel=1e-9)
    # The merged sketch's quantiles: within its rank error of the true ones.
    error = window["rank_error"]
    assert 0 < error < 0.02
    for name, rank in (("p5", 0.05), ("p50", 0.5), ("p95", 0.95)):
        true_rank = np.mean(everything <= window["quantiles"][name])
        assert abs(true_rank - rank) <= error, (name, true_rank)

    country = api.call("GET", f"/api/v1/monitors/{monitor['id']}/columns/country", params={"from": DAY})
    [window] = country["windows"]
    assert window["count"] == 52000
    counts = {item["value"]: item["count"] for item in window["top_items"]}
    assert counts["DE"] == 1500 + 16667
    assert counts["FR"] == 500
    assert counts["US"] == 16667
    assert window["distinct"] == pytest.approx(4, abs=0.1)


def test_drift_of_a_shifted_day_against_a_csv_reference(api, monitor):
    rng = np.random.default_rng(11)
    lines = ["ts,amount,country"] + [
        f"2026-10-01T12:00:00Z,{a},{c}" for a, c in zip(rng.normal(100, 10, 3000), rng.choice(["DE", "FR"], 3000))
    ]
    with_reference = api.call(
        "PUT",
        f"/api/v1/monitors/{monitor['id']}/reference",
        params={"source": "train.csv"},
        data="\n".join(lines).encode(),
        headers={"Content-Type": "text/csv"},
    )
    assert with_reference["reference"]["rows"] == 3000
    shifted = [
        {"ts": f"{DAY}T10:00:00Z", "amount": float(a), "country": c}
        for a, c in zip(rng.normal(130, 10, 1000), rng.choice(["DE", "FR", "IT"], 1000))
    ]
    api.call("POST", f"/api/v1/monitors/{monitor['id']}/data", json={"records": shifted})

    [window] = api.call("GET", f"/api/v1/monitors/{monitor['id']}/drift", params={"from": DAY})["windows"]
    assert window["verdict"] == "DRIFT"
    assert window["drift_share"] == 1.0
    methods = {f["column"]: (f["method"], f["verdict"]) for f in window["features"]}
    assert methods == {"amount": ("wasserstein", "DRIFT"), "country": ("jensenshannon", "DRIFT")}


def test_bad_sketch_bytes_are_refused_with_the_column_named(api, monitor):
    response = api.session.post(
        api.base + f"/api/v1/monitors/{monitor['id']}/sketches",
        json={"time": DAY, "columns": {"amount": {"kll": b64(b"not a sketch at all")}}},
        timeout=30,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_ARGUMENT"
    assert "columns.amount" in response.json()["detail"]


def test_a_dataset_logged_to_a_run_becomes_the_reference(api, monitor):
    """mlflow.log_input with the file's address on this server: Slipway reads the file itself."""
    import mlflow
    import pandas as pd

    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"amount": rng.normal(100, 10, 1500), "country": rng.choice(["DE", "FR"], 1500)})
    mlflow.set_experiment(f"monitoring-dataset-{uuid.uuid4().hex[:8]}")
    with mlflow.start_run() as run, __import__("tempfile").TemporaryDirectory() as folder:
        path = os.path.join(folder, "reference.csv")
        frame.to_csv(path, index=False)
        mlflow.log_artifact(path, "data")
        location = mlflow.get_artifact_uri("data/reference.csv")
        assert location.startswith("mlflow-artifacts:/"), location
        url = api.base + "/api/2.0/mlflow-artifacts/artifacts/" + location[len("mlflow-artifacts:/"):].lstrip("/")
        mlflow.log_input(mlflow.data.from_pandas(frame, source=url, name="training"), context="training")
    answer = api.call("POST", f"/api/v1/monitors/{monitor['id']}/reference/dataset",
                      json={"run_id": run.info.run_id, "name": "training"})
    assert answer["reference"]["rows"] == 1500
    assert answer["reference"]["source"].startswith(f"dataset training (")
    assert answer["reference"]["source"].endswith(f"of run {run.info.run_id}")
    column = api.call("GET", f"/api/v1/monitors/{monitor['id']}/columns/amount")
    assert column["reference"]["count"] == 1500
    assert column["reference"]["mean"] == pytest.approx(frame["amount"].mean(), rel=1e-9)

    missing = api.session.post(api.base + f"/api/v1/monitors/{monitor['id']}/reference/dataset",
                               json={"run_id": run.info.run_id, "name": "nope"}, timeout=30)
    assert missing.status_code == 404
