"""Evidently's DataDriftPreset on two CSV files, as JSON on stdout, for EvidentlyAgreementTest.

    python evidently_drift.py reference.csv current.csv numerical,cols categorical,cols [method]

With a method (psi, ks, wasserstein, jensenshannon, chisquare, z) every column uses it; without,
Evidently picks each column's default. Prints, per column, the method Evidently names, its score
and whether it calls the column drifted, and the dataset's drifted share.
"""
import json
import re
import resource
import sys
import time

import pandas as pd
from evidently import DataDefinition, Dataset, Report
from evidently.presets import DataDriftPreset

reference_path, current_path, numerical, categorical = sys.argv[1:5]
method = sys.argv[5] if len(sys.argv) > 5 else None
numerical = [c for c in numerical.split(",") if c]
categorical = [c for c in categorical.split(",") if c]
dtypes = {c: str for c in categorical}
reference = pd.read_csv(reference_path, dtype=dtypes)
current = pd.read_csv(current_path, dtype=dtypes)
definition = DataDefinition(numerical_columns=numerical, categorical_columns=categorical)
options = {}
if method:
    if method in ("ks", "wasserstein"):
        options["num_method"] = method
    else:
        options["method"] = method
started = time.perf_counter()
snapshot = Report([DataDriftPreset(**options)]).run(
    Dataset.from_pandas(current, data_definition=definition),
    Dataset.from_pandas(reference, data_definition=definition),
)
seconds = time.perf_counter() - started
columns = {}
share = None
for metric in snapshot.dict()["metrics"]:
    config = metric["config"]
    if config["type"].endswith("DriftedColumnsCount"):
        share = metric["value"]["share"]
    elif config["type"].endswith("ValueDrift"):
        name = config["column"]
        columns[name] = {"method": config.get("method"), "threshold": config.get("threshold"),
                         "score": metric["value"]}
# Whether each column drifted, from the tests the report attached to it.
for test in snapshot.dict().get("tests", []) or []:
    match = re.search(r"column=([^,)]+)", test.get("metric_config", {}).get("metric_name", "") or "")
    if match and match.group(1) in columns:
        columns[match.group(1)]["drifted"] = test.get("status") == "FAIL"
max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"share": share, "seconds": seconds, "max_rss_mb": max_rss_mb, "columns": columns}))
