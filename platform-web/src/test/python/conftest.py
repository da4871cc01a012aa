"""Fixtures for the MLflow client suite: one tracking server, a fresh experiment per test.

The server comes from MLFLOW_TRACKING_URI (MlflowClientIT sets it to the packaged Slipway;
any MLflow server works too, which is how the suite itself is checked), the credentials from
MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD as usual. Slipway
settings of the suite: SLIPWAY_E2E_USER names the user those credentials belong to, and
SLIPWAY_E2E_ADMIN_USERNAME/SLIPWAY_E2E_ADMIN_PASSWORD an admin for test_auth.py.
"""

import os
import uuid

import pytest

# Before mlflow is imported: no usage telemetry (this runs offline) and no retry storms, so
# a failing endpoint shows up at once instead of after minutes of backoff.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "30")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402


def pytest_configure(config):
    uri = os.environ.get("MLFLOW_TRACKING_URI", "")
    # Without a server URI mlflow would quietly log to a local file store and every test
    # would pass without testing anything.
    if not uri.startswith(("http://", "https://")):
        raise pytest.UsageError(
            "Set MLFLOW_TRACKING_URI to the server under test, e.g. http://127.0.0.1:8080 "
            f"(got {uri!r})"
        )
    for name in ("MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID"):
        os.environ.pop(name, None)


@pytest.fixture
def signed_in_user():
    """Who the server records as a run's user_id: the authenticated user (SLIPWAY_E2E_USER).

    None where the server takes the client's word, as MLflow's own server without auth does.
    """
    return os.environ.get("SLIPWAY_E2E_USER") or None


@pytest.fixture
def client():
    return MlflowClient()


@pytest.fixture
def experiment(request):
    """A new experiment of its own, set as the active one for the fluent API."""
    name = f"e2e-{request.node.originalname}-{uuid.uuid4().hex[:12]}"
    return mlflow.set_experiment(name)


@pytest.fixture(autouse=True)
def no_active_run_left_behind():
    yield
    while mlflow.active_run() is not None:
        mlflow.end_run()
