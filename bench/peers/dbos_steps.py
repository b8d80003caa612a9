"""DBOS Transact: one workflow of STEPS durable steps (each step's result is
recorded in the system database before the next runs), on SQLite or
PostgreSQL. Prints JSON: steps/s.

    python dbos_steps.py sqlite:///path/sys.sqlite [STEPS]
    python dbos_steps.py postgresql://user@host:port/db [STEPS]
"""
import json
import sys
import time

from dbos import DBOS

URL = sys.argv[1]
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 200

DBOS(config={"name": "oi-compare", "system_database_url": URL})


@DBOS.step()
def step(i):
    return {"step": i, "content": "working on it"}


@DBOS.workflow()
def loop(n):
    for i in range(n):
        step(i)
    return n


def main():
    DBOS.launch()
    loop(5)  # warm-up: tables, connections
    started = time.perf_counter()
    loop(STEPS)
    seconds = time.perf_counter() - started
    DBOS.destroy()
    print(json.dumps({"steps": STEPS, "seconds": seconds, "steps_per_s": STEPS / seconds}))


main()
