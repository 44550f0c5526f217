"""Pure-Python analytics and optimisation. Never imports Django or the apps (import-linter enforces it)."""
