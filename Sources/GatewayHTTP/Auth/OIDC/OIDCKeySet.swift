import Foundation
import JWTKit
import Logging

/// The issuer's signing keys, fetched from a ``JWKSSource`` and cached.
///
/// Keys are fetched on first use, again once they are older than the configured lifetime, and
/// again when a token names a key (`kid`) the set does not hold, which is how a key rotation at
/// the identity provider reaches the gateway. Fetches are rate-limited: at most one per
/// minimum interval, and concurrent callers share one fetch, so a flood of tokens naming
/// made-up keys costs the identity provider one request per interval. A failed fetch keeps the
/// keys fetched before.
actor OIDCKeySet {
    /// One signing key of the set.
    struct Key: Sendable {
        /// The key's `kid`, or `#<index>` for a key without one.
        var id: String
        var jwk: JWK
        /// `RSA`, `EC` or `OKP`.
        var keyType: String
        /// The curve of an `EC` or `OKP` key.
        var curve: String?
        /// The key's own `alg`, if it names one.
        var algorithm: String?

        /// Whether a token signed with `algorithm` may be verified with this key.
        func accepts(_ algorithm: String) -> Bool {
            guard let family = OIDCAlgorithm.accepted[algorithm] else { return false }
            return family.keyType == keyType && (family.curve == nil || family.curve == curve)
                && (self.algorithm == nil || self.algorithm == algorithm)
        }
    }

    let source: any JWKSSource
    private let minimumRefetchInterval: Duration
    private let lifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger

    private var keyed: [String: Key] = [:]
    private var anonymous: [Key] = []
    private var loadedAt: ContinuousClock.Instant?
    private var lastAttempt: ContinuousClock.Instant?
    private var pending: Task<Void, Never>?
    private var verifiers: [String: JWTKeyCollection] = [:]

    /// A key set read from `source`.
    init(
        source: any JWKSSource,
        minimumRefetchInterval: Duration,
        lifetime: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now },
        logger: Logger
    ) {
        self.source = source
        self.minimumRefetchInterval = minimumRefetchInterval
        self.lifetime = lifetime
        self.now = now
        self.logger = logger
    }

    /// Fetches the keys now, unless a fetch ran within the minimum interval.
    func prefetch() async {
        await refreshIfAllowed()
    }

    /// The key a token names with `kid` (a token without one matches a set of one key).
    /// - Throws: ``OIDCRejection`` when the set has no such key, even after fetching it again.
    func key(id: String?) async throws(OIDCRejection) -> Key {
        if loadedAt.map({ $0.duration(to: now()) >= lifetime }) ?? true {
            await refreshIfAllowed()
        }
        if let key = find(id) { return key }
        await refreshIfAllowed()
        if let key = find(id) { return key }
        guard loadedAt != nil else {
            throw OIDCRejection("the gateway cannot read the issuer's signing keys at the moment; try again later")
        }
        guard let id else {
            throw OIDCRejection("the token names no signing key (kid) and the issuer publishes more than one")
        }
        throw OIDCRejection("the token is signed with a key (kid \"\(id.prefix(100))\") the issuer does not publish")
    }

    /// A jwt-kit key collection holding only `key`, for `algorithm` (checked with ``Key/accepts(_:)``).
    func verifier(for key: Key, algorithm: String) async throws -> JWTKeyCollection {
        let name = key.id + "\u{0}" + algorithm
        if let verifier = verifiers[name] { return verifier }
        var jwk = key.jwk
        jwk.algorithm = JWK.Algorithm(rawValue: algorithm)
        jwk.keyIdentifier = JWKIdentifier(string: key.id)
        let verifier = JWTKeyCollection()
        try await verifier.add(jwk: jwk)
        verifiers[name] = verifier
        return verifier
    }

    /// A named key must be in the set by that name (or be the set's only key, which has no name);
    /// an unnamed one must be the set's only key.
    private func find(_ id: String?) -> Key? {
        if let id { return keyed[id] ?? (keyed.isEmpty && anonymous.count == 1 ? anonymous.first : nil) }
        return keyed.count + anonymous.count == 1 ? (keyed.values.first ?? anonymous.first) : nil
    }

    private func refreshIfAllowed() async {
        if let pending {
            await pending.value
            return
        }
        let current = now()
        if let lastAttempt, lastAttempt.duration(to: current) < minimumRefetchInterval { return }
        lastAttempt = current
        // One fetch, shared with every caller arriving while it runs; awaited here, never left running.
        let task = Task { await self.load() }
        pending = task
        await task.value
        pending = nil
    }

    private func load() async {
        do {
            let set = try Self.parse(try await source.fetch())
            keyed = set.keyed
            anonymous = set.anonymous
            verifiers = [:]
            loadedAt = now()
            logger.info(
                "read the OIDC signing keys",
                metadata: [
                    "gateway.oidc.jwks": "\(source.name)", "gateway.oidc.keys": "\(set.keyed.count + set.anonymous.count)",
                    "gateway.oidc.skipped": "\(set.skipped)",
                ]
            )
        } catch {
            logger.warning(
                "cannot read the OIDC signing keys; the keys read before stay in use",
                metadata: ["gateway.oidc.jwks": "\(source.name)", "gateway.error": "\(error)"]
            )
        }
    }

    /// The signing keys of a JWKS document. Keys for encryption (`use: enc`), of other types or
    /// algorithms, or that do not decode are skipped; a set with no signing key left is refused.
    static func parse(_ data: Data) throws(OIDCRejection) -> (keyed: [String: Key], anonymous: [Key], skipped: Int) {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = root["keys"] as? [Any] else {
            throw OIDCRejection("the JWKS is not a JSON object with a keys list")
        }
        var keyed: [String: Key] = [:]
        var anonymous: [Key] = []
        var skipped = 0
        for (index, item) in list.enumerated() {
            guard let fields = item as? [String: Any], let keyType = fields["kty"] as? String,
                OIDCAlgorithm.keyTypes.contains(keyType),
                (fields["use"] as? String).map({ $0 == "sig" }) ?? true,
                (fields["alg"] as? String).map({ OIDCAlgorithm.accepted[$0] != nil }) ?? true,
                let encoded = try? JSONSerialization.data(withJSONObject: fields),
                let jwk = try? JSONDecoder().decode(JWK.self, from: encoded)
            else {
                skipped += 1
                continue
            }
            let kid = (fields["kid"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            let key = Key(
                id: kid ?? "#\(index)",
                jwk: jwk,
                keyType: keyType,
                curve: fields["crv"] as? String,
                algorithm: fields["alg"] as? String
            )
            if let kid { keyed[kid] = key } else { anonymous.append(key) }
        }
        guard !keyed.isEmpty || !anonymous.isEmpty else {
            throw OIDCRejection("the JWKS holds no signing key (RSA, EC or OKP with use sig)")
        }
        return (keyed, anonymous, skipped)
    }
}

/// The signature algorithms accepted: asymmetric ones only. `none` and the HMAC family
/// (`HS256`…) are refused, so neither an unsigned token nor one "signed" with the public key as
/// an HMAC secret gets through.
enum OIDCAlgorithm {
    /// Each accepted algorithm with the key type (and curve) it needs.
    static let accepted: [String: (keyType: String, curve: String?)] = [
        "RS256": ("RSA", nil), "RS384": ("RSA", nil), "RS512": ("RSA", nil),
        "PS256": ("RSA", nil), "PS384": ("RSA", nil), "PS512": ("RSA", nil),
        "ES256": ("EC", "P-256"), "ES384": ("EC", "P-384"), "ES512": ("EC", "P-521"),
        "EdDSA": ("OKP", "Ed25519"),
    ]

    /// The key types of the accepted algorithms.
    static let keyTypes: Set<String> = ["RSA", "EC", "OKP"]
}
