#include <git2.h>

/// git_libgit2_opts is variadic, which Swift cannot call: one fixed-argument wrapper per use.
/// gridops only reads objects (no hooks, no config-driven commands), so a repository owned by
/// another user is safe to read, as `git -c safe.directory=*` would allow.
static inline int gridops_git_disable_owner_validation(void) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}
