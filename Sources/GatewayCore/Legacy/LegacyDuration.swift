import Foundation

/// Reads the duration strings the legacy CLI took for `ttlAfterFinish` (`"5s"`, `"2m"`, `"3h"`, `"1h30m"`).
enum LegacyDuration {
    /// Whole seconds in `text`: a plain number of seconds, or Go-style number-unit pairs with the
    /// units `ms`, `s`, `m`, `h` and `d`. `nil` when the text is not such a duration.
    static func seconds(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let plain = Int(trimmed), plain >= 0 { return plain }
        var total = 0.0
        var rest = Substring(trimmed)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += value / 1000
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
        }
        guard total < Double(Int32.max) else { return nil }
        return Int(total.rounded(.down))
    }
}
