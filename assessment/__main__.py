"""`python -m assessment` is the `sovereign-ai` command."""

from .cli import main

raise SystemExit(main())
