import Foundation
import GatewayCore
import HTTPTypes
import Hummingbird

extension KubeStatusError: HTTPResponseError {
    /// The HTTP status of the answer: ``code``.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: code) }

    /// The `metav1.Status` body with `Content-Type: application/json`, as every embedded API error is sent.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        KubeResponse.json(statusObject, status: status)
    }
}

extension KubeStatusError {
    /// 404 NotFound for a path the embedded API does not serve: `the server could not find the requested resource`.
    static func routeNotFound() -> KubeStatusError {
        KubeStatusError(code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: Details())
    }

    /// 405 MethodNotAllowed, in the apiserver's wording.
    static func methodNotAllowed() -> KubeStatusError {
        methodNotAllowed("the server does not allow this method on the requested resource")
    }

    /// 401 Unauthorized: no bearer token, or one the gateway does not know.
    static func unauthorized() -> KubeStatusError {
        KubeStatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")
    }

    /// 413 RequestEntityTooLarge.
    static func requestEntityTooLarge(limit: Int) -> KubeStatusError {
        KubeStatusError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: limit is \(limit)")
    }

    /// 504 Timeout for a watch from a resource version the cluster has not reached, as the API
    /// server answers after waiting for it in vain; clients list again.
    static func resourceVersionTooLarge(requested: Int64, current: Int64) -> KubeStatusError {
        KubeStatusError(
            code: 504,
            reason: "Timeout",
            message: "Too large resource version: \(requested), current: \(current)",
            details: Details(causes: [Cause(reason: "ResourceVersionTooLarge", message: "Too large resource version", field: "")])
        )
    }
}
