"""The breach register: SQLAlchemy models, repository, migrations and scheduler store."""
