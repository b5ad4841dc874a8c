/// Where UTF-8 text stops being valid, by the rules of Unicode's Table 3-7 (well-formed byte sequences).
///
/// The strict JSON parser validates strings with the standard library and calls this only when
/// validation failed, to tell the caller which byte is at fault.
enum UTF8Validation {
    /// The offset of the first byte of the first ill-formed sequence in `bytes[start..<end]`, or
    /// `nil` when the range is well-formed.
    ///
    /// Ill-formed are: stray continuation bytes, the lead bytes `C0`, `C1` and `F5`–`FF` (only
    /// overlong or out-of-range sequences start with them), overlong three- and four-byte forms
    /// (`E0 80`–`E0 9F`, `F0 80`–`F0 8F`), surrogates encoded in UTF-8 (`ED A0`–`ED BF`), code points
    /// past U+10FFFF (`F4 90` and up) and sequences cut short.
    static func firstInvalidOffset(in bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                second = 0xA0...0xBF
            case 0xED:
                length = 3
                second = 0x80...0x9F
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xF0:
                length = 4
                second = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                second = 0x80...0x8F
            default: return index
            }
            guard index + length <= end, second.contains(bytes[index + 1]) else { return index }
            for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) {
                return index
            }
            index += length
        }
        return nil
    }
}
