"""Blank submission templates (.xlsx) generated from the spec: `danvan template`.

Only `run` and the modules it calls import openpyxl, so importing this package is cheap.
"""
