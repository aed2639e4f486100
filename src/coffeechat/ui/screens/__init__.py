"""One module per top-level area of the app (a Textual mode each)."""
