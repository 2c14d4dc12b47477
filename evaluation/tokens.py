"""The signed link of an invitation to answer: no login, no password.

The token is ``django.core.signing`` over the invitation's id alone (timestamped, with a salt of
its own so that no other signed value of the platform can be replayed here). It expires after
``EVALUATION_LINK_MAX_AGE_DAYS`` days (45 by default) and, whatever its age, once the wave is
no longer open; it serves once (an answered invitation refuses it): see
``evaluation.selectors.answering.invitation_for_link``.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "evaluation.answer-link"
# A token is about 30 characters; anything much longer is not ours and is refused unread.
MAX_TOKEN_LENGTH = 200
DEFAULT_MAX_AGE_DAYS = 45


class TokenExpired(Exception):
    pass


class TokenForged(Exception):
    pass


def max_age() -> timedelta:
    return timedelta(days=getattr(settings, "EVALUATION_LINK_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS))


def answer_token(invitation_id: int) -> str:
    """The signed token of the invitation ``invitation_id``, for the e-mail's link."""
    return signing.dumps(invitation_id, salt=SALT)


def invitation_id_from(token: str) -> int:
    """The invitation id a token was signed for; ``TokenForged`` if it is not one of ours,
    ``TokenExpired`` if it is older than the links' lifetime."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise TokenForged
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as e:
        raise TokenExpired from e
    except (signing.BadSignature, ValueError, UnicodeError) as e:
        raise TokenForged from e
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise TokenForged
    return value
