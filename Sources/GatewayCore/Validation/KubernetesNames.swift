import Foundation

/// Kubernetes' rules for names and values, as pure checks.
public enum KubernetesNames {
    /// Whether `text` is a DNS-1123 label: 1–63 lowercase letters, digits and `-`, starting and
    /// ending with a letter or digit.
    public static func isDNSLabel(_ text: String, maximumLength: Int = 63) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= min(maximumLength, 63) else { return false }
        guard isLowerAlphanumeric(bytes[0]), isLowerAlphanumeric(bytes[bytes.count - 1]) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// Whether `text` is a valid label value: at most 63 characters of letters, digits, `-`, `_`, `.`,
    /// starting and ending with a letter or digit (or empty).
    public static func isLabelValue(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return true }
        guard bytes.count <= 63, isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// Whether `text` is a portable environment variable name: letters, digits, `_`, `-`, `.`, not starting with a digit.
    public static func isEnvironmentName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// A Kubernetes quantity in canonical spelling, or `nil` if `text` is not one.
    ///
    /// Accepts `2G`, `512Mi`, `1.5Gi`, `1e9`, `100`; tolerates the legacy docs' `3GB`/`4GiB`
    /// spelling by dropping the trailing `B`.
    public static func quantity(_ text: String) -> String? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.count > 1, text.hasSuffix("B"), let before = text.dropLast().last, "KMGTPEi".contains(before) {
            text.removeLast()
        }
        let suffixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E", ""]
        for suffix in suffixes where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if isDecimal(number) { return text }
        }
        if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
            isDecimal(text[..<exponent]), Int(text[text.index(after: exponent)...]) != nil
        {
            return text
        }
        return nil
    }

    private static func isDecimal(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.first != ".", text.last != "." else { return false }
        var dots = 0
        for character in text {
            if character == "." {
                dots += 1
            } else if !("0"..."9").contains(character) {
                return false
            }
        }
        return dots <= 1
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}

extension KubernetesNames {
    /// Whether `text` is a DNS-1123 subdomain: dot-separated DNS labels, at most 253 characters.
    public static func isDNSSubdomain(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNSLabel(String($0)) }
    }
}
