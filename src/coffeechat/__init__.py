"""coffeechat: a terminal workspace for informational interviews."""

__version__ = "0.1.0"
