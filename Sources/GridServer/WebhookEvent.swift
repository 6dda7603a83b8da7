/// A GitHub webhook delivery gridops acts on, parsed from the `X-GitHub-Event` header and the
/// JSON body. It carries no state the controller trusts: it only says "look again" (fetch now
/// rather than at the next interval), and the fetched repository is the truth.
public enum WebhookEvent: Sendable, Equatable {
    /// Sent once when the hook is created, to check that it reaches us.
    case ping
    /// Commits pushed to a branch or tag.
    case push(Push)
    /// A pull request opened, updated (`synchronize`), closed or merged, ...
    case pullRequest(PullRequest)

    /// What `X-GitHub-Event: push` says.
    public struct Push: Sendable, Equatable {
        /// The ref pushed, e.g. `refs/heads/main`.
        public var ref: String
        /// The commit the ref points at after the push (all zeros when the push deleted the ref).
        public var after: String
        /// The head commit's message; nil when the push deleted the ref.
        public var headCommitMessage: String?
        /// Who pushed (`pusher.name`), when given.
        public var pusher: String?
        /// The head commit's author (`head_commit.author.name`), when given.
        public var author: String?

        public init(ref: String, after: String, headCommitMessage: String? = nil, pusher: String? = nil,
                    author: String? = nil) {
            self.ref = ref
            self.after = after
            self.headCommitMessage = headCommitMessage
            self.pusher = pusher
            self.author = author
        }
    }

    /// What `X-GitHub-Event: pull_request` says.
    public struct PullRequest: Sendable, Equatable {
        /// `opened`, `synchronize`, `reopened`, `closed`, ...
        public var action: String
        public var number: Int
        /// The commit at the head of the pull request's branch.
        public var headSHA: String
        /// The pull request's branch, e.g. `feature/gpu-quota`.
        public var headRef: String
        /// True once merged (`action` is then `closed`).
        public var merged: Bool
        /// The merge commit, once GitHub has made one.
        public var mergeCommitSHA: String?

        public init(action: String, number: Int, headSHA: String, headRef: String, merged: Bool = false,
                    mergeCommitSHA: String? = nil) {
            self.action = action
            self.number = number
            self.headSHA = headSHA
            self.headRef = headRef
            self.merged = merged
            self.mergeCommitSHA = mergeCommitSHA
        }
    }
}
