"""Writes of the programmes app, split by domain: ``setup`` (programme configuration,
organisations, coordination) and ``recruitment`` (applications, imports). Each module lists
its services in ``__all__``; ``from programmes.services import programme_create`` keeps working."""

from .recruitment import *  # noqa: F403
from .setup import *  # noqa: F403
