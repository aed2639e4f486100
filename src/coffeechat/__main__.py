"""``python -m coffeechat``."""

import sys

from coffeechat.cli import main

sys.exit(main())
