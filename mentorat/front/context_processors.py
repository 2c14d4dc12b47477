from programmes.permissions import can


def navigation(request) -> dict:
    """What the navigation offers: only what the person's roles let them do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "create_programme": can(user, "create_programme"),
            "admin": can(user, "use_admin"),
        }
    }
