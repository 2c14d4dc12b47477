"""Follow-up views: one module per area (pair_life, dashboard, reminders, messages)."""
