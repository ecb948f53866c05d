"""danvan: indicator calculator for Vietnamese public-sector programmes."""

__version__ = "0.1.0"
