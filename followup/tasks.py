"""Celery tasks of the follow-up: the daily reminder sweep and messages to a segment."""
