"""Stores for tests with several processes: the `address` fixture of tests/conftest.py (a URL and
connect_args each worker opens itself; the store is not created there: "new store" tests race
to create it)."""
