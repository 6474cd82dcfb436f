"""fazhi: a warehouse of Chinese governments' annual reports on 法治政府建设."""
from pathlib import Path

__version__ = "0.1.0"

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
DEFAULT_REGISTRY = SEEDS_DIR / "portals.toml"
MIRROR_REGISTRY = SEEDS_DIR / "mirror" / "portals.toml"
SEED_REPORTS_DIR = SEEDS_DIR / "reports"
DEFAULT_DB = Path("data/fazhi.duckdb")
DEFAULT_ARCHIVE = Path("data/archive")


class UserError(Exception):
    """A mistake in the user's input: shown as one line, exit code 2, never a traceback."""
