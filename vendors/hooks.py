"""Announces changes to vendors, GPAI models and AI systems (see core.hooks).

Red flags depend on registry facts (a vendor's country and EU representative, a model's
Code of Practice status), so the services send (changed object, actor, changed field names)
after each audited create or update (a creation names every field). Handlers use the field
names to skip harmless edits: compliance re-evaluates only when a field some red-flag rule
reads has changed (archiving changes no fact a flag reads: an archived system is simply no
longer evaluated).
"""

from __future__ import annotations

from core.hooks import Hook

registry_changed = Hook()
on_registry_changed = registry_changed.connect
notify_registry_changed = registry_changed.send
