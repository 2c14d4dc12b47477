"""Plain data and helpers about France (départements, French typography): no Django."""
