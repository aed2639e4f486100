"""What a fresh interpreter has imported after running some code: how the
promises about start-up imports are checked."""

from __future__ import annotations

import json
import subprocess
import sys


def modules_after(code: str, *args: str) -> set[str]:
    """The modules loaded once ``code`` ran in a new interpreter (``args`` as its
    ``sys.argv[1:]``)."""
    probe = f"{code}\nimport json as _json, sys as _sys\nprint(_json.dumps(sorted(_sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                            text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))
