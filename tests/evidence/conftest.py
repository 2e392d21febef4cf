"""The evidence registers use the root fixtures (uploads in a fresh folder per test: tests/conftest.py)."""
