"""Web throughput: requests/s and latency (p50, p95) of `POST /api/ask` and `GET /api/tasks` with
N concurrent clients against a real `govtasks serve` on 127.0.0.1 (loopback only, a bounded number
of requests, plain asyncio + httpx).

    python benchmarks/bench_web.py [--clients 20] [--requests 400] [--json]

The store: corpus/ indexed once into a temp folder with the embedder `govtasks` would use
(LocalE5 unless GOVTASKS_EMBEDDINGS_URL is set), so ask runs its real dense path. One viewer
account signs in per client (each its own session and CSRF token); the ask rate limit is raised
for the run (--ask-per-minute), as it would be for a load test, not for an office. The questions
rotate through a fixed list of staff questions; the task listings through filter and page
combinations. Every response must be 200: errors are counted and reported (goal: 0)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench password 2026"
QUESTIONS = ["商务局牵头哪些任务？", "钟楼区新增公共停车泊位的目标是多少？", "潘俊分管几项工作？", "哪些任务涉及人工智能？", "两个区的老旧电梯更新目标分别是多少？", "区气象局牵头哪些任务？", "住建局负责哪些任务？", "武进区有哪些任务有量化目标？"]
LISTINGS = [{"per_page": 50}, {"unit": "商务局"}, {"district": "钟楼区", "page": 2}, {"has_target": "true", "sort": "-targets"}, {"text": "推进"}, {"leader": "潘俊"}, {"goal": "消费", "per_page": 20}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(*args, env) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "pipeline.cli", *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env)
    if r.returncode != 0:
        raise SystemExit(f"govtasks {args[0]} failed: {r.stderr.strip()}")
    return r


async def sign_in(base: str) -> httpx.AsyncClient:
    c = httpx.AsyncClient(base_url=base, timeout=60)
    token = (await c.get("/login/csrf")).json()["csrf_token"]
    r = await c.post("/login", json={"name": "bench", "password": PASSWORD, "csrf_token": token})
    r.raise_for_status()
    c.headers["x-csrf-token"] = r.json()["csrf_token"]
    return c


async def load(base: str, kind: str, clients: int, total: int) -> dict:
    sessions = [await sign_in(base) for _ in range(clients)]
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(total))

    async def worker(c: httpx.AsyncClient) -> None:
        for i in counter:
            t0 = time.perf_counter()
            if kind == "ask":
                r = await c.post("/api/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
            else:
                r = await c.get("/api/tasks", params=LISTINGS[i % len(LISTINGS)])
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors.append(f"{r.status_code} {r.text[:120]}")

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in sessions))
    seconds = time.perf_counter() - t0
    for c in sessions:
        await c.aclose()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0]] * 99
    return {"requests": len(latencies), "clients": clients, "seconds": round(seconds, 2), "requests_per_s": round(len(latencies) / seconds, 1), "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "max_ms": round(max(latencies) * 1000, 1), "errors": len(errors), "first_errors": errors[:3]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="requests per endpoint")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "GOVTASKS_HOME": str(tmp / "home"), "GOVTASKS_PASSWORD": PASSWORD}
        t0 = time.perf_counter()
        cli("index", ROOT / "corpus", "--store", tmp / "store", env=env)
        index_s = time.perf_counter() - t0
        cli("user", "add", "bench", "--users", tmp / "users.json", env=env)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--store", str(tmp / "store"), "--users", str(tmp / "users.json"), "--insecure-cookies", "--ask-per-minute", "1000000"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("govtasks serve did not come up")
                    time.sleep(0.3)
            warm = asyncio.run(load(base, "ask", 1, 2))  # the Asker and the embedder loaded once
            results = {"tasks": asyncio.run(load(base, "tasks", args.clients, args.requests)), "ask": asyncio.run(load(base, "ask", args.clients, args.requests))}
        finally:
            server.terminate()
            server.wait(timeout=30)
    out = {"index_seconds": round(index_s, 1), "warm_up_ms": warm["max_ms"], "embedder": "openai-compatible endpoint" if os.environ.get("GOVTASKS_EMBEDDINGS_URL") else "LocalE5", "cores": os.cpu_count(), **results}
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return
    print(f"index corpus/: {out['index_seconds']} s; first ask (loads the Asker): {out['warm_up_ms']} ms; {out['cores']} cores; {out['embedder']}")
    print("| endpoint | clients | requests | req/s | p50 ms | p95 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {'POST /api/ask' if name == 'ask' else 'GET /api/tasks'} | {r['clients']} | {r['requests']} | {r['requests_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['errors']} |")


if __name__ == "__main__":
    main()
