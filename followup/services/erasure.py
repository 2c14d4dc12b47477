"""The follow-up's part of a person's erasure (called by ``rights.services.erasure``): what the
pair did stays (its charter, meetings, help requests are counted), without the person."""

from programmes.models import Programme

from ..models import (
    CharterAcceptance,
    HelpRequest,
    Meeting,
    Message,
    MessageRecipient,
    PlannedMeeting,
    Reminder,
)


def pair_life_forget(*, user, programme: Programme | None = None) -> dict[str, int]:
    """Charter acceptances, meetings logged or planned, help requests asked or handled, messages
    written: kept, with no person."""

    def of(model):
        rows = model.objects.all()
        if programme is not None:
            rows = rows.filter(pair__programme=programme)
        return rows

    messages = Message.objects.all() if programme is None else programme.messages.all()
    return {
        "followup_charteracceptance.user": of(CharterAcceptance)
        .filter(user=user)
        .update(user=None),
        "followup_meeting.logged_by": of(Meeting).filter(logged_by=user).update(logged_by=None),
        "followup_plannedmeeting.set_by": of(PlannedMeeting)
        .filter(set_by=user)
        .update(set_by=None),
        "followup_helprequest.requested_by": of(HelpRequest)
        .filter(requested_by=user)
        .update(requested_by=None),
        "followup_helprequest.handled_by": of(HelpRequest)
        .filter(handled_by=user)
        .update(handled_by=None),
        "followup_message.created_by": messages.filter(created_by=user).update(created_by=None),
    }


def reminders_erase(*, user, pair_ids=None) -> int:
    """The reminders sent to the person (all, or those about these pairs)."""
    reminders = Reminder.objects.filter(recipient=user)
    if pair_ids is not None:
        reminders = reminders.filter(subject__in=[f"pair:{pk}" for pk in pair_ids])
    deleted, _ = reminders.delete()
    return deleted


def message_recipients_erase(*, user, programme: Programme | None = None) -> int:
    """The person as a recipient of the coordination's messages."""
    rows = MessageRecipient.objects.filter(user=user)
    if programme is not None:
        rows = rows.filter(message__programme=programme)
    deleted, _ = rows.delete()
    return deleted
