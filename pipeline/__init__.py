"""dutymap: read Chinese regulatory notices and map the duties they impose."""

__version__ = "0.1.0"
