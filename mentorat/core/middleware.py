"""Response headers Django has no setting for: the Permissions-Policy, and no caching of what a
signed-in person sees."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PermissionsPolicyMiddleware:
    """Tells the browser that no page of the platform uses the camera, the microphone, the
    location, payments or devices (``settings.PERMISSIONS_POLICY``), so that no injected script
    could ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class PrivatePagesMiddleware:
    """A page shown to a signed-in person holds their data (applications, pairs, notes): no
    browser or proxy keeps it (``Cache-Control: private, no-store``), so that the back button
    after logging out or the next person on a shared computer finds nothing. Anonymous pages
    keep their own caching, and the static files (served by whitenoise, above in the stack,
    with their long cache) never reach this middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if not request.path_info.startswith(settings.STATIC_URL):
                patch_cache_control(response, private=True, no_store=True)
        return response
