"""Follow-up forms: one module per area (pair_life, dashboard, reminders, messages)."""
