"""Follow-up services: one module per area (pair_life, dashboard, reminders, messages)."""
