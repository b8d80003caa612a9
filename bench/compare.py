"""bench/compare: our benchmarks beside the peers', on this machine, now.

Runs our release binaries (run-bench, rpc-bench, memory-bench) and the
peers from bench/peers/ in a throwaway venv, then prints one table of
figures and ratios (ours ÷ theirs where higher is better, theirs ÷ ours
where lower is better, so > 1 always means we are ahead). Every number
comes from this run; nothing is carried over from another day.

    python3 bench/compare.py --venv DIR --postgres URL [--vectors 20000] [--steps 200]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("OI_BENCH_BIN") or os.path.join(ROOT, ".build", "release")


def run(cmd, env=None, timeout=1800):
    merged = dict(os.environ, **(env or {}))
    done = subprocess.run(cmd, capture_output=True, text=True, env=merged, timeout=timeout, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


def peer(venv, script, *args, timeout=1800):
    out = run([os.path.join(venv, "bin", "python"), os.path.join(ROOT, "bench", "peers", script), *map(str, args)], timeout=timeout)
    return json.loads(out.strip().splitlines()[-1])


def number(pattern, text, what):
    match = re.search(pattern, text)
    if not match:
        raise RuntimeError(f"no {what} in:\n{text}")
    return float(match.group(1))


def round_trips(command, request, count=3000, env=None):
    """Sequential request/response round trips per second over a child's stdio."""
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, **(env or {})), bufsize=0)
    def call(line):
        proc.stdin.write((line + "\n").encode())
        return proc.stdout.readline()
    call(json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2026-11-01"}}))
    for i in range(200):
        call(json.dumps({"jsonrpc": "2.0", "id": i + 1, "method": request}))
    started = time.perf_counter()
    for i in range(count):
        call(json.dumps({"jsonrpc": "2.0", "id": 1000 + i, "method": request}))
    rate = count / (time.perf_counter() - started)
    proc.stdin.close()
    proc.wait(timeout=30)
    return rate


def fresh_database(url, name):
    """A new database on the cluster of `url`, for DBOS's system tables."""
    base, _, _ = url.rpartition("/")
    pgbin = None
    for root, _, files in os.walk(os.path.join(ROOT, ".venv")):
        if "psql" in files and root.endswith("pginstall/bin"):
            pgbin = root
            break
    psql = os.path.join(pgbin, "psql") if pgbin else "psql"
    run([psql, url, "-q", "-c", f"CREATE DATABASE {name}"])
    return f"{base}/{name}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--venv", required=True)
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--vectors", type=int, default=20000)
    parser.add_argument("--steps", type=int, default=200)
    a = parser.parse_args()
    rows = []

    def row(figure, ours, theirs, unit, higher_is_better=True, note=""):
        ratio = (ours / theirs) if higher_is_better else (theirs / ours)
        rows.append((figure, ours, theirs, unit, ratio, note))
        print(f"  {figure}: ours {ours:,.2f} vs {theirs:,.2f} {unit} → ×{ratio:.2f}", file=sys.stderr, flush=True)

    print("running our benchmarks…", file=sys.stderr, flush=True)
    ours = run([os.path.join(BIN, "run-bench"), "--host", os.path.join(BIN, "oi-host"), "--postgres", a.postgres, "--steps", str(a.steps)])
    sqlite_steps = number(r"SQLite durable step over the pipe[^|]*\| [\d.]+ ms/step, (\d+) steps/s", ours, "SQLite steps/s")
    pg_steps = number(r"PostgreSQL durable step over the pipe[^|]*\| [\d.]+ ms/step, (\d+) steps/s", ours, "PostgreSQL steps/s")
    checkpoint_bytes = number(r"checkpoint bytes per step \| mean (\d+)", ours, "checkpoint bytes")
    floor = number(r"synced-commit floor[^|]*\| ([\d.]+) ms", ours, "floor")
    rpc = run([os.path.join(BIN, "rpc-bench"), "--cpu", os.path.join(BIN, "oi-host"), os.path.join(ROOT, "bench", "echo.py")])
    our_cpu = number(r"server CPU per request, oi-host system/health[^|]*\| ([\d.]+) µs", rpc, "oi-host CPU/request")
    echo_cpu = number(r"server CPU per request, [Pp]ython[^|]*\| ([\d.]+) µs", rpc, "Python echo CPU/request")
    host_env = {"DATA_DIR": tempfile.mkdtemp(prefix="oi-compare-"), "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json"}
    our_rtt = round_trips([os.path.join(BIN, "oi-host")], "system/health", env=host_env)
    echo_rtt = round_trips([sys.executable, os.path.join(ROOT, "bench", "echo.py")], "system/health")
    memory = run([os.path.join(BIN, "memory-bench"), "--sqlite", "--postgres", a.postgres, "--chunks", str(a.vectors), "--queries", "100"], timeout=3600)
    our_sqlite_vector = number(r"sqlite[^:\n]*: search vector k=10: p50 ([\d.]+) ms", memory, "SQLite vector p50")
    our_pg_vector = number(r"postgres[^:\n]*: search vector k=10: p50 ([\d.]+) ms", memory, "PostgreSQL vector p50")

    print("running the peers…", file=sys.stderr, flush=True)
    lg = peer(a.venv, "langgraph_steps.py", a.steps)
    folder = tempfile.mkdtemp(prefix="dbos-")
    dbos_sqlite = peer(a.venv, "dbos_steps.py", f"sqlite:///{folder}/sys.sqlite", a.steps)
    dbos_pg = peer(a.venv, "dbos_steps.py", fresh_database(a.postgres, f"dbos_{uuid.uuid4().hex[:8]}"), a.steps)
    mcp = peer(a.venv, "mcp_roundtrip.py", 500)
    vectors = peer(a.venv, "vector_search.py", a.vectors, 100, a.postgres, timeout=3600)

    row("durable agent steps/s, SQLite: oi-host over its pipe vs LangGraph + SqliteSaver", sqlite_steps, lg["steps_per_s"], "steps/s")
    row("checkpoint bytes per step: oi-host vs LangGraph + SqliteSaver (whole DB ÷ steps)", checkpoint_bytes, lg["bytes_per_run"] / lg["steps"], "bytes",
        higher_is_better=False)
    row("durable steps/s, SQLite: oi-host agent step vs DBOS Transact step", sqlite_steps, dbos_sqlite["steps_per_s"], "steps/s",
        note="a DBOS step records a function result; ours is a model turn + tool call + events + checkpoint")
    row("durable steps/s, PostgreSQL: oi-host agent step vs DBOS Transact step", pg_steps, dbos_pg["steps_per_s"], "steps/s")
    row("round trips/s over stdio: oi-host system/health vs Python MCP SDK tools/call", our_rtt, mcp["calls_per_s"], "req/s")
    row("round trips/s over stdio: oi-host system/health vs Python MCP SDK ping", our_rtt, mcp["pings_per_s"], "req/s")
    row("round trips/s over stdio: oi-host system/health vs naive Python JSON-RPC echo", our_rtt, echo_rtt, "req/s")
    row("server CPU per request (32 in flight): oi-host vs naive Python JSON-RPC echo", our_cpu, echo_cpu, "µs", higher_is_better=False)
    row(f"vector top-10 p50 over {a.vectors:,} × 256: oi-host SQLite exact scan vs numpy exact", our_sqlite_vector, vectors["numpy"]["p50_ms"], "ms",
        higher_is_better=False)
    row(f"vector top-10 p50 over {a.vectors:,} × 256: oi-host on pgvector (hybrid stack) vs raw pgvector HNSW", our_pg_vector,
        vectors["pgvector"]["p50_ms"], "ms", higher_is_better=False)

    load = open("/proc/loadavg").read().split()[:3]
    print(f"## bench/compare — {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, load {' '.join(load)}, SQLite synced-commit floor {floor:.3f} ms")
    print()
    print("| figure | ours | peer | unit | ours ahead by × |")
    print("|---|---|---|---|---|")
    for figure, mine, theirs, unit, ratio, note in rows:
        print(f"| {figure}{' (' + note + ')' if note else ''} | {mine:,.2f} | {theirs:,.2f} | {unit} | {ratio:.2f} |")
    print()
    print(f"MCP SDK spawn → initialized: {mcp['initialize_s'] * 1000:.0f} ms; pgvector HNSW build over {a.vectors:,}: {vectors['pgvector_build_s']:.1f} s; "
          f"LangGraph: {lg['bytes_per_run'] / 1e6:.1f} MB per {lg['steps']}-step run.")


if __name__ == "__main__":
    main()
