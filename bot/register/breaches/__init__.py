"""The breach register proper: breaches, their encrypted snapshots and the audit chain."""
