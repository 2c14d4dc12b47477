"""The page furniture every app shares: breadcrumbs, pagination, a form's error summary.

Templates hold no logic (docs/DESIGN.md): what needs a loop or a lookup to build (the trail of a
breadcrumb, the elided page numbers, the list of a form's errors with the id of their field) is
computed here, and the markup lives once in ``templates/includes/``.
"""

from dataclasses import dataclass

from django import forms, template
from django.core.paginator import Page
from django.forms.formsets import BaseFormSet

register = template.Library()


@register.simple_tag
def crumbs(*labels_and_urls) -> list[tuple[str, str]]:
    """The links of a breadcrumb between "Home" and the current page, as (label, url) pairs.

    ``{% crumbs programme.name programme.get_absolute_url _("Recruitment") url as trail %}``:
    alternate labels and urls, so that a template can build its trail without a view change.
    """
    if len(labels_and_urls) % 2:
        raise template.TemplateSyntaxError("crumbs takes labels and urls in pairs")
    pairs = zip(labels_and_urls[::2], labels_and_urls[1::2], strict=True)
    return [(str(label), str(url)) for label, url in pairs]


@register.simple_tag
def page_numbers(page: Page) -> list:
    """The page numbers to link, with ``Paginator.ELLIPSIS`` where numbers are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag(takes_context=True)
def page_query(context, parameter: str, number: int) -> str:
    """The current query string with ``parameter`` set to ``number``, other filters kept.

    Django's ``{% querystring %}`` takes its keys literally; a page with several lists (the
    matching proposal) pages each one by its own parameter, given here as a value.
    """
    query = context["request"].GET.copy()
    query[parameter] = number
    return "?" + query.urlencode()


@dataclass(frozen=True)
class ErrorItem:
    message: str
    label: str = ""
    href: str = ""


def _field_anchor(bound_field: forms.BoundField) -> str:
    # A radio or checkbox list has no element of the field's own id: link to its first choice.
    target = bound_field.id_for_label or (f"{bound_field.auto_id}_0" if bound_field.auto_id else "")
    return f"#{target}" if target else ""


def _form_items(form: forms.BaseForm) -> list[ErrorItem]:
    items = [ErrorItem(message=str(message)) for message in form.non_field_errors()]
    for name, messages in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound_field = form[name]
        for message in messages:
            items.append(
                ErrorItem(
                    message=str(message),
                    label=str(bound_field.label or name),
                    href=_field_anchor(bound_field),
                )
            )
    return items


@register.inclusion_tag("includes/form_errors.html")
def form_summary(*forms_given, errors=(), required: bool | None = None) -> dict:
    """The summary above a form: its errors linked to their fields, and the asterisk explained.

    Takes forms and formsets; ``errors`` adds messages a service raised after validation.
    The asterisk note is shown when a plain form has a required visible field (crispy marks
    those with "*"); formsets' cells carry no asterisk, so they do not count.
    """
    items = [ErrorItem(message=str(message)) for message in errors]
    has_required = False
    for given in forms_given:
        if given is None or given == "":
            continue
        if isinstance(given, BaseFormSet):
            items += [ErrorItem(message=str(m)) for m in given.non_form_errors()]
            for form in given.forms:
                items += _form_items(form)
            continue
        items += _form_items(given)
        has_required = has_required or any(field.field.required for field in given.visible_fields())
    return {"items": items, "required": has_required if required is None else required}
