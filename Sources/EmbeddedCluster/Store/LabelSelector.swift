import GatewayCore

/// A parsed `labelSelector`: requirements joined by commas, all of which must hold.
///
/// Grammar (as `k8s.io/apimachinery/pkg/labels.Parse`): `key`, `!key`, `key=value`,
/// `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key>1`, `key<1`.
/// `!=` and `notin` also match objects without the label. An empty selector matches everything.
public struct LabelSelector: Sendable, Equatable {
    /// One requirement.
    public enum Requirement: Sendable, Equatable {
        /// The label exists.
        case exists(String)
        /// The label does not exist.
        case doesNotExist(String)
        /// The label's value is one of the set (`=`, `==`, `in`).
        case inSet(String, Set<String>)
        /// The label is absent or its value is none of the set (`!=`, `notin`).
        case notInSet(String, Set<String>)
        /// The label's value is an integer greater than the bound.
        case greaterThan(String, Int64)
        /// The label's value is an integer less than the bound.
        case lessThan(String, Int64)

        func matches(_ labels: [String: String]) -> Bool {
            switch self {
            case .exists(let key): return labels[key] != nil
            case .doesNotExist(let key): return labels[key] == nil
            case .inSet(let key, let values): return labels[key].map(values.contains) ?? false
            case .notInSet(let key, let values): return labels[key].map { !values.contains($0) } ?? true
            case .greaterThan(let key, let bound): return labels[key].flatMap { Int64($0) }.map { $0 > bound } ?? false
            case .lessThan(let key, let bound): return labels[key].flatMap { Int64($0) }.map { $0 < bound } ?? false
            }
        }
    }

    /// The requirements; all must hold.
    public var requirements: [Requirement]

    /// Parses a selector; `nil` or blank selects everything.
    /// - Throws: 400 BadRequest `unable to parse requirement: …` for a malformed selector.
    public init(parsing text: String?) throws(KubeStatusError) {
        var scanner = SelectorScanner(text ?? "")
        var requirements: [Requirement] = []
        while true {
            scanner.skipSpaces()
            if scanner.atEnd {
                guard requirements.isEmpty else { throw Self.error("found '', expected: identifier after ','") }
                break
            }
            requirements.append(try Self.parseRequirement(&scanner))
            scanner.skipSpaces()
            if scanner.atEnd { break }
            guard scanner.consume(",") else { throw Self.error("found '\(scanner.rest)', expected: ','") }
        }
        self.requirements = requirements
    }

    /// Whether an object's labels satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// Whether an object (its `metadata.labels`) satisfies every requirement.
    public func matches(object: JSONValue) -> Bool {
        requirements.isEmpty || matches(Self.labels(of: object))
    }

    /// The `metadata.labels` of an object as strings.
    static func labels(of object: JSONValue) -> [String: String] {
        (object[path: ["metadata", "labels"]]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    private static func error(_ detail: String) -> KubeStatusError {
        .badRequest("unable to parse requirement: \(detail)")
    }

    private static func parseRequirement(_ scanner: inout SelectorScanner) throws(KubeStatusError) -> Requirement {
        if scanner.consume("!") {
            scanner.skipSpaces()
            return .doesNotExist(try key(&scanner))
        }
        let key = try key(&scanner)
        scanner.skipSpaces()
        if scanner.atEnd || scanner.peek(",") { return .exists(key) }
        if scanner.consume("==") || scanner.consume("=") { return .inSet(key, [try value(&scanner)]) }
        if scanner.consume("!=") { return .notInSet(key, [try value(&scanner)]) }
        if scanner.consume(">") { return .greaterThan(key, try integer(&scanner)) }
        if scanner.consume("<") { return .lessThan(key, try integer(&scanner)) }
        let word = scanner.word()
        switch word {
        case "in": return .inSet(key, try valueSet(&scanner))
        case "notin": return .notInSet(key, try valueSet(&scanner))
        default: throw error("found '\(word)', expected: in, notin, =, ==, !=, gt, lt")
        }
    }

    private static func key(_ scanner: inout SelectorScanner) throws(KubeStatusError) -> String {
        let key = scanner.word()
        guard !key.isEmpty else { throw error("found '\(scanner.rest)', expected: identifier") }
        if let problem = MetadataRules.qualifiedNameProblem(key) {
            throw error("key: Invalid value: \"\(key)\": \(problem)")
        }
        return key
    }

    private static func value(_ scanner: inout SelectorScanner) throws(KubeStatusError) -> String {
        scanner.skipSpaces()
        let value = scanner.word()
        if let problem = MetadataRules.labelValueProblem(value) {
            throw error("values[0]: Invalid value: \"\(value)\": \(problem)")
        }
        return value
    }

    private static func integer(_ scanner: inout SelectorScanner) throws(KubeStatusError) -> Int64 {
        scanner.skipSpaces()
        let word = scanner.word()
        guard let value = Int64(word) else { throw error("for 'gt', 'lt' operators, the value must be an integer") }
        return value
    }

    private static func valueSet(_ scanner: inout SelectorScanner) throws(KubeStatusError) -> Set<String> {
        scanner.skipSpaces()
        guard scanner.consume("(") else { throw error("found '\(scanner.rest)', expected: '('") }
        var values: Set<String> = []
        while true {
            scanner.skipSpaces()
            if scanner.consume(")") { break }
            let value = try value(&scanner)
            values.insert(value)
            scanner.skipSpaces()
            if scanner.consume(")") { break }
            guard scanner.consume(",") else { throw error("found '\(scanner.rest)', expected: ',' or ')'") }
        }
        return values
    }
}

/// A cursor over a selector string.
struct SelectorScanner {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        characters = Array(text)
    }

    var atEnd: Bool { index >= characters.count }
    var rest: String { String(characters[min(index, characters.count)...]) }

    mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    func peek(_ token: String) -> Bool {
        let token = Array(token)
        return index + token.count <= characters.count && Array(characters[index..<index + token.count]) == token
    }

    mutating func consume(_ token: String) -> Bool {
        guard peek(token) else { return false }
        index += token.count
        return true
    }

    /// Characters up to whitespace or one of `,=!()<>`.
    mutating func word() -> String {
        let start = index
        while index < characters.count, !characters[index].isWhitespace, !",=!()<>".contains(characters[index]) {
            index += 1
        }
        return String(characters[start..<index])
    }
}
