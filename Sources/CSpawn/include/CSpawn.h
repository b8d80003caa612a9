#ifndef OI_CSPAWN_H
#define OI_CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) through posix_spawn:
/// `stdin_fd`, `stdout_fd` and `stderr_fd` become its 0, 1 and 2; every other
/// descriptor is closed in the child at spawn time (closefrom, so no
/// descriptor another thread opens at that moment can leak in); `cwd`, if not
/// NULL, is its working directory; it leads a new process group; its signal
/// mask is empty and every signal has its default action (a parent's ignored
/// SIGPIPE or blocked SIGTERM is not passed on). Returns 0 and sets `*pid`, or
/// an errno value.
int oi_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *cwd,
             int stdin_fd, int stdout_fd, int stderr_fd);

#endif
