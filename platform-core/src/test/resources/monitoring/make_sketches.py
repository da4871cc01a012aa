"""Writes python-sketches.json: sketches made by the datasketches Python package (C++ core), for
UploadedSketchTest to read with the Java library. Rerun: python make_sketches.py > python-sketches.json
(datasketches 5.2.0, from the e2e environment of .ci/python-env)."""
import base64
import json

import datasketches as ds

kll = ds.kll_doubles_sketch(400)
for i in range(10000):
    kll.update((i * 7919) % 10000 / 100.0)
items = ds.frequent_strings_sketch(10)
hll = ds.hll_sketch(12, ds.tgt_hll_type.HLL_4)
for i in range(3000):
    value = ["red", "blue", "green"][i % 3] if i % 10 else f"rare-{i}"
    items.update(value)
    hll.update(value)


def b64(data):
    return base64.b64encode(bytes(data)).decode()


print(json.dumps({
    "datasketches": ds.__version__ if hasattr(ds, "__version__") else "5.2.0",
    "kll": b64(kll.serialize()),
    "kll_n": kll.n,
    "kll_median": kll.get_quantile(0.5),
    "kll_min": kll.get_min_value(),
    "kll_max": kll.get_max_value(),
    "frequent_items": b64(items.serialize()),
    "red_estimate": items.get_estimate("red"),
    "items_n": items.total_weight,
    "hll": b64(hll.serialize_compact()),
    "hll_estimate": hll.get_estimate(),
}, indent=1))
