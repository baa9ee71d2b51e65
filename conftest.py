"""Project-wide pytest options."""


def pytest_addoption(parser):  # type: ignore[no-untyped-def]
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/data/golden from the current extraction"
    )
