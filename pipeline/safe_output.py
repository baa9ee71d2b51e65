"""Files dutymap writes (extracted JSON, exports) appear whole or not at all, and only where a
regular file may be.

The data goes to a temporary file beside the target, is flushed to disk (fsync) and renamed
over the target in one step, so a crash or a kill leaves the old file or the new one, never a
0-byte or half-written one. A target that exists and is not a regular file (a device such as
/dev/null, a directory, a FIFO) is refused: renaming over it would replace the device node or
fail with a traceback. A symbolic link is written through, so the link stays a link.

A writer killed mid-write (kill -9, a power cut) leaves its temporary file behind: hidden
(.name.PID.xxxx.tmp, which ingest never reads) and named by the writer's process id, so the next
write of the same target removes the ones whose writer is gone, and never one still being written.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from pipeline.errors import OutputError


def write_atomically(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; OutputError (one line, naming the path) if it cannot be."""
    target = _target(Path(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = _mode_for(target)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target), suffix=".tmp")
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from err
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        _sync_folder(target.parent)
        remove_abandoned_temporaries(target)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(path, err.strerror or str(err)) from err
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


def remove_abandoned_temporaries(target: Path) -> list[Path]:
    """Delete the temporary files of ``target`` left by writers that no longer run (killed
    mid-write); the ones of live writers are theirs. Best effort: the removed files are returned."""
    prefix, removed = f".{target.name}.", list[Path]()
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        writer = name[len(prefix) :].split(".", 1)[0]
        if writer.isdigit() and not _running(int(writer)):
            try:
                (target.parent / name).unlink()
                removed.append(target.parent / name)
            except OSError:
                pass
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this id exists on this machine (signal 0 checks, sends nothing)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or not a pid at all: leave its file alone
    return True


def _target(path: Path) -> Path:
    if not str(path) or path.name in ("", ".", ".."):
        raise OutputError(path, "not a file name")
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as err:
        raise OutputError(path, err.strerror or str(err)) from err
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a special file (device, pipe or socket)"
        raise OutputError(path, f"is {kind}, not a regular file")
    return target


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask (mkstemp's 0600 is
    too private for an export)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
