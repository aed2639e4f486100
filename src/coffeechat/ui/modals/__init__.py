"""Modal dialogs: each returns its result through ``dismiss``."""
