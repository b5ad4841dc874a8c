/// The checks every project and job name of a legacy call passes, whole, before it is looked up:
/// in submit and delete bodies, in paths (`/api/v1/jobs/{project}/{job}`) and in queries (`?project=`).
///
/// A project is a DNS-1123 label (the rule submits and the projects file already apply), and so is
/// a job name (an `InferenceWorkload`'s name). Checking the whole text matters: SQLite reads bound
/// text up to its first NUL, so `keepme\u{0}zzz` looked up unchecked would find `keepme`.
///
/// ```swift
/// try LegacyNames.checkProject("team-a", field: "project")     // fine
/// try LegacyNames.checkJob("keepme\u{0}zzz", field: "[0].name") // 422 naming [0].name
/// ```
public enum LegacyNames {
    /// Throws unless `project` is a DNS-1123 label.
    /// - Parameters:
    ///   - project: the project name as received (after percent-decoding, for paths and queries).
    ///   - field: where it came from, e.g. `project`, `projectName`, `[1].project`.
    /// - Throws: ``LegacyAPIError`` `422` naming `field`.
    public static func checkProject(_ project: String, field: String) throws(LegacyAPIError) {
        guard KubernetesNames.isDNSLabel(project) else {
            throw .invalid(
                field: field,
                rule: "must be a DNS-1123 label",
                details: "\(field) is \(quoted(project)); a project name is at most 63 lowercase letters, digits and '-', "
                    + "starting and ending with a letter or digit\(controlNote(project))."
            )
        }
    }

    /// Throws unless `name` is a DNS-1123 label (of at most 63 characters, whatever the submit limit,
    /// so that jobs stored before a lower limit stay reachable).
    /// - Parameters:
    ///   - name: the job name as received.
    ///   - field: where it came from, e.g. `job`, `jobName`, `[0].name`.
    /// - Throws: ``LegacyAPIError`` `422` naming `field`.
    public static func checkJob(_ name: String, field: String) throws(LegacyAPIError) {
        guard KubernetesNames.isDNSLabel(name) else {
            throw .invalid(
                field: field,
                rule: "must be a DNS-1123 label",
                details: "\(field) is \(quoted(name)); a job name is at most 63 lowercase letters, digits and '-', "
                    + "starting and ending with a letter or digit\(controlNote(name))."
            )
        }
    }

    /// `text` as a JSON string literal: in quotes, with control characters written as escapes
    /// (`"p\u0000other"`), so that messages and logs show what was sent; past 128 bytes it is cut (`…`).
    public static func quoted(_ text: String) -> String {
        let utf8 = text.utf8
        let shown = utf8.count > 128 ? String(decoding: utf8.prefix(128), as: UTF8.self) + "…" : text
        return JSONValue.string(shown).compactString
    }

    private static func controlNote(_ text: String) -> String {
        text.utf8.contains(where: TextRules.isControl) ? ", and holds no control characters such as NUL" : ""
    }
}

/// Which bytes of a text may become a Kubernetes field.
enum TextRules {
    /// Whether `byte` is a C0 control character (U+0000–U+001F) or DEL (U+007F). In UTF-8 these
    /// bytes never occur inside a multi-byte sequence, so a byte test is exact.
    static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F
    }

    /// Whether `byte` is a control character other than tab, line feed and carriage return.
    static func isControlExceptLineBreaks(_ byte: UInt8) -> Bool {
        isControl(byte) && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }
}
