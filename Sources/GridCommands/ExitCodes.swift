public import ArgumentParser

/// Every exit code gridops documents (README.md "Exit codes", docs/controller.md), one
/// constant each. `ExitCode.success` (0) is ArgumentParser's own. A test checks that no
/// command throws a bare `ExitCode(n)`.
extension ExitCode {
    /// 1: the manifests or the drivers file are invalid (nothing is applied; the last good
    /// revision stays in force), or a `plan --fail-on` gate found what it gates on.
    public static let invalid = ExitCode(1)
    /// 2: the repository, a revision, a file or the state cannot be read.
    public static let unreadable = ExitCode(2)
    /// 3: not converged (`apply`) or drift found (`drift`): the sites differ from git.
    public static let notConverged = ExitCode(3)
    /// 4: refused: what the command names does not exist (a service, a site, a resource at
    /// a site, a field, anything applied at all), or the command does not fit the state
    /// (a rollout in another phase, `generate` into a folder that is not empty).
    public static let refused = ExitCode(4)
    /// 64: the command line itself is wrong (an unknown command or option, a bad value):
    /// ArgumentParser's `validationFailure`, BSD's EX_USAGE.
    public static let usage = ExitCode.validationFailure
}
