"""WhatsApp hygiene: export audit and Cloud API webhook."""
