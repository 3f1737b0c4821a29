"""Load test of the dashboard's region profile endpoint: bounded, local, stops by itself.

Run with ``python benchmarks/bench_web_load.py`` (options: ``--clients``, ``--seconds``).

The server runs ``advantage.web.create_app`` under uvicorn in a separate process on a free
127.0.0.1 port, serving a seeded synthetic panel of 350 regions x 200 activities x 5 years
(lognormal values, about 60% zeros; ``benchmarks/synthetic.py``). After one warm-up request
(which computes the dataset's results once), ``--clients`` concurrent keep-alive clients
(a minimal asyncio HTTP/1.1 client by default, ``--client httpx`` for httpx.AsyncClient)
request ``GET /api/region/{id}`` for random regions for ``--seconds`` seconds. The
first request for each region renders its profile (a cache miss); later ones are served from
the app's in-memory cache, as in real use. Reports requests per second, latency percentiles
and errors (non-200 answers and transport failures); the target is p95 < 200 ms. Results are
written to ``benchmarks/results/web_load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import platform
import random
import socket
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SHAPE = (350, 200, 5)  # regions, activities, years
TARGET_P95_MS = 200.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(port: int) -> None:
    """Child process: build the panel and the app, serve until terminated."""
    import uvicorn
    from synthetic import synthetic_panel

    from advantage.web import create_app

    n_r, n_a, n_t = SHAPE
    app = create_app(panel=synthetic_panel(n_r, n_a, n_t, seed=0), name="synthetic")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def wait_ready(base: str, timeout: float = 120.0) -> float:
    """Wait for the server, then time the first data request (computing the results)."""
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base, timeout=timeout) as client:
        while True:
            try:
                if (await client.get("/api/health")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            await asyncio.sleep(0.2)
        start = time.perf_counter()
        response = await client.get("/api/regions")
        response.raise_for_status()
        return time.perf_counter() - start


class RawConnection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams (GET, Content-Length bodies).

    Load generators should cost far less than the server they measure; httpx spends about a
    millisecond of CPU per request, which on a small machine measures the client instead.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def load(base: str, clients: int, seconds: float, regions: list[str],
               kind: str = "raw") -> dict[str, object]:
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    stop = time.monotonic() + seconds
    host, port = base.removeprefix("http://").split(":")
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:

        async def worker(seed: int) -> None:
            rng = random.Random(seed)
            raw = RawConnection(host, int(port))
            while time.monotonic() < stop:
                path = f"/api/region/{rng.choice(regions)}"
                start = time.perf_counter()
                try:
                    if kind == "raw":
                        status = await raw.get(path)
                    else:
                        status = (await client.get(path)).status_code
                    ok, key = status == 200, str(status)
                except (httpx.HTTPError, OSError, asyncio.IncompleteReadError) as exc:
                    ok, key = False, type(exc).__name__
                    await raw.close()
                    raw = RawConnection(host, int(port))
                latencies.append(time.perf_counter() - start)
                if not ok:
                    errors[key] = errors.get(key, 0) + 1
            await raw.close()

        began = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - began
    ms = sorted(1000 * x for x in latencies)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))] if ms else float("nan")

    return {"requests": len(ms), "seconds": round(elapsed, 2),
            "requests_per_s": round(len(ms) / elapsed, 1),
            "p50_ms": round(pct(50), 1), "p95_ms": round(pct(95), 1), "p99_ms": round(pct(99), 1),
            "max_ms": round(ms[-1], 1) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
            "errors": sum(errors.values()), "error_kinds": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw",
                        help="raw: a minimal asyncio HTTP/1.1 client (default); httpx: "
                             "httpx.AsyncClient (its own CPU cost is included).")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "web_load.json")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = mp.get_context("spawn").Process(target=serve, args=(port,), daemon=True)
    process.start()
    try:
        first = asyncio.run(wait_ready(base))
        regions = [f"r{i:04d}" for i in range(SHAPE[0])]
        result = asyncio.run(load(base, args.clients, args.seconds, regions, args.client))
    finally:
        process.terminate()
        process.join(timeout=10)
    report = {"benchmark": "web_load", "endpoint": "GET /api/region/{id}",
              "panel": {"regions": SHAPE[0], "activities": SHAPE[1], "years": SHAPE[2]},
              "clients": args.clients, "client": args.client, "duration_s": args.seconds,
              "first_request_s": round(first, 2), **result,
              "target_p95_ms": TARGET_P95_MS,
              "meets_target": bool(result["p95_ms"] < TARGET_P95_MS),  # type: ignore[operator]
              "machine": {"python": platform.python_version(), "cpus": mp.cpu_count()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
