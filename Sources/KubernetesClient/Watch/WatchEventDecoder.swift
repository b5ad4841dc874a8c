import Foundation

/// Decodes one line of a watch stream, `{"type":"ADDED","object":{…}}`, keeping the object's
/// bytes exactly as the server sent them. Pure.
enum WatchEventDecoder {
    private struct Envelope: Decodable {
        struct Object: Decodable {
            struct Metadata: Decodable { var resourceVersion: String? }
            var metadata: Metadata?
        }
        var type: String
        var object: Object?
    }

    /// Decodes a line.
    /// - Throws: ``KubernetesError`` for an `ERROR` event (code ``KubernetesError/Code/expired`` for 410),
    ///   ``KubernetesError/Code/unexpectedResponse`` for a line that is not a watch event.
    static func decode(_ line: Data) throws -> WatchEvent<Data> {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: line),
            let range = JSONScanner.valueRange(ofTopLevelKey: "object", in: line)
        else {
            throw KubernetesError(.unexpectedResponse, "the watch stream sent a line that is not a watch event")
        }
        let object = line.subdata(in: range)
        let type = WatchEventType(rawValue: envelope.type)
        if type == .error {
            guard let status = try? JSONDecoder().decode(KubernetesStatus.self, from: object) else {
                throw KubernetesError(.unexpectedResponse, "the watch stream sent an ERROR event without a Status")
            }
            throw KubernetesError(status: status, httpStatus: nil)
        }
        return WatchEvent(type: type, object: object, resourceVersion: envelope.object?.metadata?.resourceVersion)
    }
}

/// Finds where a value lies inside JSON text without building it. Pure; assumes valid JSON
/// (the caller has decoded the same bytes successfully).
enum JSONScanner {
    /// The byte range of the value of `key` in the top-level object.
    static func valueRange(ofTopLevelKey key: String, in data: Data) -> Range<Int>? {
        let bytes = [UInt8](data)
        var index = 0
        skipWhitespace(bytes, &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while index < bytes.count {
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let keyStart = index
            guard skipValue(bytes, &index) else { return nil }
            let name = try? JSONDecoder().decode(String.self, from: Data(bytes[keyStart..<index]))
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace(bytes, &index)
            let valueStart = index
            guard skipValue(bytes, &index) else { return nil }
            if name == key { return (data.startIndex + valueStart)..<(data.startIndex + index) }
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
        return nil
    }

    private static func skipWhitespace(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Moves past one value: a string, an object or array (nested), or a scalar.
    private static func skipValue(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if bytes[index] == UInt8(ascii: "\"") {
                    index += 1
                    return true
                }
                index += 1
            }
            return false
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipValue(bytes, &index) else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        default:
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
                index += 1
            }
            return true
        }
    }
}
