"""Writes drift-vectors.json: drift statistics and performance metrics of fixed data, as SciPy,
NumPy and scikit-learn compute them.

DriftStatisticsTest holds Slipway's statistics to these values. Rerun after changing the cases:
    python make_vectors.py > drift-vectors.json
(NumPy 2.4.6, SciPy 1.17.1, scikit-learn 1.9.1; the e2e environment of .ci/python-env has them.)
"""
import json

import numpy as np
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(20261205)


def evidently_psi(ref_counts, cur_counts):
    # Evidently's psi_stat_test on binned shares: empty bins filled with 0.0001, or with the
    # smallest non-zero share / 1e6 when that is at most 0.0001.
    def shares(counts):
        s = np.asarray(counts, dtype=float) / np.sum(counts)
        nz = s[s > 0]
        fill = nz.min() / 1e6 if nz.min() <= 0.0001 else 0.0001
        s[s == 0] = fill
        return s
    r, c = shares(ref_counts), shares(cur_counts)
    return float(np.sum((c - r) * np.log(c / r)))


def z_test(ref_counts, cur_counts):
    # Two-proportion z-test on the first category, two-sided (Evidently's z_stat_test).
    n1, n2 = sum(ref_counts), sum(cur_counts)
    a, b = ref_counts[0], cur_counts[0]
    p1, p2, p = a / n1, b / n2, (a + b) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return float(2 * stats.norm.sf(abs(z)))


def chi_square(ref_counts, cur_counts):
    ref = np.asarray(ref_counts, dtype=float)
    cur = np.asarray(cur_counts, dtype=float)
    keep = (ref > 0) | (cur > 0)
    expected = ref[keep] / ref.sum() * cur.sum()
    return float(stats.chisquare(cur[keep], expected).pvalue)


def binned(name, ref, cur):
    return {
        "name": name,
        "reference": [int(x) for x in ref],
        "current": [int(x) for x in cur],
        "psi": evidently_psi(ref, cur),
        "jensenshannon": float(distance.jensenshannon(np.asarray(ref) / sum(ref), np.asarray(cur) / sum(cur))),
        "chisquare_p": chi_square(ref, cur),
        "z_p": z_test(ref, cur),
    }


def decile_counts(ref, cur):
    edges = np.quantile(ref, np.linspace(0.1, 0.9, 9))
    bins = np.concatenate(([-np.inf], edges, [np.inf]))
    r = np.histogram(ref, bins)[0]
    c = np.histogram(cur, bins)[0]
    return r, c


def samples(name, ref, cur):
    ks = stats.ks_2samp(ref, cur, method="exact" if max(len(ref), len(cur)) <= 10000 else "asymp")
    return {
        "name": name,
        "reference": [float(x) for x in ref],
        "current": [float(x) for x in cur],
        "ks_d": float(ks.statistic),
        "ks_p": float(ks.pvalue),
        "wasserstein_normed": float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)),
        "mean": float(np.mean(cur)),
        "variance": float(np.var(cur)),
    }


def grid(name, n_ref, n_cur, shift, scale):
    # Normal quantiles at (i + 0.5) / n: the same numbers in Java without sharing a random
    # generator, large enough to put KLL sketches in estimation mode.
    ref = stats.norm.ppf((np.arange(n_ref) + 0.5) / n_ref)
    cur = stats.norm.ppf((np.arange(n_cur) + 0.5) / n_cur) * scale + shift
    ks = stats.ks_2samp(ref, cur, method="asymp")
    return {
        "name": name,
        "n_reference": n_ref,
        "n_current": n_cur,
        "shift": shift,
        "scale": scale,
        "ks_d": float(ks.statistic),
        "ks_p": float(ks.pvalue),
        "wasserstein_normed": float(stats.wasserstein_distance(ref, cur) / np.std(ref)),
    }


ref = rng.normal(0, 1, 300)
cases_samples = [
    samples("same distribution", ref, rng.normal(0, 1, 250)),
    samples("mean shift 0.3", ref, rng.normal(0.3, 1, 250)),
    samples("wider", ref, rng.normal(0, 1.6, 200)),
    samples("rounded values with ties", np.round(ref, 1), np.round(rng.normal(0.1, 1, 300), 1)),
]
big_ref = rng.lognormal(0, 0.5, 5000)
r, c = decile_counts(big_ref, rng.lognormal(0.05, 0.5, 4000))
r2, c2 = decile_counts(big_ref, rng.lognormal(0.4, 0.6, 4000))
cases_binned = [
    binned("deciles, small shift", r, c),
    binned("deciles, large shift", r2, c2),
    binned("categories", [500, 300, 150, 50], [480, 280, 190, 50]),
    binned("categories with an empty bin", [500, 300, 200, 0], [400, 300, 200, 100]),
    binned("two values", [700, 300], [640, 360]),
]
cases_grid = [
    grid("50k vs 40k, no shift", 50000, 40000, 0.0, 1.0),
    grid("50k vs 40k, shift 0.1 sd", 50000, 40000, 0.1, 1.0),
    grid("50k vs 40k, wider 1.3", 50000, 40000, 0.0, 1.3),
]


def classification(name, y, pred, prob=None, positive=1):
    from sklearn import metrics
    average = "binary" if len(set(y) | set(pred)) <= 2 else "macro"
    kwargs = {"pos_label": positive} if average == "binary" else {}
    case = {
        "name": name,
        "actual": [str(v) for v in y],
        "predicted": [str(v) for v in pred],
        "accuracy": float(metrics.accuracy_score(y, pred)),
        "precision": float(metrics.precision_score(y, pred, average=average, zero_division=0, **kwargs)),
        "recall": float(metrics.recall_score(y, pred, average=average, zero_division=0, **kwargs)),
        "f1": float(metrics.f1_score(y, pred, average=average, zero_division=0, **kwargs)),
    }
    if prob is not None:
        case["probability"] = [float(p) for p in prob]
        case["roc_auc"] = float(metrics.roc_auc_score(np.asarray(y) == positive, prob))
        case["log_loss"] = float(metrics.log_loss(np.asarray(y) == positive, prob))
    return case


def regression(name, y, pred):
    from sklearn import metrics
    return {
        "name": name,
        "actual": [float(v) for v in y],
        "predicted": [float(v) for v in pred],
        "mae": float(metrics.mean_absolute_error(y, pred)),
        "rmse": float(np.sqrt(metrics.mean_squared_error(y, pred))),
        "mape": float(metrics.mean_absolute_percentage_error(y, pred)),
        "bias": float(np.mean(np.asarray(pred) - np.asarray(y))),
    }


y = rng.integers(0, 2, 400)
prob = np.clip(0.35 * y + rng.uniform(0, 0.65, 400), 0, 1)
prob = np.round(prob, 3)  # ties, as real scores have
prob[:3] = [0.0, 1.0, 0.5]
cases_performance = [
    classification("binary with probabilities", y.tolist(), (prob >= 0.5).astype(int).tolist(), prob.tolist()),
    classification("three classes", rng.integers(0, 3, 300).tolist(), rng.integers(0, 3, 300).tolist()),
]
truth = rng.normal(50, 10, 300)
cases_regression = [regression("regression", truth.tolist(), (truth + rng.normal(1.0, 4, 300)).tolist())]
print(json.dumps({"scipy": __import__("scipy").__version__, "numpy": np.__version__,
                  "sklearn": __import__("sklearn").__version__,
                  "samples": cases_samples, "binned": cases_binned, "grid": cases_grid,
                  "classification": cases_performance, "regression": cases_regression}, indent=1))
