"""Files dutymap writes (extracted JSON, exports) appear whole or not at all, and only where a
regular file may be.

The data goes to a temporary file beside the target, is flushed to disk (fsync) and renamed
over the target in one step, so a crash or a kill leaves the old file or the new one, never a
0-byte or half-written one. A target that exists and is not a regular file (a device such as
/dev/null, a directory, a FIFO) is refused: renaming over it would replace the device node or
fail with a traceback. A symbolic link is written through, so the link stays a link.
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
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
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
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(path, err.strerror or str(err)) from err
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


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
