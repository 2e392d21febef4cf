"""Announces changes to vendors, GPAI models and AI systems (see core.hooks).

Red flags depend on registry facts (a vendor's country and EU representative, a model's
Code of Practice status), so the services send (changed object, actor) after each audited
create or update, and compliance re-evaluates the affected flags at once (archiving changes
no fact a flag reads: an archived system is simply no longer evaluated).
"""

from __future__ import annotations

from core.hooks import Hook

registry_changed = Hook()
on_registry_changed = registry_changed.connect
notify_registry_changed = registry_changed.send
