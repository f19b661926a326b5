#!/usr/bin/env python3
"""Writes N click events as JSON lines (one per Kafka message) to stdout, for kcat -P.

usage: ./feed.py [N] | kcat -P -b $KAFKA -t clicks -K '|'
Each line is `user|{json}` so the user becomes the message key.
"""
import json
import random
import sys
from datetime import datetime, timedelta

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
random.seed(1)
start = datetime(2024, 1, 1)
pages = ["/home", "/search", "/cart", "/checkout", "/product"]
for i in range(n):
    user = f"u{random.randrange(50)}"
    event = {
        "user_id": user,
        "page": random.choice(pages),
        "amount": random.randrange(100),
        "ts": (start + timedelta(milliseconds=i * 137)).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3],
    }
    print(f"{user}|{json.dumps(event)}")
