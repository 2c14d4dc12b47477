"""Follow-up selectors: one module per area (pair_life, dashboard, reminders, messages)."""
