import Foundation
import GatewayTestSupport
import InMemoryLogging
import Logging
import Testing

@testable import GatewayHTTP

/// No message, at any level, ever contains a token of the tokens file: neither the error that
/// stops start-up nor the log line of a reload that failed, whatever is wrong with the file.
@Suite struct TokenSecrecyTests {
    static let secret = "s3cr3t-TOKEN-value-42"

    /// A broken tokens file, and how its error names the place at fault.
    struct BrokenFile: Sendable, CustomStringConvertible {
        var description: String
        var text: String
        var names: [String]
    }

    static let brokenFiles: [BrokenFile] = [
        BrokenFile(
            description: "an unknown key next to the token",
            text: "tokens:\n  - token: \(secret)\n    user: alice\n    projects: [team-a]\n    comment: keep \(secret) safe\n",
            names: ["tokens[0] (user alice)", "unknown key comment"]
        ),
        BrokenFile(
            description: "the token written as a key",
            text: "tokens:\n  - \(secret): alice\n    user: alice\n    projects: [team-a]\n",
            names: ["tokens[0] (user alice)", "an unknown key (not shown"]
        ),
        BrokenFile(
            description: "the token as a top-level key",
            text: "\(secret):\n  user: alice\n",
            names: ["an unknown key", "expected only tokens"]
        ),
        BrokenFile(
            description: "a misspelt key holding the token",
            text: "tokens:\n  - tokn: \(secret)\n    user: alice\n    projects: [team-a]\n",
            names: ["tokens[0] (user alice)", "tokn (did you mean token?)"]
        ),
        BrokenFile(
            description: "a token that is a list",
            text: "tokens:\n  - token: [\(secret)]\n    user: alice\n    projects: [team-a]\n",
            names: ["tokens[0] (user alice).token must be"]
        ),
        BrokenFile(
            description: "a token with a space",
            text: "tokens:\n  - token: \"\(secret) x\"\n    user: alice\n    projects: [team-a]\n",
            names: ["tokens[0] (user alice).token must be"]
        ),
        BrokenFile(
            description: "the token in the user field",
            text: "tokens:\n  - token: \(secret)\n    user: \(secret)\n    projects: [team-a]\n",
            names: ["tokens[0].user must be a name, not the token"]
        ),
        BrokenFile(
            description: "a user spanning lines",
            text: "tokens:\n  - token: other-token\n    user: \"alice\\n\(secret)\"\n    projects: [team-a]\n",
            names: ["tokens[0].user must be"]
        ),
        BrokenFile(
            description: "projects of the wrong type",
            text: "tokens:\n  - token: \(secret)\n    user: alice\n    projects: {\(secret): 1}\n",
            names: ["tokens[0] (user alice).projects must be"]
        ),
        BrokenFile(
            description: "a repeated token",
            text: "tokens:\n  - {token: \(secret), user: alice, projects: [a]}\n  - {token: \(secret), user: bob, projects: [b]}\n",
            names: ["tokens[1] (user bob).token repeats the token of tokens[0]"]
        ),
        BrokenFile(
            description: "a repeated key",
            text: "tokens:\n  - token: first\n    token: \(secret)\n    user: alice\n    projects: [a]\n",
            names: ["is not valid YAML or JSON"]
        ),
        BrokenFile(
            description: "YAML that does not parse",
            text: "tokens:\n  - token: \"\(secret)\n    user: alice\n",
            names: ["is not valid YAML or JSON"]
        ),
        BrokenFile(
            description: "an entry that is not a mapping",
            text: "tokens:\n  - \(secret)\n",
            names: ["tokens[0] must be a mapping"]
        ),
    ]

    static let validFile = "tokens:\n  - token: \(secret)\n    user: alice\n    projects: [team-a]\n"

    private static func traceLogger() -> (Logger, InMemoryLogHandler) {
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "token-secrecy") { _ in logs }
        logger.logLevel = .trace
        return (logger, logs)
    }

    /// Every message and metadata value logged, as text.
    private static func logged(_ logs: InMemoryLogHandler) -> String {
        logs.entries.map { "\($0.level) \($0.message) \($0.metadata) \($0.error.map { String(reflecting: $0) } ?? "")" }
            .joined(separator: "\n")
    }

    @Test(arguments: brokenFiles)
    func aBrokenFileAtStartNamesTheEntryAndNeverTheToken(_ broken: BrokenFile) throws {
        let file = try writeTemporaryFile(broken.text, name: "tokens.yaml")
        let (logger, logs) = Self.traceLogger()
        let error = try #require(throws: GatewayConfigurationError.self) { try TokenStore(path: file, logger: logger) }
        for name in broken.names {
            #expect(error.message.contains(name), "\(error.message)")
        }
        #expect(!error.message.contains(Self.secret), "\(error.message)")
        #expect(!"\(error)".contains(Self.secret))
        #expect(!String(reflecting: error).contains(Self.secret))
        #expect(!Self.logged(logs).contains(Self.secret))
    }

    @Test(arguments: brokenFiles)
    func aBrokenFileOnReloadIsLoggedWithoutTheTokenAndTheOldTokensStay(_ broken: BrokenFile) throws {
        let file = try writeTemporaryFile(Self.validFile, name: "tokens.yaml")
        let (logger, logs) = Self.traceLogger()
        let store = try TokenStore(path: file, logger: logger)
        try broken.text.write(toFile: file, atomically: true, encoding: .utf8)

        #expect(store.lookup(Self.secret)?.user == "alice", "the tokens read last stay in force")
        let failure = try #require(logs.entries.first { $0.level == .error })
        #expect(failure.message.description.contains("not valid"))
        let reason = failure.metadata["gateway.error"].map { "\($0)" } ?? ""
        for name in broken.names {
            #expect(reason.contains(name), "\(reason)")
        }
        #expect(!Self.logged(logs).contains(Self.secret), "\(Self.logged(logs))")
    }

    @Test func aGoodReloadLogsTheCountAndNoToken() throws {
        let file = try writeTemporaryFile(Self.validFile, name: "tokens.yaml")
        let (logger, logs) = Self.traceLogger()
        let store = try TokenStore(path: file, logger: logger)
        try (Self.validFile + "  - {token: rotated-\(Self.secret), user: bob, projects: ['*']}\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(store.lookup("rotated-\(Self.secret)")?.user == "bob")
        #expect(logs.entries.contains { $0.message.description == "reloaded the tokens file" })
        #expect(!Self.logged(logs).contains(Self.secret))
    }

    @Test func onlyKeysThatCannotBeTokensAreNamed() {
        #expect(TokenFile.describeUnknown(["projetcs"], expected: TokenFile.entryKeys) == "unknown key projetcs (did you mean projects?)")
        #expect(TokenFile.describeUnknown(["User"], expected: TokenFile.entryKeys) == "unknown key User (did you mean user?)")
        #expect(TokenFile.describeUnknown(["admin"], expected: TokenFile.entryKeys) == "unknown key admin")
        #expect(TokenFile.describeUnknown(["x9f2c0a7b1"], expected: TokenFile.entryKeys) == "an unknown key (not shown: it may be a token)")
        #expect(
            TokenFile.describeUnknown(["tokn", "3f9c0a7b", "Zm9vYmFy=", "a-very-long-key-of-many-words"], expected: TokenFile.entryKeys)
                == "unknown key tokn (did you mean token?) and 3 unknown keys (not shown: they may be tokens)"
        )
    }
}
