"""Rendering: results → Markdown, HTML, JSON (templates in top-level templates/)."""
