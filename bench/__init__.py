"""Benchmarks: scripts that measure the portal at city scale and write `bench/RESULTS.md`."""
