import Foundation

/// Splits a migration file into its statements, for the extended query protocol (one statement
/// per query). Pure.
///
/// Statements end at a `;` outside single-quoted text, double-quoted names and `--` comments;
/// comments are dropped. Dollar-quoted bodies (`$$ … $$`, functions) are not understood: the
/// PostgreSQL migrations hold none (`migrations/README.md`).
enum SQLStatements {
    /// The statements of `sql`, trimmed, without empty ones.
    static func split(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var inComment = false
        var previous: Character?
        for character in sql {
            if inComment {
                if character == "\n" {
                    inComment = false
                    current.append(character)
                }
                continue
            }
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                current.append(character)
            case "-" where previous == "-":
                current.removeLast()
                inComment = true
            case ";":
                statements.append(current)
                current = ""
            default:
                current.append(character)
            }
            previous = inComment ? nil : character
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
