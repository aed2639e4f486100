"""The public entry point: ``coffeechat.app.CoffeeChatApp(data_dir=Path)``.

The app itself lives in :mod:`coffeechat.ui.app`; scripts and tests import it from here.
"""

from coffeechat.ui.app import CoffeeChatApp

__all__ = ["CoffeeChatApp"]
