"""Swap two folders in one step, so a reader sees the old site or the new one, never a mix."""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if sys.platform != "linux":
        return None
    return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)


def exchange(a: Path, b: Path) -> None:
    """Give folder `a` the name `b` and `b` the name `a`.

    Atomic on Linux (renameat2 with RENAME_EXCHANGE). Where the system or file
    system cannot do that, three renames: `b` is missing for an instant.
    """
    call = _renameat2()
    if call is not None:
        if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(a), None, str(b))
    parked = b.with_name(f".{b.name}.swap")
    os.replace(b, parked)
    os.replace(a, b)
    os.replace(parked, a)
