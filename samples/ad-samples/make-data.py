#!/usr/bin/env python3
"""Regenerates impressions.jsonl and clicks.jsonl: an ad feed and its clicks, deterministic (fixed seed).

About 2 hours of traffic: 90 requests, each showing 3-5 items in one of three scenes, with clicks for about
12 % of impressions. Most clicks come within a minute of the impression, some after several minutes, a few
after more than the job's 1-hour window (they cannot label their impression), some twice (a double click
gives two samples, as an SQL join does). Rows arrive in time order, up to 3 s out of order: inside the
tables' 5-second watermark delay, so every run of the job gives the same samples.
"""
import datetime as dt
import json
import random

rng = random.Random(20261122)
start = dt.datetime(2026, 11, 21, 18, 0, 0)
scenes = ["home"] * 6 + ["search"] * 3 + ["detail"]


def fmt(ts):
    return ts.strftime("%Y-%m-%d %H:%M:%S.") + f"{ts.microsecond // 1000:03d}"


impressions, clicks = [], []
t = start
for r in range(90):
    t += dt.timedelta(seconds=rng.randrange(20, 140), milliseconds=rng.randrange(0, 1000))
    req_id = f"r{r:05d}"
    user_id = f"u{rng.randrange(0, 40):03d}"
    scene = rng.choice(scenes)
    for pos in range(rng.randrange(3, 6)):
        item_id = 1000 + rng.randrange(0, 250)
        ts = t + dt.timedelta(milliseconds=rng.randrange(0, 800))
        arrival = ts + dt.timedelta(milliseconds=rng.randrange(0, 3000))
        impressions.append((arrival, {"req_id": req_id, "user_id": user_id, "item_id": item_id, "scene": scene,
                                      "pos": pos, "ts": fmt(ts)}))
        if rng.random() < 0.12 + (0.06 if pos == 0 else 0):
            kind = rng.random()
            if kind < 0.75:
                delay = dt.timedelta(seconds=rng.uniform(1, 60))
            elif kind < 0.93:
                delay = dt.timedelta(minutes=rng.uniform(1, 50))
            else:
                delay = dt.timedelta(minutes=rng.uniform(61, 90))
            for _ in range(2 if rng.random() < 0.25 else 1):
                cts = ts + delay + dt.timedelta(milliseconds=rng.randrange(0, 400))
                carrival = cts + dt.timedelta(milliseconds=rng.randrange(0, 3000))
                clicks.append((carrival, {"req_id": req_id, "item_id": item_id, "ts": fmt(cts)}))

for name, rows in (("impressions.jsonl", impressions), ("clicks.jsonl", clicks)):
    rows.sort(key=lambda x: x[0])
    with open(name, "w") as out:
        for _, row in rows:
            out.write(json.dumps(row) + "\n")
