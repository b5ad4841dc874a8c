import ArgumentParser
import GatewayHTTP

/// The `serve` flags of how long the audit log and the idempotency keys are kept.
struct RetentionOptions: ParsableArguments, SettingFlags {
    @Option(name: .setting(.auditRetention), help: .setting(.auditRetention))
    var auditRetention: String?

    @Option(name: .setting(.idempotencyRetention), help: .setting(.idempotencyRetention))
    var idempotencyRetention: String?

    var flags: [GatewaySetting: String] {
        given([.auditRetention: auditRetention, .idempotencyRetention: idempotencyRetention])
    }
}
