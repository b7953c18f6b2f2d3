#ifndef CTALLY_PLATFORM_H
#define CTALLY_PLATFORM_H

/// Atomically swaps two existing paths (Linux `renameat2` with `RENAME_EXCHANGE`).
/// Returns 0 on success, -1 with `errno` set otherwise (EINVAL or ENOSYS where the
/// file system or kernel cannot exchange).
int ctally_rename_exchange(const char *from, const char *to);

#endif
