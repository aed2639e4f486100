"""Who led to whom, as a tree, with what each branch yielded."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from coffeechat.core.network import ReferralNode
from coffeechat.core.wording import plural


class ReferralTreeModal(ModalScreen[str | None]):
    """Dismisses with the slug of the chosen person (None when closed).

    Branches are filled in when opened, so a network of thousands opens at once.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="referral_tree.close", tooltip="Back to Network"),
    ]

    def __init__(self, roots: list[ReferralNode], names: dict[str, str]) -> None:
        super().__init__()
        self.roots = roots
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="tree-box", classes="dialog"):
            yield Static("Referral tree — who led to whom", id="tree-title")
            tree: Tree[ReferralNode] = Tree("You", id="referral-tree")
            tree.show_root = False
            # Enter picks the person; space opens and closes branches.
            tree.auto_expand = False
            yield tree
            yield Static("Space opens a branch · Enter shows the person in Network · Esc to close",
                         classes="dialog-hint")

    def _label(self, node: ReferralNode) -> Text:
        name = self.names.get(node.slug, node.slug)
        # Plain Text, not markup: names are shown exactly as typed.
        return Text(
            f"{name} — {plural(node.conversations, 'conversation')}, "
            f"{plural(node.names, 'name')}"
        )

    def _add_branches(self, parent: TreeNode[ReferralNode], nodes: list[ReferralNode]) -> None:
        for node in nodes:
            parent.add(self._label(node), data=node, allow_expand=bool(node.children))

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        if not self.roots:
            tree.root.add_leaf("No referrals yet: ask every person for another name.")
        self._add_branches(tree.root, self.roots)
        tree.root.expand()
        tree.cursor_line = 0
        tree.focus()

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[ReferralNode]) -> None:
        node = event.node
        if node.data is not None and not node.children:
            self._add_branches(node, node.data.children)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[ReferralNode]) -> None:
        if event.node.data is not None:
            self.dismiss(event.node.data.slug)

    def action_close(self) -> None:
        self.dismiss(None)
