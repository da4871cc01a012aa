"""Authentication and per-experiment permissions, seen through the real `mlflow` client.

Slipway only: needs an admin's credentials in SLIPWAY_E2E_ADMIN_USERNAME and
SLIPWAY_E2E_ADMIN_PASSWORD (MlflowClientIT passes them) and skips otherwise. The suite's own
credentials (MLFLOW_TRACKING_*) are replaced test by test: every call below runs as a user that
the test names with `signed_in(...)`, the way a user switches identity, by environment variables.

Users and experiment grants go through MLflow's auth app routes (/api/2.0/mlflow/users/...,
/api/2.0/mlflow/experiments/permissions/...) with mlflow's own REST transport. MLflow's
`AuthServiceClient` cannot be used here: mlflow-skinny has no Flask, which
`mlflow.server.auth.client` imports (through `mlflow.server.handlers`), and from 3.x on it speaks
the /api/3.0 unified permission routes instead of the experiment ones. What MLflow's auth app
lacks (roles, tokens, an experiment's default permission) uses Slipway's native /api/v1.
"""

import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import requests

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from mlflow.utils.rest_utils import MlflowHostCreds, http_request, verify_rest_response

ADMIN_USERNAME = os.environ.get("SLIPWAY_E2E_ADMIN_USERNAME")
ADMIN_PASSWORD = os.environ.get("SLIPWAY_E2E_ADMIN_PASSWORD")

pytestmark = pytest.mark.skipif(
    not (ADMIN_USERNAME and ADMIN_PASSWORD),
    reason="Slipway only: set SLIPWAY_E2E_ADMIN_USERNAME and SLIPWAY_E2E_ADMIN_PASSWORD",
)

# Every way mlflow reads credentials from the environment.
CREDENTIAL_VARIABLES = (
    "MLFLOW_TRACKING_USERNAME",
    "MLFLOW_TRACKING_PASSWORD",
    "MLFLOW_TRACKING_TOKEN",
    "MLFLOW_TRACKING_AUTH",
)

# ---------------------------------------------------------------------------------------------
# Small named builders


@dataclass(frozen=True)
class Account:
    username: str
    password: str


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def a_password():
    return f"pw-{uuid.uuid4().hex}"


def tracking_uri():
    return os.environ["MLFLOW_TRACKING_URI"].rstrip("/")


@contextmanager
def signed_in(account=None, *, token=None, password=None):
    """An MlflowClient acting as ``account`` (HTTP Basic), or with ``token``, or anonymous."""
    with pytest.MonkeyPatch.context() as patch:
        for name in CREDENTIAL_VARIABLES:
            patch.delenv(name, raising=False)
        if account is not None:
            patch.setenv("MLFLOW_TRACKING_USERNAME", account.username)
            patch.setenv("MLFLOW_TRACKING_PASSWORD", password if password is not None else account.password)
        if token is not None:
            patch.setenv("MLFLOW_TRACKING_TOKEN", token)
        yield MlflowClient()


def error_code_of(call):
    with pytest.raises(MlflowException) as raised:
        call()
    return raised.value.error_code


class MlflowAuthApi:
    """MLflow's auth app routes as `AuthServiceClient` of MLflow 2.x called them."""

    def __init__(self, account):
        self.creds = MlflowHostCreds(tracking_uri(), username=account.username, password=account.password)

    def _request(self, endpoint, method, **kwargs):
        response = verify_rest_response(http_request(self.creds, endpoint, method, **kwargs), endpoint)
        return response.json() if response.content else {}

    def create_user(self, username, password):
        body = {"username": username, "password": password}
        return self._request("/api/2.0/mlflow/users/create", "POST", json=body)["user"]

    def get_user(self, username):
        return self._request("/api/2.0/mlflow/users/get", "GET", params={"username": username})["user"]

    def create_experiment_permission(self, experiment_id, username, permission):
        body = {"experiment_id": experiment_id, "username": username, "permission": permission}
        endpoint = "/api/2.0/mlflow/experiments/permissions/create"
        return self._request(endpoint, "POST", json=body)["experiment_permission"]

    def get_experiment_permission(self, experiment_id, username):
        params = {"experiment_id": experiment_id, "username": username}
        endpoint = "/api/2.0/mlflow/experiments/permissions/get"
        return self._request(endpoint, "GET", params=params)["experiment_permission"]

    def delete_experiment_permission(self, experiment_id, username):
        body = {"experiment_id": experiment_id, "username": username}
        self._request("/api/2.0/mlflow/experiments/permissions/delete", "DELETE", json=body)

    # MLflow 3's unified routes, as AuthServiceClient.grant/revoke/get_user_permission send them.
    def grant_user_permission(self, username, resource_type, resource_id, permission):
        body = {"username": username, "resource_type": resource_type, "resource_id": resource_id,
                "permission": permission}
        self._request("/api/3.0/mlflow/users/permissions/grant", "POST", json=body)

    def revoke_user_permission(self, username, resource_type, resource_id):
        body = {"username": username, "resource_type": resource_type, "resource_id": resource_id}
        self._request("/api/3.0/mlflow/users/permissions/revoke", "POST", json=body)

    def get_user_permission(self, username, resource_type, resource_id):
        params = {"username": username, "resource_type": resource_type, "resource_id": resource_id}
        return self._request("/api/3.0/mlflow/users/permissions/get", "GET", params=params)


class SlipwayApi:
    """Slipway's native REST API (/api/v1, camelCase JSON) as ``account``."""

    def __init__(self, account):
        self.session = requests.Session()
        self.session.auth = (account.username, account.password)

    def _call(self, method, path, expected_status, body=None):
        response = self.session.request(method, tracking_uri() + path, json=body, timeout=30)
        assert response.status_code == expected_status, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def create_user(self, role, password):
        username = unique(role.lower())
        body = {"username": username, "role": role, "password": password, "serviceAccount": False}
        self._call("POST", "/api/v1/users", 201, body)
        return Account(username, password)

    def create_token(self):
        """A token of the caller's; returns (id, secret)."""
        created = self._call("POST", "/api/v1/tokens", 201, {"name": unique("e2e"), "expiresInDays": 1})
        return created["token"]["id"], created["secret"]

    def revoke_token(self, token_id):
        self._call("DELETE", f"/api/v1/tokens/{token_id}", 200)

    def set_default_permission(self, experiment_id, permission):
        self._call("PUT", f"/api/v1/experiments/{experiment_id}/permissions/default", 204, {"permission": permission})

    def grant(self, experiment_id, username, permission):
        body = {"permission": permission}
        self._call("PUT", f"/api/v1/experiments/{experiment_id}/permissions/users/{username}", 204, body)


# ---------------------------------------------------------------------------------------------
# Accounts: one set per module, each test works in experiments of its own


@pytest.fixture(scope="module")
def admin():
    return Account(ADMIN_USERNAME, ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def owner(admin):
    """An EDITOR who creates the experiments of the tests (and so holds MANAGE on them)."""
    return SlipwayApi(admin).create_user("EDITOR", a_password())


@pytest.fixture(scope="module")
def other_editor(admin):
    """A second EDITOR, created the MLflow way: MLflow's users/create makes a non-admin."""
    account = Account(unique("editor"), a_password())
    created = MlflowAuthApi(admin).create_user(account.username, account.password)
    assert (created["username"], created["is_admin"]) == (account.username, False)
    return account


@pytest.fixture(scope="module")
def viewer(admin):
    return SlipwayApi(admin).create_user("VIEWER", a_password())


@pytest.fixture
def owned_experiment(owner):
    """A new experiment of ``owner``'s with one run in it; returns (experiment_id, run_id)."""
    with signed_in(owner) as client:
        experiment_id = client.create_experiment(unique("e2e-auth"))
        run_id = client.create_run(experiment_id).info.run_id
    return experiment_id, run_id


# ---------------------------------------------------------------------------------------------
# Who are you


def test_without_credentials_the_client_is_unauthenticated(owned_experiment):
    experiment_id, run_id = owned_experiment
    with signed_in() as anonymous:
        assert error_code_of(lambda: anonymous.search_experiments()) == "UNAUTHENTICATED"
        assert error_code_of(lambda: anonymous.get_run(run_id)) == "UNAUTHENTICATED"
        assert error_code_of(lambda: anonymous.create_run(experiment_id)) == "UNAUTHENTICATED"


def test_a_wrong_password_is_unauthenticated(owner):
    with signed_in(owner, password=owner.password + "-wrong") as client:
        assert error_code_of(lambda: client.search_experiments()) == "UNAUTHENTICATED"
        assert error_code_of(lambda: client.create_experiment(unique("e2e-never"))) == "UNAUTHENTICATED"
    with signed_in(Account(unique("nobody"), a_password())) as client:
        assert error_code_of(lambda: client.search_experiments()) == "UNAUTHENTICATED"


def test_a_token_works_until_it_is_revoked(owner, owned_experiment):
    experiment_id, _ = owned_experiment
    api = SlipwayApi(owner)
    token_id, secret = api.create_token()
    with signed_in(token=secret) as client:
        assert client.get_experiment(experiment_id).experiment_id == experiment_id

    api.revoke_token(token_id)

    with signed_in(token=secret) as client:
        assert error_code_of(lambda: client.get_experiment(experiment_id)) == "UNAUTHENTICATED"
        assert error_code_of(lambda: client.create_run(experiment_id)) == "UNAUTHENTICATED"


@pytest.mark.parametrize("credentials", ["password", "token"])
def test_a_run_records_the_authenticated_user_as_user_id(owner, credentials):
    if credentials == "token":
        session = signed_in(token=SlipwayApi(owner).create_token()[1])
    else:
        session = signed_in(owner)
    with session as client:
        experiment_id = client.create_experiment(unique("e2e-user-id"))
        # The client says who runs it (its operating system user, or this tag); the server
        # believes the credentials.
        claimed = client.create_run(experiment_id, tags={"mlflow.user": "someone-else"})
        plain = client.create_run(experiment_id)

        assert claimed.info.user_id == owner.username
        assert client.get_run(plain.info.run_id).info.user_id == owner.username
        found = client.search_runs([experiment_id])
        assert sorted(r.info.user_id for r in found) == [owner.username, owner.username]


# ---------------------------------------------------------------------------------------------
# What may you do


def test_a_viewer_reads_an_experiment_but_cannot_create_runs_or_log_in_it(admin, viewer, owned_experiment):
    experiment_id, run_id = owned_experiment
    with signed_in(viewer) as client:
        assert client.get_experiment(experiment_id).experiment_id == experiment_id
        assert client.get_run(run_id).info.run_id == run_id

        assert error_code_of(lambda: client.create_run(experiment_id)) == "PERMISSION_DENIED"
        assert error_code_of(lambda: client.log_metric(run_id, "loss", 0.5)) == "PERMISSION_DENIED"
        assert error_code_of(lambda: client.create_experiment(unique("e2e-viewer"))) == "PERMISSION_DENIED"

    # A VIEWER stays a reader whatever an experiment grants.
    SlipwayApi(admin).grant(experiment_id, viewer.username, "EDIT")
    with signed_in(viewer) as client:
        assert error_code_of(lambda: client.log_metric(run_id, "loss", 0.5)) == "PERMISSION_DENIED"

    with signed_in(admin) as client:
        assert client.get_metric_history(run_id, "loss") == []


def test_an_editor_logs_into_another_editors_experiment_only_once_granted_edit(owner, other_editor, owned_experiment):
    experiment_id, run_id = owned_experiment
    with signed_in(other_editor) as client:
        assert client.get_experiment(experiment_id).experiment_id == experiment_id
        assert error_code_of(lambda: client.create_run(experiment_id)) == "PERMISSION_DENIED"
        assert error_code_of(lambda: client.log_metric(run_id, "loss", 0.5)) == "PERMISSION_DENIED"
        assert error_code_of(lambda: client.delete_run(run_id)) == "PERMISSION_DENIED"

    # The owner holds MANAGE, so may share through MLflow's auth app route.
    owner_auth = MlflowAuthApi(owner)
    granted = owner_auth.create_experiment_permission(experiment_id, other_editor.username, "EDIT")
    assert (granted["experiment_id"], granted["username"], granted["permission"]) == (
        experiment_id,
        other_editor.username,
        "EDIT",
    )
    assert owner_auth.get_experiment_permission(experiment_id, other_editor.username)["permission"] == "EDIT"
    # MLflow's ExperimentPermission.from_json needs the numeric user_id.
    assert isinstance(granted["user_id"], int)

    with signed_in(other_editor) as client:
        client.log_metric(run_id, "loss", 0.5)
        own_run = client.create_run(experiment_id)
        client.log_param(own_run.info.run_id, "alpha", "0.1")
        client.set_terminated(own_run.info.run_id)
        # EDIT logs; deleting needs MANAGE.
        assert error_code_of(lambda: client.delete_run(run_id)) == "PERMISSION_DENIED"

    with signed_in(owner) as client:
        assert [m.value for m in client.get_metric_history(run_id, "loss")] == [0.5]
        assert client.get_run(own_run.info.run_id).info.user_id == other_editor.username

    owner_auth.delete_experiment_permission(experiment_id, other_editor.username)
    with signed_in(other_editor) as client:
        assert error_code_of(lambda: client.log_metric(run_id, "loss", 0.25)) == "PERMISSION_DENIED"


def test_an_editor_cannot_share_an_experiment_it_does_not_manage(other_editor, viewer, owned_experiment):
    experiment_id, _ = owned_experiment
    auth = MlflowAuthApi(other_editor)
    call = lambda: auth.create_experiment_permission(experiment_id, viewer.username, "READ")  # noqa: E731
    assert error_code_of(call) == "PERMISSION_DENIED"


def test_search_hides_an_experiment_closed_by_default_from_users_without_a_grant(
    owner, other_editor, viewer, owned_experiment
):
    experiment_id, run_id = owned_experiment
    with signed_in(owner) as client:
        name = client.get_experiment(experiment_id).name
    SlipwayApi(owner).set_default_permission(experiment_id, "NONE")

    def visible_to(account):
        with signed_in(account) as client:
            return [e.experiment_id for e in client.search_experiments(filter_string=f"name = '{name}'")]

    assert visible_to(owner) == [experiment_id]
    assert visible_to(other_editor) == []
    assert visible_to(viewer) == []
    with signed_in(other_editor) as client:
        assert error_code_of(lambda: client.get_run(run_id)) == "PERMISSION_DENIED"
        assert error_code_of(lambda: client.search_runs([experiment_id])) == "PERMISSION_DENIED"

    MlflowAuthApi(owner).create_experiment_permission(experiment_id, other_editor.username, "READ")

    assert visible_to(other_editor) == [experiment_id]
    assert visible_to(viewer) == []


def test_mlflow_3_unified_user_permissions_grant_check_and_revoke(owner, other_editor, owned_experiment):
    experiment_id, run_id = owned_experiment
    owner_auth = MlflowAuthApi(owner)
    before = owner_auth.get_user_permission(other_editor.username, "experiment", experiment_id)
    assert before == {"allowed": True, "permission": "READ"}

    owner_auth.grant_user_permission(other_editor.username, "experiment", experiment_id, "EDIT")
    assert owner_auth.get_user_permission(other_editor.username, "experiment", experiment_id) == {
        "allowed": True,
        "permission": "EDIT",
    }
    with signed_in(other_editor) as client:
        client.log_metric(run_id, "unified", 1.0)

    owner_auth.revoke_user_permission(other_editor.username, "experiment", experiment_id)
    with signed_in(other_editor) as client:
        assert error_code_of(lambda: client.log_metric(run_id, "unified", 2.0)) == "PERMISSION_DENIED"
    assert owner_auth.get_user_permission(other_editor.username, "experiment", "999999999") == {
        "allowed": False,
        "permission": "NO_PERMISSIONS",
    }
    with pytest.raises(MlflowException) as refused:
        owner_auth.grant_user_permission(other_editor.username, "scorer", experiment_id, "READ")
    assert refused.value.error_code == "INVALID_PARAMETER_VALUE"
