"""Announces a reported incident (see core.hooks), for apps to the right that must follow it.

Deployer duties (Art 27(2)) re-open an approved fundamental rights impact assessment when an
incident shows that a risk it weighed has materialised; duties sits above incidents, so it
connects here instead of incidents calling it.
"""

from __future__ import annotations

from core.hooks import Hook

incident_reported = Hook()  # (incident, actor), inside the reporting transaction
on_incident_reported = incident_reported.connect
