"""Run every benchmark in turn and print their Markdown tables: `make bench` (reads ../shared/evaldata)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time

BENCHMARKS = [
    "summaries",
    "quotes",
    "extraction",
    "metadata",
    "card",
    "discord_load",
    "hostile",
    "storage",
    "digest",
    "llm",
]


def main(argv: list[str] | None = None) -> int:
    """Run the named benchmarks (all by default) with the same --data path."""
    parser = argparse.ArgumentParser(prog="bench.run")
    parser.add_argument("--data", default="../shared/evaldata", help="path to the evaluation data")
    parser.add_argument("names", nargs="*", default=BENCHMARKS, help=f"any of {', '.join(BENCHMARKS)}")
    args = parser.parse_args(argv)
    failed = []
    for name in args.names:
        print(f"\n## bench.{name}\n", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        code = module.main(["--data", args.data])
        print(f"\n({name}: {time.perf_counter() - started:.1f} s, exit {code})", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
