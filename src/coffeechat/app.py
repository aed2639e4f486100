"""CoffeeChatApp: the full-screen workspace and its top-level areas."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from coffeechat.screens.banks import BanksScreen
from coffeechat.screens.followups import FollowupsScreen
from coffeechat.screens.home import HomeScreen
from coffeechat.screens.live import LiveScreen
from coffeechat.screens.network import NetworkScreen
from coffeechat.screens.plan import PlanScreen
from coffeechat.screens.research import ResearchScreen
from coffeechat.storage import Workspace


class CoffeeChatApp(App[int]):
    """The app on one data directory; every screen reads ``app.workspace``."""

    TITLE = "coffeechat"
    CSS_PATH = "app.tcss"
    MODES: ClassVar = {
        "home": HomeScreen,
        "network": NetworkScreen,
        "research": ResearchScreen,
        "plan": PlanScreen,
        "live": LiveScreen,
        "followups": FollowupsScreen,
        "banks": BanksScreen,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "switch_mode('home')", "Home", id="goto.home"),
        Binding("f2", "switch_mode('network')", "Network", id="goto.network"),
        Binding("f3", "switch_mode('research')", "Research", id="goto.research"),
        Binding("f4", "switch_mode('plan')", "Plan", id="goto.plan"),
        Binding("f5", "switch_mode('live')", "Live", id="goto.live"),
        Binding("f6", "switch_mode('followups')", "Follow-ups", id="goto.followups"),
        Binding("f7", "switch_mode('banks')", "Banks", id="goto.banks"),
    ]

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.workspace = Workspace.open(data_dir)
        self.current_interview: str | None = None

    def on_mount(self) -> None:
        self.switch_mode("home")

    def open_interview(self, slug: str, mode: str = "plan") -> None:
        """Show one interview in the Plan or Live area."""
        self.current_interview = slug
        self.switch_mode(mode)

    def on_unmount(self) -> None:
        self.workspace.close()
