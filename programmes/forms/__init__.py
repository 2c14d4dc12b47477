"""Forms of the programmes app, split by domain like the views (each module's ``__all__``)."""

from .recruitment import *  # noqa: F403
from .setup import *  # noqa: F403
