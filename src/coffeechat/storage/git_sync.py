"""Two machines, one campaign: the data directory as a git repository.

``set_up`` makes the repository (or joins a remote's), routes every record file
to coffeechat's merge driver in ``.gitattributes`` and registers the driver in
the repository's own config (git never takes driver config from a commit, so
each machine runs it once). ``sync`` commits what changed, fetches, merges
(never rebases) and pushes.

git runs as a subprocess with an explicit environment: no prompt for a
password (it would hang a sync with no terminal), no hooks, no signing, no
rename detection (a record renamed is two records), messages in English to
read. A sync takes its own lock, never the app's, and commits only what the
store writes atomically, so it can run while the app is open: the app reads
back what the merge wrote as it reads any outside change. A merge that went
wrong, or was interrupted, is undone (``git merge --abort``): the repository
is as it was, or merged and committed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from coffeechat.core.models import Interview, Person
from coffeechat.core.models.problems import has_errors
from coffeechat.core.wording import plural
from coffeechat.storage.atomic import TEMP_SUFFIX, write_atomic
from coffeechat.storage.collection import CONFLICTS_DIR
from coffeechat.storage.conflicts import KINDS, keep_aside, kind_of
from coffeechat.storage.drafts import DRAFTS_DIR
from coffeechat.storage.index import CACHE_DIR
from coffeechat.storage.lock import LOCK_NAME, LockedError, LockFileError, WorkspaceLock
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.storage.settings import SETTINGS_FILE, Settings
from coffeechat.storage.slugs import unique_slug
from coffeechat.storage.workspace import IGNORE_FILES

DRIVER = "coffeechat"
# Set in the repository's config by ``set_up``: a repository coffeechat made.
MARK = "coffeechat.sync"
SYNC_LOCK = "coffeechat-sync.lock"
REPORT = "coffeechat-merge-report"
# Present while a sync's merge is under way: a merge left by a sync that was
# killed is undone by the next, not mistaken for one left half-done by hand.
MERGING = "coffeechat-sync-merging"
# The last sync's time and one line, for the app's status line.
LAST_SYNC = "coffeechat-last-sync"
# Never committed, whatever the user's own .gitignore says: derived, per
# machine (a dialog's draft is this machine's unfinished typing), or half-written.
NEVER = (f"{CACHE_DIR}/", LOCK_NAME, f"*{TEMP_SUFFIX}", f"{DRAFTS_DIR}/")
IGNORE_BLOCK = ("# Written by coffeechat sync, last so nothing above undoes it:\n"
                + "".join(f"{pattern}\n" for pattern in NEVER))
RECORD_PATTERNS = (*(f"{folder}/*{suffix}" for folder in KINDS for suffix in (".yaml", ".yml")),
                   SETTINGS_FILE)
ATTRIBUTES_BLOCK = ("# Written by coffeechat sync: records merge field by field.\n"
                    + "".join(f"{pattern} merge={DRIVER}\n" for pattern in RECORD_PATTERNS))
# Before a command given file names: "[", "*" or ":" in a name are the name.
LITERAL = "--literal-pathspecs"
# A fetch or push that hangs (a dead network) gives up rather than hold the lock.
NETWORK_SECONDS = 120
# Names of the kinds of record, for the commit message.
NOUNS = {"people": ("person", "people"), "companies": ("company", "companies"),
         "interviews": ("interview", "interviews")}


class SyncError(Exception):
    """A sync that could not be done, in one line meant for the user."""


def host() -> str:
    return socket.gethostname().split(".")[0] or "this machine"


def driver_command() -> str:
    """How git runs this coffeechat's merge driver: this very interpreter, so
    the driver is the version that wrote the records, whatever ``PATH`` holds."""
    return f"{shlex.quote(sys.executable)} -m coffeechat merge-file %O %A %B %P"


class Git:
    """``git`` in one repository, with the environment and options of a sync."""

    def __init__(self, work_tree: Path, report: Path | None = None) -> None:
        self.work_tree = work_tree
        program = shutil.which("git")
        if program is None:
            raise SyncError("git is not installed: install git (from your package manager "
                            "or git-scm.com) and run 'coffeechat sync init'")
        self.program = program
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith("GIT_")}
        self.env.update(LC_ALL="C", LANGUAGE="", GIT_TERMINAL_PROMPT="0",
                        GIT_MERGE_AUTOEDIT="no", GIT_EDITOR=":")
        if "GIT_SSH_COMMAND" in os.environ:
            self.env["GIT_SSH_COMMAND"] = os.environ["GIT_SSH_COMMAND"]
        else:
            self.env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
        driver = driver_command()
        if report is not None:  # the driver says there what it kept aside
            driver = driver.replace(" merge-file ",
                                    f" merge-file --report {shlex.quote(str(report))} ")
        self.options = [
            "-c", f"core.hooksPath={os.devnull}", "-c", "commit.gpgsign=false",
            "-c", "merge.renames=false", "-c", "diff.renames=false",
            "-c", "core.quotePath=false", "-c", "advice.detachedHead=false",
            "-c", f"merge.{DRIVER}.name=coffeechat records, field by field",
            "-c", f"merge.{DRIVER}.driver={driver}",
        ]

    def name_if_unknown(self) -> None:
        """An author for machines where git was never told one (a commit would
        otherwise fail): "coffeechat on HOST"."""
        if not self.text("config", "--get", "user.email", check=False):
            self.options += ["-c", f"user.name=coffeechat on {host()}",
                             "-c", f"user.email=coffeechat@{host()}"]

    def run(self, *args: str, check: bool = True, timeout: float | None = None,
            stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        command = next(arg for arg in args if not arg.startswith("-"))
        try:
            # umask: what git checks out or merges is as private as what the
            # store writes (0600 files, 0700 folders).
            done = subprocess.run([self.program, *self.options, *args], cwd=self.work_tree,
                                  env=self.env, capture_output=True, timeout=timeout,
                                  input=stdin, check=False, umask=0o077)
        except subprocess.TimeoutExpired:
            raise SyncError(f"git {command} took longer than {timeout:.0f} s and was "
                            "stopped") from None
        if check and done.returncode != 0:
            raise SyncError(f"git {command} failed: {reason(done.stderr)}")
        return done

    def text(self, *args: str, check: bool = True) -> str:
        return self.run(*args, check=check).stdout.decode("utf-8", "replace").strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    @property
    def git_dir(self) -> Path:
        return self.work_tree / ".git"


def reason(raw: bytes) -> str:
    """git's reason in one line: its first "fatal:", "error:" or "ssh:" line
    (the cause; the lines after it are advice), else its last line."""
    lines = [line.strip() for line in raw.decode("utf-8", "replace").splitlines()
             if line.strip() and not line.startswith("hint:")]
    for line in lines:
        if line.startswith(("fatal:", "error:", "ssh:")):
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return lines[-1] if lines else "no reason given"


# -- setting up ----------------------------------------------------------------------------

def _block_missing(text: str, block: str) -> bool:
    """Whether ``block`` must be appended: it is not the file's last lines
    (a pattern later in a .gitignore can undo an earlier one)."""
    return not text.rstrip("\n").endswith(block.rstrip("\n"))


def _with_block(path: Path, block: str) -> bool:
    """Append ``block`` to the file at ``path`` unless it ends with it already;
    whether anything changed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if not _block_missing(text, block):
        return False
    if path.name == ".gitignore" and text == IGNORE_FILES[".gitignore"]:
        text = ""  # the app's own, which says the same
    joined = text + ("\n" if text and not text.endswith("\n") else "") + block
    write_atomic(path, joined.encode())
    return True


def _only_scaffolding(data_dir: Path) -> bool:
    """Whether ``data_dir`` holds nothing a user wrote: what the app makes when
    it opens an empty folder (empty folders, its ignore files, the index), and
    a repository ``set_up`` may have begun."""
    if not data_dir.exists():
        return True
    for entry in data_dir.iterdir():
        if entry.name in (".git", ".gitignore", ".stignore", LOCK_NAME, CACHE_DIR):
            continue
        if entry.is_dir() and not entry.is_symlink() and not any(entry.iterdir()):
            continue
        return False
    return True


def own_repository(git: Git) -> bool | None:
    """True when ``data_dir`` is a repository coffeechat set up, False when it is
    one (or inside one) that it did not, None when there is none."""
    if not git.ok("rev-parse", "--git-dir"):
        return None
    top = git.text("rev-parse", "--show-toplevel")
    if Path(top).resolve() != git.work_tree.resolve():
        return False
    return git.text("config", "--local", "--get", MARK, check=False) == "true"


def set_up(data_dir: Path, remote: str | None, *, yes: bool) -> str:
    """``coffeechat sync init``; returns its one line."""
    data_dir = data_dir.absolute()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    git = Git(data_dir)
    state = own_repository(git)
    if state is False and not yes:
        raise SyncError(
            f"{data_dir} is already in a git repository that coffeechat did not set up; "
            "'coffeechat sync init --yes' would add .gitattributes and a .gitignore block, "
            "register the record merge driver in its .git/config"
            + (f", add the remote {remote}" if remote else "") + " and commit your records")
    if state is None or (state is False and not (data_dir / ".git").exists()):
        git.run("init", "--quiet")
    git.name_if_unknown()
    joined = False
    if remote is not None and not git.text("remote"):
        git.run("remote", "add", "origin", remote)
        if _only_scaffolding(data_dir):
            joined = _join(git, "origin")
        elif _remote_branches(git, "origin"):
            git.run("remote", "remove", "origin")
            raise SyncError(f"{data_dir} already holds records and {remote} has a history "
                            "of its own; to join it, start from an empty data directory")
    git.run("config", "--local", MARK, "true")
    git.run("config", "--local", f"merge.{DRIVER}.name", "coffeechat records, field by field")
    git.run("config", "--local", f"merge.{DRIVER}.driver", driver_command())
    _with_block(data_dir / ".gitattributes", ATTRIBUTES_BLOCK)
    _with_block(data_dir / ".gitignore", IGNORE_BLOCK)
    committed = _commit(git, f"coffeechat sync set up on {host()}")
    where = f" from {remote}" if joined else (f" with the remote {remote}" if remote else "")
    what = "joined" if joined else "set up"
    tail = (f"; on another machine: coffeechat sync init --remote {remote}" if remote
            else "; add a remote with: git remote add origin URL")
    return f"sync {what} in {data_dir}{where}" + (", records committed" if committed else "") + tail


def _remote_branches(git: Git, remote: str) -> list[str]:
    listed = git.run("ls-remote", "--heads", remote, timeout=NETWORK_SECONDS, check=False)
    if listed.returncode != 0:
        raise SyncError(f"cannot reach {remote}: {reason(listed.stderr)}")
    return listed.stdout.decode("utf-8", "replace").split()[1::2]


def _join(git: Git, remote: str) -> bool:
    """Take the remote's branch as this one (a second machine joining);
    whether the remote had one."""
    git.run("fetch", "--quiet", remote, timeout=NETWORK_SECONDS)
    head = git.text("ls-remote", "--symref", remote, "HEAD", check=False)
    branch = ""
    for line in head.splitlines():
        if line.startswith("ref: refs/heads/"):
            branch = line.split()[1].removeprefix("refs/heads/")
    if not branch:
        branches = git.text("branch", "-r", "--format=%(refname:short)").split()
        if not branches:
            return False  # an empty remote: the first sync sends everything
        branch = branches[0].split("/", 1)[1]
    # Only coffeechat's own files can be in the way here: taken from the remote.
    git.run("checkout", "--quiet", "-f", "-B", branch, f"{remote}/{branch}")
    git.run("branch", "--quiet", f"--set-upstream-to={remote}/{branch}")
    return True


# -- committing ----------------------------------------------------------------------------

def _never(magic: str) -> list[str]:
    """Pathspecs of what is never committed, at any depth."""
    return [f":({magic}glob)**/{pattern.rstrip('/')}" for pattern in NEVER]


def _stage(git: Git) -> list[tuple[str, str]]:
    """Stage every change but what is never committed (untracking it if a
    user's commit had it); returns (status letter, path) of what is staged."""
    git.run("add", "--all", "--", ".", *_never("exclude,"))
    tracked = git.run("ls-files", "-z", "--", *_never("")).stdout
    if tracked:
        git.run(LITERAL, "rm", "-r", "--cached", "--quiet", "--pathspec-from-file=-",
                "--pathspec-file-nul", stdin=tracked)
    lines = git.run("diff", "--cached", "--name-status", "-z", "--no-renames").stdout
    parts = lines.decode("utf-8", "replace").split("\0")
    return [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]


def describe_changes(changes: Sequence[tuple[str, str]], where: str) -> str:
    """"3 people, 1 interview changed on laptop" (added and deleted ones named so)."""
    counts: Counter[tuple[str, str]] = Counter()
    for status, path in changes:
        folder = PurePosixPath(path).parts[0]
        verb = {"A": "added", "D": "deleted"}.get(status[:1], "changed")
        counts[(folder if folder in NOUNS else "other", verb)] += 1
    parts = []
    for verb in ("changed", "added", "deleted"):
        words = [plural(count, *NOUNS[folder]) if folder in NOUNS
                 else plural(count, "other file")
                 for (folder, kind), count in sorted(counts.items()) if kind == verb]
        if words:
            parts.append(f"{', '.join(words)} {verb}")
    return f"{'; '.join(parts) or 'nothing'} on {where}"


def _commit(git: Git, message: str | None = None) -> int:
    """Commit every change (described unless ``message``); how many files."""
    changes = _stage(git)
    merging = (git.git_dir / "MERGE_HEAD").exists()
    if not changes and not merging:
        return 0
    text = message or describe_changes(changes, host())
    git.run("commit", "--quiet", "--no-verify", "-m", text)
    return len(changes) or 1


# -- syncing -------------------------------------------------------------------------------

@dataclass
class SyncResult:
    sent: int = 0
    received: int = 0
    merged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    # What the sync did that the user should know beyond the counts.
    notes: list[str] = field(default_factory=list)
    committed: int = 0

    @property
    def line(self) -> str:
        parts = [f"sent {plural(self.sent, 'commit')}",
                 f"received {plural(self.received, 'commit')}",
                 f"merged {plural(len(self.merged), 'file')}"]
        parts.append(f"{plural(len(self.conflicts), 'conflict')}"
                     + (f" ({'; '.join(self.conflicts)})" if self.conflicts else ""))
        line = "synced: " + ", ".join(parts)
        return line + (f"; {'; '.join(self.notes)}" if self.notes else "")


def sync(data_dir: Path, progress: Callable[[str], None] | None = None) -> SyncResult:
    """``coffeechat sync``: commit, fetch, merge, push. Raises SyncError with
    one line when it cannot; nothing committed is ever lost."""
    data_dir = data_dir.absolute()  # the merge driver runs elsewhere
    git = Git(data_dir, report=data_dir / ".git" / REPORT)
    if not (data_dir / ".git").is_dir() or own_repository(git) is None:
        raise SyncError(f"{data_dir} is not set up for sync: run 'coffeechat sync init' "
                        "(or 'coffeechat sync init --remote URL' to join another machine)")
    lock = WorkspaceLock(git.git_dir, SYNC_LOCK)
    try:
        lock.acquire()
    except LockedError as exc:
        raise SyncError(f"another sync is running ({exc.holder}); wait for it to end") from None
    except (LockFileError, OSError) as exc:
        raise SyncError(f"cannot take the sync lock: {exc}") from None
    note = "failed"
    try:
        git.name_if_unknown()
        result = _sync(git, progress or (lambda _: None))
        note = result.line
        return result
    except SyncError as exc:
        note = f"failed: {exc}"
        raise
    finally:
        with contextlib.suppress(OSError):
            write_atomic(git.git_dir / LAST_SYNC,
                         f"{dt.datetime.now():%Y-%m-%d %H:%M} {note}\n".encode())
        lock.release()


def last_sync(data_dir: Path) -> str | None:
    """"YYYY-MM-DD HH:MM" and the line of the last sync, by the app or the
    command; None when there was none."""
    try:
        return (data_dir / ".git" / LAST_SYNC).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def _sync(git: Git, progress: Callable[[str], None]) -> SyncResult:
    _check_state(git)
    # A .gitattributes lost or changed by hand would let git write markers.
    _with_block(git.work_tree / ".gitattributes", ATTRIBUTES_BLOCK)
    _with_block(git.work_tree / ".gitignore", IGNORE_BLOCK)
    result = SyncResult()
    progress("committing")
    result.committed = _commit(git)
    remote = _remote(git)
    branch = git.text("symbolic-ref", "--short", "HEAD")
    progress("fetching")
    fetched = git.run("fetch", "--quiet", remote, timeout=NETWORK_SECONDS, check=False)
    if fetched.returncode != 0:
        raise SyncError(f"cannot reach {remote} ({reason(fetched.stderr)}); your changes "
                        "are committed here and the next sync sends them")
    upstream = f"refs/remotes/{remote}/{branch}"
    for _attempt in range(3):
        if git.ok("rev-parse", "--verify", "--quiet", upstream):
            progress("merging")
            _merge(git, upstream, result)
        progress("sending")
        if _push(git, remote, branch, upstream, result):
            return result
        git.run("fetch", "--quiet", remote, timeout=NETWORK_SECONDS)
    raise SyncError(f"{remote} kept changing while sending; everything is merged and "
                    "committed here: sync again")


def _check_state(git: Git) -> None:
    """Refuse what a sync must not build on: a merge or rebase left half-done,
    a detached HEAD, a history with no commit yet is fine."""
    for name in ("rebase-merge", "rebase-apply"):
        if (git.git_dir / name).exists():
            raise SyncError("a rebase was left half-done in this repository: finish it "
                            "('git rebase --continue') or undo it ('git rebase --abort'), "
                            "then sync again")
    if (git.git_dir / MERGING).exists():
        if (git.git_dir / "MERGE_HEAD").exists():
            git.run("merge", "--abort", check=False)
        (git.git_dir / MERGING).unlink(missing_ok=True)
    if (git.git_dir / "MERGE_HEAD").exists():
        unmerged = git.text("diff", "--name-only", "--diff-filter=U")
        if unmerged:
            count = len(unmerged.splitlines())
            raise SyncError(f"a merge was left half-done by hand ({plural(count, 'file')} "
                            f"unresolved, first {unmerged.splitlines()[0]}): resolve and "
                            "'git add' them, or undo it with 'git merge --abort', "
                            "then sync again")
    if not git.ok("symbolic-ref", "-q", "HEAD"):
        at = git.text("rev-parse", "--short", "HEAD", check=False)
        raise SyncError(f"HEAD is detached (at {at}), so there is no branch to sync: "
                        "'git switch' to your branch (e.g. git switch main), then sync again")


def _remote(git: Git) -> str:
    remotes = git.text("remote").split()
    if not remotes:
        raise SyncError("no remote to sync with: your changes are committed here; add one "
                        "with 'git remote add origin URL' (or 'coffeechat sync init --remote "
                        "URL' on an empty machine)")
    branch = git.text("symbolic-ref", "--short", "HEAD")
    tracked = git.text("config", "--get", f"branch.{branch}.remote", check=False)
    if tracked in remotes:
        return tracked
    return "origin" if "origin" in remotes else remotes[0]


def _merge(git: Git, upstream: str, result: SyncResult) -> None:
    before = git.text("rev-parse", "HEAD", check=False)
    counts = git.text("rev-list", "--left-right", "--count", f"HEAD...{upstream}")
    result.received += int(counts.split()[1])
    if result.received == 0:
        return
    report = git.git_dir / REPORT
    report.unlink(missing_ok=True)
    marker = git.git_dir / MERGING
    write_atomic(marker, before.encode())
    try:
        merged = git.run("merge", "--no-edit", "--no-stat", "--quiet", upstream,
                         "-m", f"coffeechat sync on {host()}", check=False)
        if merged.returncode != 0 and not (git.git_dir / "MERGE_HEAD").exists():
            why = reason(merged.stderr + merged.stdout)
            if "unrelated histories" in why:
                raise SyncError("the remote's history shares nothing with this one (another "
                                "campaign, or a repository made twice): nothing was merged; "
                                "start from an empty data directory with 'coffeechat sync "
                                "init --remote URL' to join it")
            raise SyncError(f"git merge refused: {why}; nothing was merged")
        if (git.git_dir / "MERGE_HEAD").exists():
            _settle(git, result)
            # The versions kept aside go with the merge: both machines list them.
            if (git.work_tree / CONFLICTS_DIR).is_dir():
                git.run("add", "--all", "--", CONFLICTS_DIR, *_never("exclude,"))
            git.run("commit", "--quiet", "--no-edit", "--no-verify")
    except BaseException:
        # Ctrl-C or a refusal halfway: back to as it was before the merge.
        if (git.git_dir / "MERGE_HEAD").exists():
            git.run("merge", "--abort", check=False)
        raise
    finally:
        marker.unlink(missing_ok=True)
        _read_report(report, result)
    if before:
        # The records the merge changed (not the versions it kept aside).
        result.merged = [path for path in git.text(
            "diff", "--name-only", before, "HEAD").splitlines()
            if not path.startswith(f"{CONFLICTS_DIR}/")]


def _read_report(report: Path, result: SyncResult) -> None:
    """What the merge driver said of each file it could not merge cleanly."""
    try:
        lines = report.read_text(encoding="utf-8").splitlines()
    except OSError:
        return
    report.unlink(missing_ok=True)
    for line in lines:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            entry = json.loads(line)
            if entry.get("kept"):
                fields = ", ".join(entry["clashes"])
                result.conflicts.append(f"{entry['path']}: {fields}; theirs in {entry['kept']}")


def _stages(git: Git) -> dict[str, dict[int, str]]:
    """Per unmerged path, its blobs by stage (1 base, 2 ours, 3 theirs)."""
    found: dict[str, dict[int, str]] = {}
    raw = git.run("ls-files", "-u", "-z").stdout.decode("utf-8", "replace")
    for item in filter(None, raw.split("\0")):
        meta, path = item.split("\t", 1)
        _, blob, stage = meta.split()
        found.setdefault(path, {})[int(stage)] = blob
    return found


def _settle(git: Git, result: SyncResult) -> None:
    """Resolve every path git left unmerged, so the merge commits with no
    marker anywhere and nothing lost: the driver's result as it is; an edit
    against a deletion, the edit; a record added on both sides, both (theirs
    under the next free slug); any other file, ours, with theirs in conflicts/."""
    renamed: dict[str, str] = {}  # paths of their records added under a taken slug
    for path, stages in _stages(git).items():
        kind = kind_of(path)
        if 1 in stages and 2 in stages and 3 in stages and kind is not None:
            pass  # the driver wrote ours merged and kept theirs aside
        elif 2 in stages and 3 not in stages:
            result.conflicts.append(f"{path}: edited here, deleted there; the edit is kept")
        elif 3 in stages and 2 not in stages:
            git.run(LITERAL, "checkout", "--quiet", "--theirs", "--", path)
            result.conflicts.append(f"{path}: deleted here, edited there; the edit is back")
        elif 1 not in stages and kind is not None and kind is not Settings:
            renamed[path] = _second_slug(git, path, stages[3])
            result.conflicts.append(
                f"{path}: added on both machines; theirs is now {renamed[path]}")
        else:
            ours = git.run("cat-file", "blob", stages[2]).stdout
            theirs = git.run("cat-file", "blob", stages[3]).stdout
            write_atomic(git.work_tree / path, ours)
            kept = keep_aside(git.work_tree, path, theirs).relative_to(git.work_tree)
            result.conflicts.append(f"{path}: changed on both machines; theirs in {kept}")
        git.run(LITERAL, "add", "--", path)
    if renamed:
        _fix_references(git, renamed)


def _second_slug(git: Git, path: str, blob: str) -> str:
    """Write their record added under a slug ours also took at the next free
    slug; returns its new path."""
    where = PurePosixPath(path)
    folder, slug = where.parent, where.stem
    directory = git.work_tree / folder

    def taken(candidate: str) -> bool:
        return any((directory / f"{candidate}{suffix}").exists() for suffix in (".yaml", ".yml"))
    new = unique_slug(slug, taken)
    theirs = git.run("cat-file", "blob", blob).stdout
    git.run(LITERAL, "checkout", "--quiet", "--ours", "--", path)
    new_path = str(folder / f"{new}{where.suffix}")
    write_atomic(git.work_tree / new_path, theirs)
    git.run(LITERAL, "add", "--", new_path)
    return new_path


def _fix_references(git: Git, renamed: dict[str, str]) -> None:
    """Point what came with their person at its new slug: the records their
    side added or changed that name the old slug (their interviews with that
    person, their people it introduced or knows)."""
    people = {PurePosixPath(old).stem: PurePosixPath(new).stem
              for old, new in renamed.items() if PurePosixPath(old).parts[0] == "people"}
    if not people:
        return
    base = git.text("merge-base", "HEAD", "MERGE_HEAD")
    changed = git.text("diff", "--name-only", "--no-renames", base, "MERGE_HEAD").splitlines()
    for theirs in changed:
        # Their record added under a taken name is at its new path; the old one is ours.
        path = renamed.get(theirs, theirs)
        kind = kind_of(path)
        if kind not in (Person, Interview):
            continue
        file = git.work_tree / path
        try:
            raw = file.read_bytes()
        except OSError:
            continue
        record, problems = decode_record(kind, raw, None)
        if record is None or has_errors(problems):
            continue
        if isinstance(record, Interview):
            record.person = people.get(record.person, record.person)
            for referral in record.referrals:
                referral.person = people.get(referral.person, referral.person)
        elif isinstance(record, Person):
            record.introduced_by = people.get(record.introduced_by, record.introduced_by)
            record.knows = [people.get(slug, slug) for slug in record.knows]
        fixed = encode_record(record)
        if fixed != raw:
            write_atomic(file, fixed)
            git.run(LITERAL, "add", "--", path)


def _push(git: Git, remote: str, branch: str, upstream: str, result: SyncResult) -> bool:
    """Send what the remote lacks; False when it moved meanwhile (fetch and
    merge again)."""
    if git.ok("rev-parse", "--verify", "--quiet", upstream):
        ahead = int(git.text("rev-list", "--count", f"{upstream}..HEAD"))
    else:
        ahead = int(git.text("rev-list", "--count", "HEAD", check=False) or 0)
    if ahead == 0:
        return True
    pushed = git.run("push", "--quiet", "--set-upstream", remote, f"HEAD:refs/heads/{branch}",
                     timeout=NETWORK_SECONDS, check=False)
    if pushed.returncode == 0:
        result.sent = ahead
        return True
    said = pushed.stderr.decode("utf-8", "replace")
    if "[rejected]" in said or "fetch first" in said or "non-fast-forward" in said:
        return False
    raise SyncError(f"cannot send to {remote} ({reason(pushed.stderr)}); everything is "
                    "committed here and the next sync sends it")
