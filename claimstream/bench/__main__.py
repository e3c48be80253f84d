"""``python -m claimstream.bench [OPTIONS]`` (what ``make bench`` runs): same as ``claimstream bench``."""

from claimstream.bench.cli import app

if __name__ == "__main__":
    app()
