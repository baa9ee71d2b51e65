"""The web workspace (`dutymap serve`): a thin layer of pages over the library."""

from pipeline.web.app import create_app

__all__ = ["create_app"]
