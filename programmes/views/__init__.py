"""Views of the programmes app, split by domain: ``setup`` and ``recruitment``.
urls.py refers to them as ``views.<name>``: each module lists its views in ``__all__``."""

from .recruitment import *  # noqa: F403
from .setup import *  # noqa: F403
