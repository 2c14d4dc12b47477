from django import template

from mentorat.core.signals import EXPORT_KINDS

register = template.Library()


@register.filter
def export_kind(code: str) -> str:
    """What an export was, in words ("Les binômes (CSV)"), else its code."""
    return str(EXPORT_KINDS.get(code, code))
