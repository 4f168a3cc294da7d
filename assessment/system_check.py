"""Check the system libraries WeasyPrint needs, and say in one line how to install them."""

from __future__ import annotations

import ctypes.util
import sys

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def main() -> int:
    """Exit 0 when WeasyPrint loads, 1 with an install hint otherwise."""
    missing = [name for name in ("pango-1.0", "pangoft2-1.0", "harfbuzz-subset") if not ctypes.util.find_library(name)]
    if not missing:
        try:
            import weasyprint  # noqa: F401  (loading it loads Pango through cffi)
        except OSError:
            missing = ["pango-1.0"]
    if missing:
        print(f"WeasyPrint needs {', '.join(missing)}; on Debian/Ubuntu run: "
              f"sudo apt-get install -y {DEBIAN_PACKAGES}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
