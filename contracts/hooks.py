"""Announces a recorded modification of a bought system (see core.hooks).

Deployer duties (Art 27(2)) re-open an approved fundamental rights impact assessment when the
system it assessed changes; duties sits above contracts, so it connects here.
"""

from __future__ import annotations

from core.hooks import Hook

modification_recorded = Hook()  # (modification, actor), inside the recording transaction
on_modification_recorded = modification_recorded.connect
