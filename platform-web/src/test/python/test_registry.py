"""The model registry through the real `mlflow` client, and Slipway's governance on top of it.

Every test registers models of its own under unique names, so tests are independent and can run
against a server that already holds data. The registry tests expect MLflow's own server's
behaviour and pass against `mlflow server`; the governance tests (at the end) are Slipway only:
they need an admin's credentials in SLIPWAY_E2E_ADMIN_USERNAME and SLIPWAY_E2E_ADMIN_PASSWORD
(MlflowClientIT passes them) and skip otherwise.

Governance goes through Slipway's native REST API (/api/v1, snake_case JSON) with `requests`,
signed in with the same credentials as the client (MLFLOW_TRACKING_TOKEN as a bearer token, or
MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD as HTTP Basic). The tests that depend on a
native route say so in their name (`..._native_...`) and use the paths in the constants below.
"""

import json
import os
import uuid
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pandas as pd
import pytest
import requests
from sklearn.linear_model import LinearRegression

import mlflow
from mlflow.exceptions import MlflowException

ADMIN_USERNAME = os.environ.get("SLIPWAY_E2E_ADMIN_USERNAME")
ADMIN_PASSWORD = os.environ.get("SLIPWAY_E2E_ADMIN_PASSWORD")

# Stages and get_latest_versions are deprecated since MLflow 2.9, and still what many clients use.
pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated since 2.9.0:FutureWarning")

slipway_only = pytest.mark.skipif(
    not (ADMIN_USERNAME and ADMIN_PASSWORD),
    reason="Slipway only: set SLIPWAY_E2E_ADMIN_USERNAME and SLIPWAY_E2E_ADMIN_PASSWORD",
)

# Slipway's native governance routes (the agreed contract); {name} is filled in by model_path.
MODEL_REQUESTS = "/api/v1/models/{name}/requests"
REQUEST = "/api/v1/requests/{id}"
REQUEST_DECISION = "/api/v1/requests/{id}/{decision}"
AUDIT = "/api/v1/audit"

# ---------------------------------------------------------------------------------------------
# Small named builders


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def training_frame(seed=20240611, slope=3.0):
    """A small deterministic regression data set: y = slope*a - 2b + 0.5 plus a little noise."""
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(40, 2))
    noise = rng.normal(scale=0.01, size=40)
    frame = pd.DataFrame(features, columns=["a", "b"])
    frame["y"] = slope * frame["a"] - 2 * frame["b"] + 0.5 + noise
    return frame


def fitted_model(frame):
    return LinearRegression().fit(frame[["a", "b"]], frame["y"])


def error_code_of(call):
    with pytest.raises(MlflowException) as raised:
        call()
    return raised.value.error_code


def predictions(model_uri, features):
    """What the model behind ``model_uri`` predicts for ``features``, loaded as pyfunc."""
    return np.asarray(mlflow.pyfunc.load_model(model_uri).predict(features)).ravel()


class Trained:
    """A fitted model, the features it is checked on and what it predicts for them."""

    def __init__(self, slope=3.0):
        frame = training_frame(slope=slope)
        self.model = fitted_model(frame)
        self.features = frame[["a", "b"]]
        self.expected = self.model.predict(self.features)


@pytest.fixture(scope="module")
def trained():
    return Trained()


@pytest.fixture
def registered(experiment, trained):
    """Logs ``trained`` in a run and registers it as version 1 of a new model.

    Returns (model name, run id, ModelInfo).
    """
    name = unique("e2e-model")
    with mlflow.start_run() as run:
        info = mlflow.sklearn.log_model(
            trained.model, name="model", registered_model_name=name, input_example=trained.features.head(3)
        )
    return name, run.info.run_id, info


def another_version(client, name, info, run_id, **kwargs):
    """A further version of ``name`` with the same logged model as its source."""
    source = f"models:/{info.model_id}"
    return client.create_model_version(name, source, run_id=run_id, model_id=info.model_id, **kwargs)


# ---------------------------------------------------------------------------------------------
# Registering


def test_log_model_with_a_registered_model_name_creates_the_model_and_version_1(client, registered):
    name, run_id, info = registered

    assert str(info.registered_model_version) == "1"
    version = client.get_model_version(name, "1")
    assert version.name == name
    assert version.version == "1"
    assert version.status == "READY"
    assert version.current_stage == "None"
    assert version.source == f"models:/{info.model_id}"
    assert version.run_id == run_id
    assert version.creation_timestamp > 0
    assert version.last_updated_timestamp >= version.creation_timestamp

    model = client.get_registered_model(name)
    assert model.name == name
    assert model.creation_timestamp > 0
    assert [v.version for v in model.latest_versions] == ["1"]
    assert model.aliases == {}


def test_register_model_from_a_runs_uri_goes_through_the_logged_model(client, experiment, trained, tmp_path):
    with mlflow.start_run() as run:
        info = mlflow.sklearn.log_model(trained.model, name="model")
    name = unique("e2e-runs-uri")

    first = mlflow.register_model(f"runs:/{run.info.run_id}/model", name)
    second = mlflow.register_model(f"runs:/{run.info.run_id}/model", name)

    assert (first.version, second.version) == ("1", "2")
    assert first.source == f"models:/{info.model_id}"
    assert first.run_id == run.info.run_id
    assert client.get_model_version(name, "2").source == f"models:/{info.model_id}"
    # The versions are recorded on the logged model (by the client, and by MLflow's server too).
    recorded = json.loads(client.get_logged_model(info.model_id).tags["mlflow.modelVersions"])
    assert {(r["name"], str(r["version"])) for r in recorded} == {(name, "1"), (name, "2")}

    download_uri = client.get_model_version_download_uri(name, "1")
    assert download_uri
    local = Path(mlflow.artifacts.download_artifacts(artifact_uri=download_uri, dst_path=str(tmp_path)))
    assert (local / "MLmodel").is_file()
    np.testing.assert_array_equal(predictions(f"models:/{name}/2", trained.features), trained.expected)


def test_staging_and_an_alias_load_the_model_back_and_predict_the_same(client, registered, trained):
    name, _, _ = registered

    staged = client.transition_model_version_stage(name, "1", "Staging")
    client.set_registered_model_alias(name, "challenger", "1")

    assert staged.current_stage == "Staging"
    assert client.get_model_version(name, "1").current_stage == "Staging"
    assert client.get_model_version_by_alias(name, "challenger").version == "1"
    assert client.get_registered_model(name).aliases == {"challenger": "1"}
    assert client.get_model_version(name, "1").aliases == ["challenger"]
    for uri in (f"models:/{name}@challenger", f"models:/{name}/Staging", f"models:/{name}/1", f"models:/{name}/latest"):
        np.testing.assert_array_equal(predictions(uri, trained.features), trained.expected, err_msg=uri)

    client.delete_registered_model_alias(name, "challenger")

    assert client.get_registered_model(name).aliases == {}
    assert client.get_model_version(name, "1").aliases == []
    assert error_code_of(lambda: client.get_model_version_by_alias(name, "challenger")) in (
        "INVALID_PARAMETER_VALUE",
        "RESOURCE_DOES_NOT_EXIST",
    )


def test_an_alias_moves_to_another_version(client, registered):
    name, run_id, info = registered
    another_version(client, name, info, run_id)

    client.set_registered_model_alias(name, "candidate", "1")
    client.set_registered_model_alias(name, "candidate", "2")

    assert client.get_model_version_by_alias(name, "candidate").version == "2"
    assert client.get_model_version(name, "1").aliases == []
    assert client.get_registered_model(name).aliases == {"candidate": "2"}


def test_a_new_version_in_staging_archives_the_old_one_when_asked(client, registered):
    name, run_id, info = registered
    another_version(client, name, info, run_id)
    another_version(client, name, info, run_id)

    client.transition_model_version_stage(name, "1", "Staging")
    client.transition_model_version_stage(name, "2", "Staging")
    assert client.get_model_version(name, "1").current_stage == "Staging"

    client.transition_model_version_stage(name, "3", "Staging", archive_existing_versions=True)

    stages = {v: client.get_model_version(name, v).current_stage for v in ("1", "2", "3")}
    assert stages == {"1": "Archived", "2": "Archived", "3": "Staging"}
    # Deprecated, but still what stage-based clients call.
    assert [v.version for v in client.get_latest_versions(name, stages=["Staging"])] == ["3"]
    assert [v.version for v in client.get_latest_versions(name, stages=["Production"])] == []
    latest = {v.current_stage: v.version for v in client.get_latest_versions(name)}
    assert latest == {"Archived": "2", "Staging": "3"}

    client.transition_model_version_stage(name, "3", "None")
    assert client.get_model_version(name, "3").current_stage == "None"


# ---------------------------------------------------------------------------------------------
# Searching


def test_search_model_versions_by_name_run_number_and_tag_with_pages(client, registered):
    name, run_id, info = registered
    another_version(client, name, info, run_id, tags={"flavor": "sklearn"})
    with mlflow.start_run() as other_run:
        pass
    client.create_model_version(
        name, f"models:/{info.model_id}", run_id=other_run.info.run_id, model_id=info.model_id, tags={"flavor": "onnx"}
    )

    found = client.search_model_versions(f"name='{name}'")
    assert sorted(v.version for v in found) == ["1", "2", "3"]
    assert {v.name for v in found} == {name}

    def versions(filter_string, **kwargs):
        return [v.version for v in client.search_model_versions(filter_string, **kwargs)]

    assert versions(f"name = '{name}'", order_by=["version_number DESC"]) == ["3", "2", "1"]
    assert versions(f"name = '{name}' AND run_id = '{run_id}'", order_by=["version_number"]) == ["1", "2"]
    assert versions(f"run_id = '{run_id}'") == ["2", "1"]
    assert versions(f"name = '{name}' AND version_number > 1", order_by=["version_number"]) == ["2", "3"]
    assert versions(f"name = '{name}' AND tags.flavor = 'onnx'") == ["3"]
    assert versions(f"name = '{name}' AND tags.flavor LIKE '%n%'", order_by=["version_number"]) == ["2", "3"]
    assert versions(f"name IN ('{name}', 'no-such-model') AND source_path = 'models:/{info.model_id}'",
                    order_by=["version_number"]) == ["1", "2", "3"]

    pages = []
    token = None
    while True:
        page = client.search_model_versions(
            f"name = '{name}'", max_results=2, order_by=["version_number ASC"], page_token=token
        )
        pages.append([v.version for v in page])
        token = page.token
        if not token:
            break
    assert pages == [["1", "2"], ["3"]]


def test_search_registered_models_pages_through_every_match(client):
    prefix = unique("e2e-search")
    names = [f"{prefix}-{i}" for i in range(5)]
    for i, name in enumerate(names):
        client.create_registered_model(name, tags={"parity": "even" if i % 2 == 0 else "odd"})

    def all_pages(**kwargs):
        pages, token = [], None
        while True:
            page = client.search_registered_models(max_results=2, page_token=token, **kwargs)
            pages.append([m.name for m in page])
            token = page.token
            if not token:
                return pages

    assert all_pages(filter_string=f"name LIKE '{prefix}%'") == [names[0:2], names[2:4], names[4:5]]
    assert all_pages(filter_string=f"name LIKE '{prefix}%'", order_by=["name DESC"]) == [
        names[4:2:-1],
        names[2:0:-1],
        names[0:1],
    ]
    evens = client.search_registered_models(filter_string=f"name LIKE '{prefix}%' AND tags.parity = 'even'")
    assert [m.name for m in evens] == [names[0], names[2], names[4]]
    upper = client.search_registered_models(filter_string=f"name ILIKE '{prefix.upper()}%'")
    assert [m.name for m in upper] == names
    assert [m.name for m in client.search_registered_models(filter_string=f"name = '{names[3]}'")] == [names[3]]
    assert list(client.search_registered_models(filter_string=f"name LIKE '{prefix.upper()}%'")) == []


# ---------------------------------------------------------------------------------------------
# Changing and deleting


def test_rename_descriptions_and_tags(client, registered, trained):
    name, _, _ = registered
    new_name = unique("e2e-renamed")

    client.update_registered_model(name, description="a linear regression")
    client.set_registered_model_tag(name, "team", "vision")
    client.set_registered_model_tag(name, "drop-me", "soon")
    client.delete_registered_model_tag(name, "drop-me")
    client.update_model_version(name, "1", description="first fit")
    client.set_model_version_tag(name, "1", "validated", "yes")
    client.set_model_version_tag(name, "1", "drop-me", "soon")
    client.delete_model_version_tag(name, "1", "drop-me")

    client.rename_registered_model(name, new_name)

    model = client.get_registered_model(new_name)
    assert model.name == new_name
    assert model.description == "a linear regression"
    assert model.tags == {"team": "vision"}
    version = client.get_model_version(new_name, "1")
    assert version.name == new_name
    assert version.description == "first fit"
    assert version.tags == {"validated": "yes"}
    assert error_code_of(lambda: client.get_registered_model(name)) == "RESOURCE_DOES_NOT_EXIST"
    np.testing.assert_array_equal(predictions(f"models:/{new_name}/1", trained.features), trained.expected)


def test_deleting_a_version_and_then_the_model(client, registered):
    name, run_id, info = registered
    another_version(client, name, info, run_id)

    client.delete_model_version(name, "1")

    assert error_code_of(lambda: client.get_model_version(name, "1")) == "RESOURCE_DOES_NOT_EXIST"
    assert [v.version for v in client.search_model_versions(f"name = '{name}'")] == ["2"]
    # A deleted version's number is never handed out again.
    assert another_version(client, name, info, run_id).version == "3"

    client.delete_registered_model(name)

    assert error_code_of(lambda: client.get_registered_model(name)) == "RESOURCE_DOES_NOT_EXIST"
    assert error_code_of(lambda: client.get_model_version(name, "2")) == "RESOURCE_DOES_NOT_EXIST"
    assert list(client.search_registered_models(filter_string=f"name = '{name}'")) == []
    assert list(client.search_model_versions(f"name = '{name}'")) == []


# ---------------------------------------------------------------------------------------------
# Errors the client surfaces as MlflowException


def test_registering_a_name_twice_is_resource_already_exists(client):
    name = unique("e2e-twice")
    client.create_registered_model(name)

    assert error_code_of(lambda: client.create_registered_model(name)) == "RESOURCE_ALREADY_EXISTS"


def test_messages_use_mlflows_wording(client):
    name = unique("e2e-wording")
    client.create_registered_model(name)

    with pytest.raises(MlflowException, match="already exists"):
        client.create_registered_model(name)
    with pytest.raises(MlflowException, match=f"Registered Model with name={name}-x not found"):
        client.get_registered_model(f"{name}-x")


def test_a_version_may_name_a_run_tracked_elsewhere(client):
    name = unique("e2e-elsewhere")
    client.create_registered_model(name)
    elsewhere = uuid.uuid4().hex

    version = client.create_model_version(name, f"runs:/{elsewhere}/model", run_id=elsewhere)

    assert version.run_id == elsewhere
    assert client.get_model_version(name, version.version).run_id == elsewhere


def test_a_version_from_a_logged_model_is_listed_on_the_model(client, registered):
    name, run_id, info = registered

    another_version(client, name, info, run_id)

    listed = json.loads(client.get_logged_model(info.model_id).tags["mlflow.modelVersions"])
    assert {"name": name, "version": "1"} in listed
    assert {"name": name, "version": "2"} in listed


def test_sources_hiding_traversal_or_nul_are_refused(client):
    name = unique("e2e-sources")
    client.create_registered_model(name)

    for source in (
        "mlflow-artifacts://host:9000/models/..%2f..%2fartifacts",
        "mlflow-artifacts://host:9000/models/artifact%00",
    ):
        assert error_code_of(lambda: client.create_model_version(name, source)) == "INVALID_PARAMETER_VALUE"


def test_unknown_models_and_versions_are_resource_does_not_exist(client, registered):
    name, _, _ = registered

    assert error_code_of(lambda: client.get_model_version(name, "7")) == "RESOURCE_DOES_NOT_EXIST"
    assert error_code_of(lambda: client.get_registered_model(unique("e2e-none"))) == "RESOURCE_DOES_NOT_EXIST"
    assert error_code_of(lambda: client.get_model_version(unique("e2e-none"), "1")) == "RESOURCE_DOES_NOT_EXIST"
    assert error_code_of(lambda: client.transition_model_version_stage(name, "7", "Staging")) == (
        "RESOURCE_DOES_NOT_EXIST"
    )


def test_an_unknown_stage_is_invalid_parameter_value(client, registered):
    name, _, _ = registered

    assert error_code_of(lambda: client.transition_model_version_stage(name, "1", "Prod")) == (
        "INVALID_PARAMETER_VALUE"
    )
    assert client.get_model_version(name, "1").current_stage == "None"


def test_names_and_aliases_are_checked_the_way_mlflow_checks_them(client, registered):
    name, _, _ = registered
    taken = unique("e2e-taken")
    client.create_registered_model(taken)

    assert error_code_of(lambda: client.create_registered_model(f"team/{unique('e2e')}")) == "INVALID_PARAMETER_VALUE"
    assert error_code_of(lambda: client.rename_registered_model(name, taken)) == "RESOURCE_ALREADY_EXISTS"
    for reserved in ("latest", "LATEST", "v1", "V12"):
        call = lambda: client.set_registered_model_alias(name, reserved, "1")  # noqa: E731
        assert error_code_of(call) == "INVALID_PARAMETER_VALUE", reserved
    assert error_code_of(lambda: client.set_registered_model_alias(name, "a b", "1")) == "INVALID_PARAMETER_VALUE"
    assert error_code_of(lambda: client.set_registered_model_alias(name, "later", "9")) == "RESOURCE_DOES_NOT_EXIST"
    assert error_code_of(lambda: client.get_model_version(name, "one")) == "INVALID_PARAMETER_VALUE"
    assert client.get_registered_model(name).aliases == {}


def test_a_name_with_spaces_dots_and_accents_round_trips(client):
    name = unique("my model.v2 50_é")
    client.create_registered_model(name, tags={"k": "v"})

    assert client.get_registered_model(name).name == name
    assert [m.name for m in client.search_registered_models(filter_string=f"name = '{name}'")] == [name]
    # Backslash escapes in LIKE depend on MLflow's database (SQLite has none), so only wildcards here.
    pattern = f"{name[:8]}%{name[-12:]}"
    assert [m.name for m in client.search_registered_models(filter_string=f"name LIKE '{pattern}'")] == [name]
    assert [m.name for m in client.search_registered_models(filter_string=f"name ILIKE '{pattern.upper()}'")] == [name]
    found = client.search_registered_models(filter_string=f"name = '{name}' AND tags.k = 'v'")
    assert [(m.name, m.tags) for m in found] == [(name, {"k": "v"})]


def test_search_results_carry_tags_aliases_and_latest_versions(client, registered):
    name, run_id, info = registered
    another_version(client, name, info, run_id)
    client.set_registered_model_tag(name, "team", "vision")
    client.set_registered_model_alias(name, "candidate", "1")
    client.transition_model_version_stage(name, "2", "Staging")

    (found,) = client.search_registered_models(filter_string=f"name = '{name}'")

    assert found.tags == {"team": "vision"}
    assert found.aliases == {"candidate": "1"}
    assert sorted((v.current_stage, v.version) for v in found.latest_versions) == [("None", "1"), ("Staging", "2")]


def test_search_page_sizes_are_bounded(client):
    assert error_code_of(lambda: client.search_registered_models(max_results=1001)) == "INVALID_PARAMETER_VALUE"
    assert error_code_of(lambda: client.search_model_versions("name = 'x'", max_results=0)) == (
        "INVALID_PARAMETER_VALUE"
    )
    assert list(client.search_registered_models(filter_string=f"name = '{unique('e2e-none')}'", max_results=1000)) == []


@pytest.mark.parametrize(
    ("search", "bad_filter"),
    [
        ("models", "version_number = 1"),
        ("models", "tags.team IN ('a')"),
        ("models", "name > 'a'"),
        ("versions", "creation_timestamp > 5"),
        ("versions", "source_path IN ('a')"),
        ("versions", "name = 'a' OR name = 'b'"),
    ],
)
def test_a_bad_registry_filter_is_invalid_parameter_value(client, search, bad_filter):
    if search == "models":
        call = lambda: client.search_registered_models(filter_string=bad_filter)  # noqa: E731
    else:
        call = lambda: client.search_model_versions(bad_filter)  # noqa: E731
    assert error_code_of(call) == "INVALID_PARAMETER_VALUE"


# ---------------------------------------------------------------------------------------------
# Details where MLflow's server is lenient: Slipway answers the same.


def test_deleting_a_tag_or_alias_that_is_not_there_is_accepted(client, registered):
    name, _, _ = registered

    client.delete_registered_model_tag(name, "never-set")
    client.delete_model_version_tag(name, "1", "never-set")
    client.delete_registered_model_alias(name, "never-set")


def test_a_colon_in_a_model_name_is_invalid_parameter_value(client):
    assert error_code_of(lambda: client.create_registered_model(unique("team:model"))) == "INVALID_PARAMETER_VALUE"


def test_version_number_may_be_compared_with_a_quoted_number(client, registered):
    name, _, _ = registered

    assert [v.version for v in client.search_model_versions(f"name = '{name}' AND version_number = '1'")] == ["1"]


# ---------------------------------------------------------------------------------------------
# Governance (Slipway only): approval before Production, through the native REST API


def tracking_uri():
    return os.environ["MLFLOW_TRACKING_URI"].rstrip("/")


def model_path(template, name):
    """``template`` with the model's name as one percent-encoded path segment."""
    return template.format(name=quote(name, safe=""))


class NativeApi:
    """Slipway's native REST API signed in like the client (token or user name and password)."""

    def __init__(self, token=None, username=None, password=None):
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        else:
            self.session.auth = (username, password)

    @classmethod
    def as_the_client(cls):
        return cls(
            token=os.environ.get("MLFLOW_TRACKING_TOKEN"),
            username=os.environ.get("MLFLOW_TRACKING_USERNAME"),
            password=os.environ.get("MLFLOW_TRACKING_PASSWORD"),
        )

    @classmethod
    def as_admin(cls):
        return cls(username=ADMIN_USERNAME, password=ADMIN_PASSWORD)

    def call(self, method, path, expected_status, body=None, params=None):
        response = self.session.request(method, tracking_uri() + path, json=body, params=params, timeout=30)
        assert response.status_code == expected_status, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def request_transition(self, name, version, target_kind, target, comment, archive=False):
        body = {
            "version": version,
            "target_kind": target_kind,
            "target": target,
            "archive_existing_versions": archive,
            "comment": comment,
        }
        return self.call("POST", model_path(MODEL_REQUESTS, name), 201, body)

    def decide(self, request_id, decision, comment, expected_status=200):
        path = REQUEST_DECISION.format(id=request_id, decision=decision)
        return self.call("POST", path, expected_status, {"comment": comment})


@pytest.fixture
def suite_user(signed_in_user):
    """The user the client signs in as; Slipway records it as the requester."""
    assert signed_in_user, "SLIPWAY_E2E_USER names the suite's user on Slipway"
    return signed_in_user


@slipway_only
def test_native_production_needs_an_approved_request_by_someone_else(client, registered, trained, suite_user):
    name, _, _ = registered
    me = NativeApi.as_the_client()
    admin = NativeApi.as_admin()

    # The default policy: Production needs an approved request.
    assert error_code_of(lambda: client.transition_model_version_stage(name, "1", "Production")) == (
        "PERMISSION_DENIED"
    )
    assert client.get_model_version(name, "1").current_stage == "None"

    created = me.request_transition(name, "1", "STAGE", "Production", "ready to ship")
    assert (created["model_name"], created["version"], created["target_kind"], created["target"]) == (
        name,
        "1",
        "STAGE",
        "Production",
    )
    assert (created["status"], created["requested_by"], created["comment"]) == ("PENDING", suite_user, "ready to ship")
    assert created["decided_by"] is None
    request_id = created["id"]
    pending = me.call("GET", model_path(MODEL_REQUESTS, name), 200, params={"status": "PENDING"})["requests"]
    assert [r["id"] for r in pending] == [request_id]

    # Whoever asked may not approve their own request.
    me.decide(request_id, "approve", "looks good to me", expected_status=403)
    assert me.call("GET", REQUEST.format(id=request_id), 200)["status"] == "PENDING"
    assert client.get_model_version(name, "1").current_stage == "None"

    approved = admin.decide(request_id, "approve", "approved for release")

    assert (approved["status"], approved["decided_by"], approved["decision_comment"]) == (
        "APPROVED",
        ADMIN_USERNAME,
        "approved for release",
    )
    assert approved["decided_at"] >= approved["requested_at"]
    assert client.get_model_version(name, "1").current_stage == "Production"
    np.testing.assert_array_equal(predictions(f"models:/{name}/Production", trained.features), trained.expected)
    assert me.call("GET", model_path(MODEL_REQUESTS, name), 200, params={"status": "PENDING"})["requests"] == []

    events = admin.call("GET", AUDIT, 200, params={"model": name, "max_results": 100})["events"]
    actions = [e["action"] for e in events]
    for action in ("transition_request.created", "transition_request.approved", "model_version.stage_transitioned"):
        assert action in actions, actions
    by_action = {e["action"]: e for e in events}
    assert by_action["transition_request.created"]["actor"] == suite_user
    assert by_action["transition_request.approved"]["actor"] == ADMIN_USERNAME
    assert by_action["model_version.stage_transitioned"]["version"] in ("1", 1)


@slipway_only
def test_native_a_rejected_or_cancelled_request_changes_nothing(client, registered):
    name, _, _ = registered
    me = NativeApi.as_the_client()
    admin = NativeApi.as_admin()

    rejected = me.request_transition(name, "1", "STAGE", "Production", "please")
    assert admin.decide(rejected["id"], "reject", "not yet")["status"] == "REJECTED"
    cancelled = me.request_transition(name, "1", "STAGE", "Production", "again")
    assert me.decide(cancelled["id"], "cancel", "never mind")["status"] == "CANCELLED"

    assert client.get_model_version(name, "1").current_stage == "None"
    statuses = {r["id"]: r["status"] for r in me.call("GET", model_path(MODEL_REQUESTS, name), 200)["requests"]}
    assert statuses == {rejected["id"]: "REJECTED", cancelled["id"]: "CANCELLED"}
    # A decided request stays decided.
    assert admin.call("POST", REQUEST_DECISION.format(id=rejected["id"], decision="approve"), 409,
                      {"comment": "changed my mind"})["code"]


@slipway_only
def test_native_the_protected_champion_alias_needs_an_approved_request(client, registered, trained):
    name, _, _ = registered
    me = NativeApi.as_the_client()

    assert error_code_of(lambda: client.set_registered_model_alias(name, "champion", "1")) == "PERMISSION_DENIED"
    # Other aliases stay free.
    client.set_registered_model_alias(name, "challenger", "1")

    created = me.request_transition(name, "1", "ALIAS", "champion", "best so far")
    NativeApi.as_admin().decide(created["id"], "approve", "agreed")

    assert client.get_model_version_by_alias(name, "champion").version == "1"
    np.testing.assert_array_equal(predictions(f"models:/{name}@champion", trained.features), trained.expected)


@slipway_only
def test_native_a_maintainer_may_approve_but_not_their_own_request(registered, monkeypatch):
    name, run_id, info = registered
    admin = NativeApi.as_admin()
    maintainer = unique("maintainer")
    password = f"pw-{uuid.uuid4().hex}"
    admin.call("POST", "/api/v1/users", 201,
               {"username": maintainer, "role": "MAINTAINER", "password": password, "serviceAccount": False})
    for variable in ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", maintainer)
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)
    as_maintainer = mlflow.MlflowClient()
    own = unique("e2e-maintained")
    as_maintainer.create_registered_model(own)
    as_maintainer.create_model_version(own, f"models:/{info.model_id}", run_id=run_id, model_id=info.model_id)
    api = NativeApi(username=maintainer, password=password)

    # Even a maintainer needs a request for Production, and someone else to approve it.
    assert error_code_of(lambda: as_maintainer.transition_model_version_stage(own, "1", "Production")) == (
        "PERMISSION_DENIED"
    )
    created = api.request_transition(own, "1", "STAGE", "Production", "mine", archive=True)
    assert created["archive_existing_versions"] is True
    assert api.decide(created["id"], "approve", "self-service", expected_status=403)["code"]
    assert api.call("GET", REQUEST.format(id=created["id"]), 200)["status"] == "PENDING"

    assert admin.decide(created["id"], "approve", "second pair of eyes")["decided_by"] == ADMIN_USERNAME
    assert as_maintainer.get_model_version(own, "1").current_stage == "Production"


@slipway_only
def test_native_routes_reach_a_model_with_spaces_dots_and_accents(client):
    name = unique("my model.v2 é")
    client.create_registered_model(name)

    requests_of_model = NativeApi.as_the_client().call("GET", model_path(MODEL_REQUESTS, name), 200)

    assert requests_of_model == {"requests": []}


@slipway_only
@pytest.mark.parametrize("name_part", ["50%off", "a;b", "a\\b"])
def test_a_name_a_web_address_cannot_carry_is_refused(client, name_part):
    # MLflow's server accepts these; Slipway refuses them, since its pages and native routes
    # address a model by name in the path, where the HTTP firewall refuses '%', ';' and '\\'.
    assert error_code_of(lambda: client.create_registered_model(unique(name_part))) == "INVALID_PARAMETER_VALUE"
