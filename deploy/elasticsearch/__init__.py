"""The Elasticsearch index templates (``<kind>.json``), installed as the package ``claimstream.services.index.templates``.

This file only makes the folder a package (pyproject.toml maps it with ``package-dir``), so the templates stay here
for operators and ship inside the wheel; ``services/index/store.py`` reads them with ``importlib.resources``.
"""
