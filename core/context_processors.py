from core.access import Capability, role_can


def organisation(request):
    membership = getattr(request, "membership", None)
    role = membership.role if membership else None
    return {
        "membership": membership,
        "current_organisation": membership.organisation if membership else None,
        "memberships": getattr(request, "memberships", []),
        "can": {capability.value: bool(role and role_can(role, capability)) for capability in Capability},
    }
