"""The full-screen app: Textual screens, widgets, modals and the command palette."""
