#!/usr/bin/env python3
"""Build the search index: a thin shell over `hiring-advisor build-index` (same options).

Usage: python scripts/build_index.py [--knowledge DIR] [--out DIR] [--force] [--if-stale]
"""

from api.cli.app import app

if __name__ == "__main__":
    app(["build-index", *__import__("sys").argv[1:]])
