"""Helpers shared by tests (and benchmarks): real servers on loopback addresses, fixtures."""
