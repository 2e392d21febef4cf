"""Announces a saved classification to the apps that follow it (see core.hooks).

Deadlines move and the required document set and red flags change with a
reclassification; `classification_save` sends (classification, actor) in its transaction.
"""

from __future__ import annotations

from core.hooks import Hook

classification_saved = Hook()
on_classification_saved = classification_saved.connect
notify_classification_saved = classification_saved.send
