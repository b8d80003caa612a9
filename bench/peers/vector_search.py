"""Exact cosine top-10 with numpy, and pgvector's HNSW index (ef_search 100)
through psycopg, over N × 256 embedding-like vectors (topic centres plus
noise, as Benchmarks/memory-bench makes them). Prints JSON: p50 / p95 ms.

    python vector_search.py N QUERIES [postgresql://…]
"""
import json
import sys
import time

import numpy as np

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
QUERIES = int(sys.argv[2]) if len(sys.argv) > 2 else 100
URL = sys.argv[3] if len(sys.argv) > 3 else None
DIM, K = 256, 10

rng = np.random.default_rng(1)
topics = rng.normal(size=(200, 32)).astype(np.float32)
projection = rng.normal(size=(32, DIM)).astype(np.float32)
assign = rng.integers(0, 200, size=N)
vectors = (topics[assign] + 0.3 * rng.normal(size=(N, 32)).astype(np.float32)) @ projection
vectors += 0.05 * rng.normal(size=vectors.shape).astype(np.float32)
vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
queries = vectors[rng.integers(0, N, size=QUERIES)] + 0.05 * rng.normal(size=(QUERIES, DIM)).astype(np.float32)
queries /= np.linalg.norm(queries, axis=1, keepdims=True)


def percentiles(samples):
    samples = sorted(samples)
    return {"p50_ms": samples[len(samples) // 2], "p95_ms": samples[int(len(samples) * 0.95)]}


out = {"n": N}
times = []
for q in queries:
    started = time.perf_counter()
    scores = vectors @ q
    top = np.argpartition(-scores, K)[:K]
    top = top[np.argsort(-scores[top])]
    times.append((time.perf_counter() - started) * 1000)
out["numpy"] = percentiles(times)

if URL:
    import psycopg

    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute("DROP TABLE IF EXISTS compare_vectors")
        conn.execute(f"CREATE TABLE compare_vectors (id int PRIMARY KEY, v vector({DIM}))")
        with conn.cursor().copy("COPY compare_vectors (id, v) FROM STDIN") as copy:
            for i, v in enumerate(vectors):
                copy.write_row((i, "[" + ",".join(f"{x:.6f}" for x in v) + "]"))
        conn.execute("SET maintenance_work_mem = '1GB'")
        started = time.perf_counter()
        conn.execute("CREATE INDEX ON compare_vectors USING hnsw (v vector_cosine_ops)")
        out["pgvector_build_s"] = time.perf_counter() - started
        conn.execute("SET hnsw.ef_search = 100")
        times = []
        for q in queries:
            literal = "[" + ",".join(f"{x:.6f}" for x in q) + "]"
            started = time.perf_counter()
            conn.execute("SELECT id FROM compare_vectors ORDER BY v <=> %s::vector LIMIT 10", (literal,)).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        out["pgvector"] = percentiles(times)
        conn.execute("DROP TABLE compare_vectors")
print(json.dumps(out))
