"""Step `prepare`: makes a synthetic churn data set and splits it into train.csv and test.csv.

The data is made up, and the same for the same --rows and --seed, so a second run with the same
parameters is served from the cache. Columns: five customer features, then `churned` (0 or 1).
"""

import argparse
import os

import numpy as np

COLUMNS = ["tenure_months", "monthly_charges", "support_calls", "monthly_contract", "usage_drop", "churned"]


def churn_data(rows, seed):
    rng = np.random.default_rng(seed)
    tenure = rng.integers(1, 73, size=rows).astype(float)
    charges = rng.normal(70, 20, size=rows).clip(15, 150)
    calls = rng.poisson(1.5, size=rows).astype(float)
    monthly = (rng.random(rows) < 0.55).astype(float)
    usage_drop = rng.beta(2, 5, size=rows)
    # Short tenure, high charges, many support calls, a monthly contract and falling usage churn.
    score = (-2.8 - 0.045 * tenure + 0.02 * charges + 0.45 * calls + 1.3 * monthly + 3.0 * usage_drop
             + rng.normal(0, 0.6, size=rows))
    churned = (rng.random(rows) < 1 / (1 + np.exp(-score))).astype(float)
    return np.column_stack([tenure, charges, calls, monthly, usage_drop, churned])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True, help="the folder to write train.csv and test.csv to")
    args = parser.parse_args()
    if args.rows < 50:
        parser.error("--rows must be at least 50")

    data = churn_data(args.rows, args.seed)
    test_rows = args.rows // 5
    os.makedirs(args.out, exist_ok=True)
    for name, part in (("train.csv", data[test_rows:]), ("test.csv", data[:test_rows])):
        np.savetxt(os.path.join(args.out, name), part, delimiter=",", fmt="%.6g", header=",".join(COLUMNS),
                   comments="")
        print(f"wrote {len(part)} rows to {name} (churn rate {part[:, -1].mean():.3f})")


if __name__ == "__main__":
    main()
