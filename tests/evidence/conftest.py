from tests.compliance.conftest import private_storage  # noqa: F401  uploads and packs in a fresh folder per test
