"""The one writer every command that writes goes through, and the lock on a program.

``report -o``, ``validate --junit-xml/--sarif``, ``init``, ``new control``, ``new test`` and
``schema --write`` all write with :func:`write_atomic` or a :class:`Batch`, so one set of
rules holds for every file soccheck writes:

- **Atomic.** The text goes to a temporary file in the destination's directory, reaches the
  disk (``fsync``), and is renamed over the destination: a reader, a crash or a ``SIGKILL``
  never leaves half a file.
- **Regular files only.** A destination that is a directory, a FIFO, a socket or a device is
  refused: renaming over ``/dev/stdout`` or a named pipe would silently replace it with a
  regular file that nobody reads (``-`` is standard output where a command offers it).
- **Symlinks are written through.** A link to a regular file stays a link and the file it
  names is replaced. A dangling link is refused rather than resolved: a regular file in its
  place would destroy the link, and a file created at its target would land wherever the
  link points, which for a link committed to a repository is anywhere. For a program's own
  files (``root`` given), a destination that leaves the root through a symlink, at any level,
  is refused, as ``validate`` refuses to read it (``path-outside-root``): ``new control
  --file controls/ext.yaml`` must not copy an outside file into the repository.
- **Permissions are kept.** A replaced file keeps its mode; a new file is 0644. A file nobody
  may write (mode 0444), or the user may not, is refused unless the command was forced
  (``force``): the atomic rename needs only the directory's permission, so without this
  check a read-only file would be replaced without a word.
- **All or nothing** (:class:`Batch`). Files written together are all staged before any is
  moved into place, and the moves run with SIGINT and SIGTERM held back; if one fails, the
  ones already moved are put back as they were, and directories created for them removed.

The refusals are :class:`WriteRefused`, an ``OSError`` whose ``strerror`` completes "cannot
write PATH: ...", so every command reports them as it reports a disk that is full: one line
and exit code 2.

:func:`program_lock` serialises the commands that read a program, decide and write it back
(``new control``, ``new test``), through a lock file at the program root.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path

STDOUT = "-"
"""The file name meaning standard output, where a command offers it (``report -o -``)."""

LOCK_FILE = ".soccheck.lock"
"""The program's lock file, at its root. No default glob matches it (``controls/**/*.yaml``,
``system.yaml``, ``soccheck.yaml``), so it is never read as part of the program."""

LOCK_TIMEOUT = 60.0
"""Seconds a command waits for another one writing the same program before giving up."""

NEW_FILE_MODE = 0o644
READ_ONLY_HINT = "make it writable (chmod u+w) to have soccheck replace it"


class WriteRefused(OSError):
    """A destination soccheck will not write; ``strerror`` says why, to follow "cannot write
    PATH: "."""

    def __init__(self, path: Path | str, reason: str, code: int = errno.EPERM) -> None:
        super().__init__(code, reason, str(path))


class NotRegularFile(WriteRefused):
    """A destination that is a directory, a FIFO, a socket or a device."""


class WriteConflict(WriteRefused):
    """A file appeared at a destination that had to be new (``exclusive``)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "it appeared while soccheck was writing", errno.EEXIST)


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Destination:
    """Where the bytes for a path go: ``real`` is the file replaced (the path with every
    symlink resolved), ``mode`` its permission bits, ``None`` when it does not exist yet.
    (A plain class: ``validate`` imports this module, and a dataclass costs a millisecond.)"""

    __slots__ = ("mode", "path", "real")

    def __init__(self, path: Path, real: Path, mode: int | None) -> None:
        self.path, self.real, self.mode = path, real, mode


def _inside(path: str, root: Path) -> bool:
    real_root = os.path.realpath(root)
    try:
        return os.path.commonpath([path, real_root]) == real_root
    except ValueError:  # another drive (Windows)
        return False


def destination(
    path: Path, *, root: Path | None = None, force: bool = False, hint: str = READ_ONLY_HINT
) -> Destination:
    """Check that ``path`` may be written (see the module's rules) and say where it goes.

    ``hint`` completes the refusal of a read-only file: how to override it (``--force``
    where the command has it). Raises :class:`WriteRefused`, or the ``OSError`` of a path
    that cannot be looked at (a file where a directory is needed, a symlink loop).
    """
    path = Path(path)
    try:
        exists, link = True, stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        exists, link = False, False
    if link and not os.path.exists(path):
        try:
            os.stat(path)
        except FileNotFoundError:
            raise WriteRefused(
                path,
                "it is a symlink to a file that does not exist; soccheck does not write "
                "through a dangling link (name the file itself, or remove the link)",
            ) from None
    real = os.path.realpath(path)
    if root is not None and not _inside(real, root):
        raise WriteRefused(path, "it leads outside the program root through a symlink")
    if not exists:
        return Destination(path, Path(real), None)
    info = os.stat(path)  # through the link itself: /dev/stdout's target has no real path
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise NotRegularFile(path, f"it is {kind}; soccheck writes only regular files")
    read_only = not info.st_mode & 0o222 or not os.access(real, os.W_OK)
    if read_only and not force:
        raise WriteRefused(path, f"it is read-only; {hint}", errno.EACCES)
    return Destination(path, Path(real), stat.S_IMODE(info.st_mode))


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """SIGINT and SIGTERM held back (on POSIX, in this thread) until the block ends, then
    delivered: a Ctrl-C lands before or after a step that must not stop halfway."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _temporary_name(real: Path, suffix: str) -> Path:
    return real.parent / f".{real.name[:100]}.{os.urandom(4).hex()}{suffix}"


def _stage(entry: _Entry) -> None:
    """The entry's text in a new temporary file beside its destination, on disk, with the
    mode to keep. The name is recorded before the file exists, so that an interrupt at any
    point leaves nothing the clean-up does not know about."""
    real = entry.target.real
    while True:
        entry.staged = _temporary_name(real, ".tmp")
        try:
            fd = os.open(entry.staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(real)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(entry.text)
            handle.flush()
            os.fsync(handle.fileno())
        mode = entry.target.mode
        os.chmod(entry.staged, NEW_FILE_MODE if mode is None else mode)
    except OSError as exc:
        if exc.filename is None:  # a full disk names no file
            raise OSError(exc.errno, exc.strerror, str(real)) from exc
        raise


def make_directories(directory: Path, created: list[Path]) -> None:
    """Create ``directory`` and its missing ancestors, recording each one created (so that a
    failure can remove them again)."""
    missing = []
    for candidate in (directory, *directory.parents):
        if os.path.lexists(candidate):
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        created.append(candidate)  # before it exists: an interrupt cannot orphan it
        try:
            os.mkdir(candidate)
        except FileExistsError:
            created.pop()


def make_staging_directory(beside: Path) -> Path:
    """A new, empty directory next to ``beside``, to build it in and rename it into place.
    Its name is hidden and says what it is, should a ``SIGKILL`` leave it behind; its mode
    follows the umask, as ``beside`` would have had."""
    name = beside.name[:100]
    for _ in range(100):
        staging = beside.parent / f".{name}.{os.urandom(4).hex()}.soccheck-tmp"
        try:
            os.mkdir(staging)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(beside)) from None
        return staging
    raise OSError(errno.EEXIST, "no free name for a temporary directory", str(beside))


class _Entry:
    """A file of a :class:`Batch`, and where its temporary copies are."""

    __slots__ = ("backup", "moved", "staged", "target", "text")

    def __init__(self, target: Destination, text: str) -> None:
        self.target, self.text = target, text
        self.staged: Path | None = None
        self.backup: Path | None = None
        self.moved = False


class Batch:
    """Files written together: after :meth:`commit` every one is in place, or none is.

    ``exclusive`` files must not exist (moved in with ``link``, which never replaces: a file
    that appears meanwhile is a :class:`WriteConflict`); otherwise existing files are
    replaced, with a hard link to the old file kept until the end so that a failure can put
    it back.
    """

    def __init__(
        self,
        *,
        root: Path | None = None,
        force: bool = False,
        exclusive: bool = False,
        hint: str = READ_ONLY_HINT,
    ) -> None:
        self.root, self.force, self.exclusive, self.hint = root, force, exclusive, hint
        self.entries: list[_Entry] = []

    def add(self, path: Path, text: str) -> Destination:
        """Check ``path`` now (refusals come before anything is written) and queue it."""
        target = destination(path, root=self.root, force=self.force, hint=self.hint)
        if self.exclusive and target.mode is not None:
            raise WriteConflict(path)
        self.entries.append(_Entry(target, text))
        return target

    def commit(self) -> None:
        created: list[Path] = []
        try:
            for entry in self.entries:
                make_directories(entry.target.real.parent, created)
                _stage(entry)
            with uninterrupted():
                self._move_all()
        except BaseException:
            with uninterrupted():
                self._roll_back(created)
            raise
        with uninterrupted():
            self._discard()

    def _move_all(self) -> None:
        for entry in self.entries:
            real, staged = entry.target.real, entry.staged
            assert staged is not None
            if self.exclusive:
                if not _link(staged, real, entry.target.path):
                    entry.staged = None
            else:
                entry.backup = _backup(real)
                os.replace(staged, real)
                entry.staged = None
            entry.moved = True

    def _roll_back(self, created: list[Path]) -> None:
        for entry in reversed(self.entries):
            if not entry.moved:
                continue
            with contextlib.suppress(OSError):
                if entry.backup is not None:
                    os.replace(entry.backup, entry.target.real)
                    entry.backup = None
                elif entry.target.mode is None:  # a new file: remove it
                    os.unlink(entry.target.real)
        self._discard()
        for directory in reversed(created):
            with contextlib.suppress(OSError):
                os.rmdir(directory)

    def _discard(self) -> None:
        for entry in self.entries:
            for leftover in (entry.staged, entry.backup):
                if leftover is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(leftover)
            entry.staged = entry.backup = None


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.ENOSYS}


def _link(staged: Path, real: Path, shown: Path) -> bool:
    """Put ``staged`` at ``real`` unless something is there: True when linked (``staged``
    stays, for the clean-up), False when moved. ``link`` never replaces; on a file system
    without hard links the check and the rename are two steps, which the caller's lock
    keeps other soccheck commands out of."""
    try:
        os.link(staged, real)
        return True
    except FileExistsError:
        raise WriteConflict(shown) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    if os.path.lexists(real):
        raise WriteConflict(shown)
    os.rename(staged, real)
    return False


def _backup(real: Path) -> Path | None:
    """A hard link to the file about to be replaced, or None when there is none (or the file
    system has no hard links: the replacement then cannot be undone)."""
    if not os.path.lexists(real):
        return None
    backup = _temporary_name(real, ".old")
    try:
        os.link(real, backup)
    except OSError:
        return None
    return backup


def write_atomic(
    path: Path,
    text: str,
    *,
    root: Path | None = None,
    force: bool = False,
    hint: str = READ_ONLY_HINT,
) -> None:
    """Write ``text`` to ``path`` under the module's rules, creating missing directories."""
    batch = Batch(root=root, force=force, hint=hint)
    batch.add(Path(path), text)
    batch.commit()


# --------------------------------------------------------------------------------- locking


def _locked(fd: int, timeout: float) -> bool:
    """Take an exclusive lock on ``fd``, waiting up to ``timeout`` seconds; False when it
    stayed taken. On Windows there is no ``fcntl``: nothing is locked, and commands run at
    the same time there can still lose each other's changes."""
    try:
        import fcntl
    except ImportError:  # Windows
        return True
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause * (0.5 + os.urandom(1)[0] / 255))  # jitter: waiters spread out
            pause = min(pause * 2, 0.1)
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EBADF):
                return True  # a file system without locks: run unlocked, as on Windows
            raise


def _busy(root: Path, timeout: float) -> WriteRefused:
    return WriteRefused(
        root / LOCK_FILE,
        f"another soccheck command has been writing to the program for {timeout:.0f} "
        "seconds; try again when it has finished",
        errno.EAGAIN,
    )


@contextlib.contextmanager
def program_lock(root: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the program's lock: one command at a time reads the program, checks what it is
    about to add against it and writes it back, so none loses another's change or adds an ID
    another has just taken.

    The lock is ``flock`` on :data:`LOCK_FILE` at ``root``, created empty when missing and
    left in place (removing it would let a waiting command lock a file nobody else sees). It
    is opened without following symlinks and must be a regular file, so a planted link or
    FIFO cannot make soccheck create or open anything else. The kernel drops the lock when
    the process ends, however it ends.
    """
    path = root / LOCK_FILE
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), NEW_FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise WriteRefused(path, "it is a symlink; remove it") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise WriteRefused(path, "it is not a regular file; remove it")
        if not _locked(fd, timeout):
            raise _busy(root, timeout)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def directory_lock(directory: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold a lock on ``directory`` itself (``flock`` on the directory), for a command that
    writes into it without a lock file to leave behind (``init`` into an existing
    directory). Where directories cannot be locked, nothing is."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:  # Windows opens no directories; the writes report what is wrong
        yield
        return
    try:
        if not _locked(fd, timeout):
            raise _busy(directory, timeout)
        yield
    finally:
        os.close(fd)
