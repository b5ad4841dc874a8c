import GatewayCore
import GatewayPersistence
import Hummingbird
import Logging

/// A ``LegacyAPIError`` as Hummingbird renders it: the legacy error body with the error's status,
/// and `WWW-Authenticate: Bearer` on a 401.
struct LegacyErrorResponse: HTTPResponseError {
    let error: LegacyAPIError

    var status: HTTPResponse.Status { HTTPResponse.Status(code: error.status) }

    var headers: HTTPFields {
        switch error.status {
        case 401: [.wwwAuthenticate: #"Bearer realm="inference-gateway""#]
        case 507: [.retryAfter: "\(LegacyErrorRendering.storageFullRetryAfter)"]
        default: [:]
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(error.body, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// How any error met while answering a legacy call becomes a legacy error response.
///
/// Errors of the gateway's own rules carry their status and message; everything else is a 500
/// whose body says only that the request failed and gives the request id to look up in the log.
enum LegacyErrorRendering {
    /// The legacy error for `error`.
    static func legacyError(for error: any Error, request: Request, requestID: String?) -> LegacyAPIError {
        switch error {
        case let error as LegacyAPIError:
            return error
        case let error as LegacyErrorResponse:
            return error.error
        case let denial as LegacyAccessControl.Denial:
            switch denial {
            case .unauthenticated(let reason):
                return LegacyAPIError(status: 401, message: "authorization: a valid bearer token is required", details: reason)
            case .forbidden(let user, let project):
                return LegacyAPIError(
                    status: 403,
                    message: "project: \(project) is outside the projects of \(user)",
                    details: "The token of \(user) may not touch project \(project). Ask for a token that lists it.",
                    field: "project"
                )
            }
        case let error as HTTPError where error.status == .notFound:
            let allowed = LegacyRoutes.allowedMethods(request.uri.path)
            guard allowed.isEmpty else {
                let names = allowed.map(\.rawValue).joined(separator: ", ")
                return LegacyAPIError(
                    status: 405,
                    message: "method: \(request.method.rawValue) is not allowed on \(request.uri.path)",
                    details: "\(request.uri.path) answers \(names)."
                )
            }
            return .notFound(
                "path: no legacy endpoint \(request.method.rawValue) \(request.uri.path)",
                details: "The legacy API serves \(LegacyRoutes.collectionsSentence), "
                    + "also under /\(LegacyRoutes.researcherPrefix). See /openapi.yaml."
            )
        case let error as HTTPError where error.status.code < 500:
            return LegacyAPIError(status: error.status.code, message: error.status.reasonPhrase, details: error.body ?? error.status.reasonPhrase)
        case let error as StoreError where error.code == .alreadyExists:
            return LegacyAPIError(status: 409, message: "job.name: already exists", details: error.message, field: "job.name")
        case let error as StoreError where error.code == .storageFull:
            return storageFull
        default:
            return LegacyAPIError(
                status: 500,
                message: "internal error",
                details: "The gateway could not answer this request; nothing was acknowledged. "
                    + "Request id \(requestID ?? "unknown") identifies it in the gateway's log."
            )
        }
    }

    /// Seconds a caller is asked to wait after a 507 (`Retry-After`).
    static let storageFullRetryAfter = 30

    /// 507 Insufficient Storage: the database's disk is full. The storage's health logs it once
    /// when it happens; requests refused meanwhile are not logged one by one.
    static let storageFull = LegacyAPIError(
        status: 507,
        message: "storage is full",
        details: "The gateway's database has no room left on its disk, so nothing of this request was written. "
            + "Retry after \(storageFullRetryAfter) seconds; GET /readyz answers 200 again once writes succeed."
    )

    /// The legacy error response for `error`; logs errors that become a 500.
    static func response(for error: any Error, request: Request, context: GatewayRequestContext) -> Response {
        let legacy = legacyError(for: error, request: request, requestID: context.requestID)
        if legacy.status >= 500, legacy.status != 507 {
            context.logger.error(
                "legacy call failed",
                metadata: ["gateway.error": "\(String(reflecting: error))", "gateway.path": "\(request.uri.path)"]
            )
        }
        var response: Response
        do {
            response = try LegacyErrorResponse(error: legacy).response(from: request, context: context)
        } catch {
            response = Response(status: .internalServerError)
        }
        if legacy.status == 405 {
            response.headers[.allow] = LegacyRoutes.allowedMethods(request.uri.path).map(\.rawValue).joined(separator: ", ")
        }
        return response
    }
}
