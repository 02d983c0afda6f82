"""Benchmark gensee-mcp against its floors on a sandbox site on 127.0.0.1 and print a table.

Run it from the repository root with the project installed: `python bench/run.py`.
"""

from __future__ import annotations

import argparse
import os
import time

import anyio
from harness import describe_machine, run_sandbox
from measures import Row, bulk_sync, cold_start, context_size, per_call


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--runs", type=int, default=11, help="cold starts of each server (default 11)"
    )
    parser.add_argument(
        "--calls",
        type=int,
        default=1000,
        help="tool calls for per-call and memory, at least 201 (default 1000)",
    )
    parser.add_argument(
        "--bulk-runs", type=int, default=3, help="runs of each bulk sync variant (default 3)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        action="append",
        help="GENSEE_MAX_CONCURRENCY values for the bulk sync (default 8, as the server, and 4)",
    )
    return parser


async def measure(args: argparse.Namespace) -> tuple[list[Row], list[str]]:
    """Run every measurement and return the table rows and the problems found."""
    rows: list[Row] = []
    with run_sandbox() as sandbox:
        rows.append(await cold_start(sandbox, args.runs))
        overhead, reuse, memory = await per_call(sandbox, args.calls)
        rows += [overhead, reuse]
        listing, largest, problems = await context_size(sandbox)
        rows += [listing, largest, memory]
    with run_sandbox("--coursewares", "5000") as bulk:
        for concurrency in args.concurrency or [8, 4]:
            rows.append(await bulk_sync(bulk, concurrency, args.bulk_runs))
    return rows, problems


def format_table(rows: list[Row]) -> str:
    """Return the rows as a Markdown table."""
    lines = [
        "| measure | gensee-mcp | floor | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        met = "yes" if row.met else "no"
        lines.append(
            f"| {row.name} | {row.ours} | {row.floor} | {row.ratio:.2f}x | {row.target} | {met} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and print the machine and the table."""
    args = build_parser().parse_args()
    if args.calls <= 200:
        raise SystemExit("bench/run.py: --calls must be at least 201")
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    rows, problems = anyio.run(measure, args)
    print(f"Machine: {describe_machine()}")
    print(
        f"Run time: {time.monotonic() - started:.0f} s; 1-minute load average "
        f"{load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end"
    )
    print()
    print(format_table(rows))
    for problem in problems:
        print(f"note: {problem}")


if __name__ == "__main__":
    main()
