"""Celery tasks of the follow-up: the daily reminder sweep and messages to a segment."""

from celery import shared_task

# --- Messages to a segment --------------------------------------------------------------------


@shared_task(acks_late=True)
def send_message(message_id: int) -> str:
    """Record the e-mails of a message to a segment, batch by batch. Idempotent and resumable:
    delivered twice, or again after its worker was killed, it sends nobody twice."""
    from .services.messages import message_deliver

    return message_deliver(message_id=message_id)


@shared_task
def sweep_messages() -> dict[str, int]:
    """Beat: hand over again the messages that never reached the broker or lost their worker."""
    from .services.messages import messages_sweep

    return messages_sweep()
