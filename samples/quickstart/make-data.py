#!/usr/bin/env python3
"""Regenerates readings.jsonl: factory sensor readings, deterministic (fixed seed).

Three production lines, four sensors each, one reading every 2 seconds per sensor for 10 minutes,
arriving slightly out of order (up to 3 s, inside the job's 5-second watermark delay), plus
calibration readings that the job filters out.
"""
import datetime as dt
import json
import random

rng = random.Random(20241121)
start = dt.datetime(2024, 11, 21, 8, 0, 0)
rows = []
for step in range(300):
    for line in ("line-1", "line-2", "line-3"):
        base_temp = {"line-1": 65.0, "line-2": 72.0, "line-3": 78.0}[line]
        for sensor in range(1, 5):
            ts = start + dt.timedelta(seconds=2 * step, milliseconds=rng.randrange(0, 2000))
            temp = round(base_temp + 8 * rng.random() + (6 if (step // 60) % 2 == 1 and line == "line-3" else 0), 2)
            pressure = round(1.0 + 0.4 * rng.random(), 3)
            kind = "calibration" if rng.random() < 0.02 else f"s{sensor}"
            arrival = ts + dt.timedelta(milliseconds=rng.randrange(0, 3000))
            rows.append((arrival, {"line": line, "sensor": kind, "temperature": temp, "pressure": pressure,
                                   "ts": ts.strftime("%Y-%m-%d %H:%M:%S.") + f"{ts.microsecond // 1000:03d}"}))
rows.sort(key=lambda r: r[0])
with open("readings.jsonl", "w") as out:
    for _, row in rows:
        out.write(json.dumps(row) + "\n")
