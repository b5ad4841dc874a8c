import Foundation

/// The `Status` answers of the fake API server.
extension FakeKubernetesStore {
    static func line(type: String, objectJSON: Data) -> Data {
        Data("{\"type\":\"\(type)\",\"object\":".utf8) + objectJSON + Data("}\n".utf8)
    }

    static func status(
        _ code: Int,
        reason: String,
        message: String,
        name: String? = nil,
        route: FakeRoute? = nil,
        causes: [[String: Any]]? = nil
    ) -> Answer {
        var status: [String: Any] = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "message": message, "reason": reason,
            "code": code,
        ]
        var details: [String: Any] = [:]
        if let name { details["name"] = name }
        if let route {
            details["group"] = route.group
            details["kind"] = route.plural
        }
        if let causes { details["causes"] = causes }
        if !details.isEmpty { status["details"] = details }
        return Answer(status: code, body: JSONDocument.data(status))
    }

    static func invalid(_ field: String, _ message: String) -> Answer {
        status(
            422,
            reason: "Invalid",
            message: "\(field): Invalid value: \(message)",
            causes: [["reason": "FieldValueInvalid", "message": message, "field": field]]
        )
    }

    func notFound(_ route: FakeRoute, _ name: String) -> Answer {
        Self.status(
            404,
            reason: "NotFound",
            message: "\(route.plural).\(route.group) \"\(name)\" not found",
            name: name,
            route: route
        )
    }

    func conflict(_ route: FakeRoute, _ name: String) -> Answer {
        let message =
            "Operation cannot be fulfilled on \(route.plural).\(route.group) \"\(name)\": the object has been modified; "
            + "please apply your changes to the latest version and try again"
        return Self.status(409, reason: "Conflict", message: message, name: name, route: route)
    }
}
