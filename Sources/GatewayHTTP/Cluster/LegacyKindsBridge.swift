import EmbeddedCluster
import Foundation
import GatewayCore
import GatewayPersistence
import Logging

/// The legacy kinds of the embedded cluster tied to the workload records: a `Deployment` on
/// `runai-scheduler` (with its `Service`) becomes one workload record and its `InferenceWorkload`
/// through the same submit as `POST /api/v1/jobs` (``SubmitWorkload``: record, outbox, first-push
/// wait); deleting it deletes the record (``DeleteWorkload``).
///
/// - A Deployment the translation refuses is a 422 `Invalid` whose causes name each field, checked
///   before the write, so nothing is stored.
/// - A change to a translated Deployment (or to its paired Service) updates the record's desired
///   object and queues a fresh push; the Service may come first or second.
/// - Deployments on another scheduler, and Services without a translated Deployment, are stored
///   and shown but push nothing.
struct LegacyKindsBridge: Sendable {
    /// What the bridge reaches beyond the embedded store.
    struct Dependencies: Sendable {
        /// The records and their pushes.
        var workloads: any WorkloadRepository
        /// The submit of the REST path.
        var submission: SubmitWorkload
        /// The delete of the REST path.
        var deletion: DeleteWorkload
        /// How jobs are translated.
        var options: TranslationOptions
        /// Who the callers are.
        var accessControl: LegacyAccessControl
        /// Where each translated write is recorded, as the REST path records its calls.
        var audit: AuditTrail? = nil
    }

    let store: ClusterStore
    let dependencies: Dependencies
    /// Brings a Deployment's status in step once its record changed.
    let refresh: @Sendable (_ namespace: String, _ name: String) async -> Void

    /// The gateway's kinds, the legacy ones with the translation's refusal check and write hooks.
    var registry: ResourceRegistry {
        let refusal = ResourceKind.Admission { _, new throws(KubeStatusError) in
            if case .refused(let refusal) = LegacyDeploymentTranslator.translate(deployment: new, options: dependencies.options) {
                throw KubeStatusError(refusal)
            }
            return new
        }
        return ResourceRegistry([
            .inferenceWorkloads,
            ResourceKind.deployments.translated(admission: refusal, translation: .init(committed: deploymentWritten)),
            ResourceKind.services.translated(translation: .init(committed: serviceWritten)),
            .replicaSets, .events,
        ])
    }

    /// After a write of a Deployment: submit, update or delete its record.
    func deploymentWritten(_ write: ResourceKind.CommittedWrite) async throws -> [String] {
        let service = write.change == .deleted ? nil : try await pairedService(of: write.object, namespace: write.namespace)
        switch LegacyDeploymentTranslator.translate(
            deployment: write.object,
            service: service,
            namespace: write.namespace,
            options: dependencies.options
        ) {
        case .notOurs:
            return []
        case .refused(let refusal):
            try await undo(write)
            await audit(write, status: ManifestRefusal.code, principal: nil, project: nil)
            throw KubeStatusError(refusal)
        case .translated(let submit):
            let principal = try await principal(write.bearerToken, displayUser: submit.user)
            if write.change == .deleted {
                _ = try await dependencies.deletion.delete(JobReference(name: submit.deployment.name, project: submit.project), by: principal)
                await audit(write, status: 200, principal: principal, project: submit.project)
                return []
            }
            do {
                try await record(submit, by: principal)
            } catch let error as LegacyAPIError {
                try await undo(write)
                await audit(write, status: error.status, principal: principal, project: submit.project)
                throw Self.status(of: error, submit: submit, write: write)
            }
            await audit(write, status: write.change == .created ? 201 : 200, principal: principal, project: submit.project)
            await refresh(write.namespace, write.name)
            return submit.warnings
        }
    }

    /// Records a translated write in the audit trail, as the REST path records a legacy call.
    private func audit(_ write: ResourceKind.CommittedWrite, status: Int, principal: Principal?, project: String?) async {
        guard let trail = dependencies.audit else { return }
        await trail.recordNow(
            AuditEntry(
                at: Date(),
                principal: principal?.user ?? Principal.anonymousUser,
                displayUser: principal?.displayUser,
                method: write.method,
                path: write.path,
                status: status,
                project: project,
                workload: write.name,
                userAgent: write.userAgent,
                endpoint: write.kind.qualifiedResource
            )
        )
    }

    /// After a write of a Service: translate again the Deployment it pairs with, if one is stored.
    func serviceWritten(_ write: ResourceKind.CommittedWrite) async throws -> [String] {
        let deployments = try await store.list(kind: .deployments, namespace: write.namespace).items
        guard
            let deployment = deployments.first(where: { candidate in
                (try? LegacyService(json: write.object, namespace: write.namespace))?.matches(deploymentJSON: candidate) ?? false
            })
        else { return [] }
        let service = write.change == .deleted ? nil : write.object
        switch LegacyDeploymentTranslator.translate(
            deployment: deployment,
            service: service,
            namespace: write.namespace,
            options: dependencies.options
        ) {
        case .notOurs:
            return []
        case .refused(let refusal):
            try await undo(write)
            throw KubeStatusError(refusal)
        case .translated(let submit):
            let principal = try await principal(write.bearerToken, displayUser: submit.user)
            do {
                try await record(submit, by: principal)
            } catch let error as LegacyAPIError {
                try await undo(write)
                await audit(write, status: error.status, principal: principal, project: submit.project)
                throw Self.status(of: error, submit: submit, write: write)
            }
            await audit(write, status: write.change == .created ? 201 : 200, principal: principal, project: submit.project)
            return submit.warnings
        }
    }

    /// Submits a new record, or updates the desired object of the existing one and queues its push.
    /// - Throws: ``LegacyAPIError`` 403 when the project (from the `project` label or the namespace)
    ///   is outside the caller's projects, as the REST submit refuses it.
    private func record(_ submit: LegacyDeploymentSubmit, by principal: Principal) async throws {
        guard principal.allows(project: submit.project) else {
            throw LegacyAPIError(
                status: 403,
                message: "project: \(submit.project) is outside the projects of \(principal.user)",
                details: "The token of \(principal.user) may not touch project \(submit.project).",
                field: "project"
            )
        }
        let workloads = dependencies.workloads
        guard let existing = try await workloads.find(project: submit.project, name: submit.deployment.name) else {
            _ = try await dependencies.submission.submit(submit.request, by: principal, idempotency: nil)
            return
        }
        let desired = try submit.workload.jsonText()
        let request = submit.request.job.compactString
        guard existing.desiredObject != desired || existing.legacyRequest != request else { return }
        let now = Date()
        try await workloads.update(id: existing.id) { workload in
            workload.desiredObject = desired
            workload.legacyRequest = request
            workload.updatedAt = now
        }
        try await workloads.enqueueApply(id: existing.id, at: now)
    }

    /// The stored Service that pairs with `deployment` (same name, or a selector matching its pods).
    private func pairedService(of deployment: JSONValue, namespace: String) async throws -> JSONValue? {
        let services = try await store.list(kind: .services, namespace: namespace).items
        let name = deployment[path: ["metadata", "name"]]
        func pairs(_ service: JSONValue) -> Bool {
            (try? LegacyService(json: service, namespace: namespace))?.matches(deploymentJSON: deployment, namespace: namespace) ?? false
        }
        return services.first { $0[path: ["metadata", "name"]] == name && pairs($0) } ?? services.first(where: pairs)
    }

    /// Removes what a refused create stored (an update stays as written; the record keeps the last accepted one).
    private func undo(_ write: ResourceKind.CommittedWrite) async throws {
        guard write.change == .created else { return }
        _ = try? await store.delete(kind: write.kind, namespace: write.namespace, name: write.name)
    }

    /// The caller, as the REST path knows it; the user shown is the manifest's `user` annotation.
    private func principal(_ token: String?, displayUser: String?) async throws -> Principal {
        do {
            return try await dependencies.accessControl.principal(authorization: token.map { "Bearer \($0)" }, displayUser: displayUser)
        } catch {
            throw KubeStatusError(code: 401, reason: "Unauthorized", message: "Unauthorized")
        }
    }
}

extension LegacyKindsBridge {
    /// The Status of a submit's error: 403 `Forbidden` for a project outside the caller's, else the
    /// 422 `Invalid` of the manifest's field at fault.
    static func status(of error: LegacyAPIError, submit: LegacyDeploymentSubmit, write: ResourceKind.CommittedWrite) -> KubeStatusError {
        guard error.status == 403 else { return KubeStatusError(submit.refusal(for: error)) }
        return KubeStatusError(
            code: 403,
            reason: "Forbidden",
            message: "\(write.kind.qualifiedResource) \"\(write.name)\" is forbidden: \(error.message)",
            details: .init(name: write.name, group: write.kind.group, kind: write.kind.plural)
        )
    }
}

extension KubeStatusError {
    /// The 422 `Invalid` Status of a refused manifest, with its causes.
    init(_ refusal: ManifestRefusal) {
        self.init(
            code: ManifestRefusal.code,
            reason: ManifestRefusal.reason,
            message: refusal.message,
            details: Details(
                name: refusal.name,
                group: refusal.group,
                kind: refusal.kind,
                causes: refusal.causes.map { Cause(reason: $0.reason.rawValue, message: $0.message, field: $0.field) }
            )
        )
    }
}
