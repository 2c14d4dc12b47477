from programmes import urls
from programmes.services.setup import RESERVED_SLUGS


def test_every_fixed_address_under_programmes_is_a_reserved_slug():
    # A programme whose slug equals a fixed page's first segment would be hidden by that page.
    fixed = {
        str(pattern.pattern).split("/")[0]
        for pattern in urls.urlpatterns
        if not str(pattern.pattern).startswith("<slug:slug>")
    }
    assert fixed, "no fixed address found: the test would pass empty"
    assert fixed <= RESERVED_SLUGS, f"not reserved: {sorted(fixed - RESERVED_SLUGS)}"
