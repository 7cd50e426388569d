"""The bot's own state: conversations, alerts, absences, references, name warnings."""
