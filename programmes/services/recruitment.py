"""Writes of recruitment: applications, review, imports."""

__all__: list[str] = []
