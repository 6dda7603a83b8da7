/// Stable diagnostic codes. A code, once shipped, keeps its meaning; docs/diagnostics.md lists
/// every one (a test checks that the two agree).
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable, Codable {
    // Source: what the file is, before any YAML is read.
    case fileTooLarge = "GO1001"
    case notUTF8 = "GO1002"
    case binaryFile = "GO1003"
    case symlink = "GO1004"
    case submodule = "GO1005"
    case tooManyFiles = "GO1006"
    case unreadable = "GO1007"

    // YAML: the text does not make a usable document.
    case yamlSyntax = "GO2001"
    case aliasOrAnchor = "GO2002"
    case nestingTooDeep = "GO2003"
    case duplicateKey = "GO2004"
    case complexKey = "GO2005"
    case yamlTag = "GO2006"

    // Schema: one document against its kind.
    case notAMapping = "GO3001"
    case badAPIVersion = "GO3002"
    case unknownKind = "GO3003"
    case missingField = "GO3004"
    case wrongType = "GO3005"
    case unknownField = "GO3006"
    case invalidEnum = "GO3007"
    case outOfRange = "GO3008"
    case invalidName = "GO3009"
    case invalidDuration = "GO3010"
    case invalidNumber = "GO3011"
    case conflictingFields = "GO3012"
    case invalidValue = "GO3013"

    // Grid-wide: documents against each other.
    case duplicateName = "GO4001"
    case gridCount = "GO4002"
    case unresolvedReference = "GO4003"
    case ownership = "GO4004"
    case siteLacksService = "GO4005"
    case unknownGPUModel = "GO4006"
    case quotaModel = "GO4007"
    case driverNotConfigured = "GO4008"

    // Warnings: valid, but probably not what was meant.
    case noPlacementPolicy = "GO5001"
    case emptyFile = "GO5002"
    case noFiles = "GO5003"
    case deprecatedField = "GO5004"
    case unusedDriverEntry = "GO5005"

    public var severity: Diagnostic.Severity {
        rawValue.hasPrefix("GO5") ? .warning : .error
    }

    /// A short name, used in docs and JSON output.
    public var slug: String {
        String(describing: self)
    }
}
