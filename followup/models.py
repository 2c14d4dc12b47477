"""The pair's life after publication (charter, meetings, help requests): nothing yet.

It sits above ``matching`` and below ``evaluation`` in the stack of apps (docs/DESIGN.md).
"""
