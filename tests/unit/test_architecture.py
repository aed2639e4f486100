"""The layers keep their rules: the core never imports Textual (it must stay usable
from scripts and the CLI), the UI opens no file, nothing imports what is not declared."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.unit.module_probe import modules_after

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "coffeechat"


def core_modules() -> list[str]:
    names = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] == "ui" or parts in {("app",), ("__main__",)}:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("coffeechat", *parts)))
    return sorted(names)


def test_core_modules_never_import_textual() -> None:
    modules = core_modules()
    assert "coffeechat.storage.workspace" in modules and "coffeechat.cli" in modules
    loaded = modules_after(f"import importlib\nfor name in {modules!r}:\n"
                           "    importlib.import_module(name)\n")
    assert sorted(m for m in loaded if m == "textual" or m.startswith("textual.")) == []


def test_ui_code_never_opens_files_itself() -> None:
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        if True:
            text = path.read_text()
            for forbidden in (r"(?<![\w.])open\(", r"\.write_text\(", r"\.write_bytes\(",
                              r"\bwrite_atomic\b"):
                if re.search(forbidden, text):
                    offenders.append(f"{path.name}: {forbidden}")
    assert offenders == []


def _ui_files_making(widget: str, replaced_in: str) -> list[str]:
    """The UI's files that make Textual's ``widget`` or subclass it, but the
    one (``replaced_in``) whose widget replaces it."""
    made = re.compile(rf"(?<![\w.]){widget}\(|^class \w+\({widget}\)", re.M)
    return [path.name for path in (PACKAGE / "ui").rglob("*.py")
            if path.name != replaced_in and made.search(path.read_text())]


def test_every_option_list_keeps_its_wrapped_lines_whole() -> None:
    """Textual's ``OptionList`` loses the last line of an option that filled
    its width once a scrollbar comes; the UI's lists are ``WrappedOptions``."""
    assert _ui_files_making("OptionList", "wrapped_options.py") == []


def test_every_text_field_keeps_its_text_and_undoes() -> None:
    """Textual's ``Input`` selects its whole text on focus, so a first key
    replaced a kept draft or a record's value, and it has no undo; the UI's
    fields are ``TextField``."""
    assert _ui_files_making("Input", "text_field.py") == []


def _imports(path: Path, name: str, is_package: bool, modules: set[str]) -> set[str]:
    """Modules ``path`` imports at run time (``TYPE_CHECKING`` blocks left out):
    ``from pkg import mod`` depends on ``pkg.mod``, ``from pkg import name`` on ``pkg``."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return found


def test_a_module_of_the_store_or_the_models_loads_none_of_the_others() -> None:
    code = ("import sys; import coffeechat.storage.paths, coffeechat.core.models.goals; "
            "before = set(sys.modules); "
            "from coffeechat.storage import Workspace; from coffeechat.core.models import Person; "
            "import coffeechat.storage as store\n"
            "try:\n    store.Nowhere\nexcept AttributeError as exc:\n    print(exc)\n"
            "print(sorted(name for name in ('coffeechat.storage.workspace', "
            "'coffeechat.core.models.person') if name in before))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    # Each name's module is imported when the name is asked for, and only then.
    assert shown == ["module 'coffeechat.storage' has no attribute 'Nowhere'", "[]"]


def test_no_import_cycles() -> None:
    modules: dict[str, tuple[Path, bool]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(("coffeechat", *parts))] = (path, is_package)
    graph = {name: {dep for dep in _imports(path, name, is_package, set(modules))
                    if dep in modules and dep != name}
             for name, (path, is_package) in modules.items()}
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*stack[stack.index(dep):], dep]))
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == []


def test_the_core_needs_no_files_and_no_ui() -> None:
    """core/ holds the rules: it imports nothing from storage, interop, cli or ui."""
    modules = {".".join(("coffeechat", *path.relative_to(PACKAGE).with_suffix("").parts))
               for path in PACKAGE.rglob("*.py")}
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        name = ".".join(("coffeechat", *path.relative_to(PACKAGE).with_suffix("").parts))
        for dep in _imports(path, name, path.name == "__init__.py", modules):
            if dep.startswith(("coffeechat.storage", "coffeechat.interop", "coffeechat.cli",
                               "coffeechat.ui", "coffeechat.demo")):
                offenders.append(f"{path.name}: {dep}")
    assert offenders == []


def test_a_start_served_by_the_index_loads_neither_yaml_nor_text_areas(data_dir: Path) -> None:
    """Start-up imports what the first screen needs: the YAML library waits for
    the first file read, TextArea for the first screen that has one."""
    from coffeechat.core.models import Interview, Person
    from coffeechat.storage import Workspace

    with Workspace.open(data_dir) as ws:
        ws.new_interview(Interview(person=ws.people.add(Person(name="Ada"))))
        ws.sync()
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from coffeechat.storage import Workspace\nimport coffeechat.ui.app\n"
        "ws = Workspace.open(Path(sys.argv[1]))\n"
        "import datetime\n"
        "assert ws.agenda(datetime.datetime.now(), 5, None, limit=25)\n"
    )
    from textual.widgets import TextArea

    loaded = modules_after(code, str(data_dir))
    assert {"yaml", TextArea.__module__} & loaded == set()


def _top_level_imports(folder: Path) -> dict[str, str]:
    """Each top-level package imported by absolute import under ``folder``,
    with one file that imports it."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], str(path.relative_to(REPO)))
    return found


def _distribution(requirement: str) -> str:
    """The normalised project name a requirement line starts with (PEP 503)."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


@pytest.mark.parametrize(("folder", "extras"), [("src", ()), ("tests", ("test",)),
                                                  ("benchmarks", ("test",))])
def test_every_imported_package_is_declared(folder: str, extras: tuple[str, ...]) -> None:
    """An import that works only because a dependency happens to bring the
    package along breaks the day that dependency stops: the package's code
    declares what it imports, the tests and benchmarks may add the test extra."""
    tomllib = pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = {_distribution(line) for line in project["dependencies"]}
    for extra in extras:
        declared |= {_distribution(line) for line in project["optional-dependencies"][extra]}
    local = {"coffeechat", "tests"} | {path.stem for path in (REPO / folder).glob("*.py")}
    providers = importlib.metadata.packages_distributions()
    undeclared = []
    for name, where in sorted(_top_level_imports(REPO / folder).items()):
        if name in sys.stdlib_module_names or name in local:
            continue
        if not {_distribution(dist) for dist in providers.get(name, [])} & declared:
            undeclared.append(f"{name} (imported by {where})")
    assert undeclared == []
