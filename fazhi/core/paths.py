"""Where things are: the checkout's seeds and the default warehouse and archive."""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT / "seeds"
DEFAULT_REGISTRY = SEEDS_DIR / "portals.toml"
MIRROR_REGISTRY = SEEDS_DIR / "mirror" / "portals.toml"
SEED_REPORTS_DIR = SEEDS_DIR / "reports"
LABELS_DIR = SEEDS_DIR / "labels"
REFERENCES_DIR = SEEDS_DIR / "references"
DEFAULT_DB = Path("data/fazhi.duckdb")
DEFAULT_ARCHIVE = Path("data/archive")
