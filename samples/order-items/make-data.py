#!/usr/bin/env python3
"""Writes orders.jsonl: 60 shop orders of 6 users over three hours, each with 1-3 items (deterministic)."""
import json, random
from datetime import datetime, timedelta

random.seed(7)
start = datetime(2024, 11, 21, 9, 0, 0)
skus = {"tea": 4.5, "mug": 12.0, "kettle": 39.0, "biscuits": 2.25, "honey": 7.8}
t = start
with open("orders.jsonl", "w") as out:
    for order_id in range(1, 61):
        t += timedelta(seconds=random.randint(60, 300))
        # a little out of order: the watermark allows 2 minutes
        ts = t - timedelta(seconds=random.randint(0, 90))
        items = [{"sku": s, "qty": random.randint(1, 4), "price": skus[s]} for s in random.sample(sorted(skus), random.randint(1, 3))]
        out.write(json.dumps({"order_id": order_id, "user_id": "user-%d" % random.randint(1, 6), "items": items,
                              "ts": ts.strftime("%Y-%m-%d %H:%M:%S")}) + "\n")
