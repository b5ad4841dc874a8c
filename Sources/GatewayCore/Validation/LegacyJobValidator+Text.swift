extension LegacyJobValidator {
    /// Refuses control characters (U+0000–U+001F, U+007F) in the strings that become fields of the
    /// `InferenceWorkload`: the image, command and arguments, paths, quantities, Git sources.
    ///
    /// Environment values are the exception: Kubernetes puts no rule on them, and multi-line values
    /// (certificates, small scripts) are common, so tab, line feed and carriage return are kept. Every
    /// other control character is refused there too: NUL cannot reach a process at all (the strings
    /// of `execve` end at the first NUL, so the value would be cut silently), and the rest have no use
    /// in a value but to garble logs and terminals. Environment names are checked by their own rule.
    static func validateText(_ job: LegacyJob) throws(LegacyAPIError) {
        var fields: [(String, String?)] = [
            ("job.image", job.image), ("job.workingDir", job.workingDir), ("job.gpuMemory", job.gpuMemory),
            ("job.memory", job.memory), ("job.memoryLimit", job.memoryLimit), ("job.nodeType", job.nodeType),
        ]
        for (key, command) in [("command", job.command), ("arguments", job.arguments)] {
            switch command {
            case .string(let text): fields.append(("job.\(key)", text))
            case .list(let words): fields += words.enumerated().map { ("job.\(key)[\($0.offset)]", $0.element) }
            case nil: break
            }
        }
        for (index, claim) in (job.pvc ?? []).enumerated() {
            let field = "job.pvc[\(index)]"
            fields += [("\(field).storageClass", claim.storageClass), ("\(field).size", claim.size), ("\(field).path", claim.path)]
        }
        for (index, volume) in (job.volumes ?? []).enumerated() {
            if job.volumeForm == .map {
                fields += [("job.volume", volume.sourcePath), (JSONObjectReader.member("job.volume", volume.sourcePath ?? ""), volume.targetPath)]
            } else {
                let field = "job.volumes[\(index)]"
                fields += [
                    ("\(field).sourcePath", volume.sourcePath), ("\(field).targetPath", volume.targetPath),
                    ("\(field).nfsServer", volume.nfsServer),
                ]
            }
        }
        for (index, sync) in (job.gitSync ?? []).enumerated() {
            let field = "job.gitSync[\(index)]"
            fields += [
                ("\(field).repository", sync.repository), ("\(field).branch", sync.branch), ("\(field).revision", sync.revision),
                ("\(field).directory", sync.directory), ("\(field).image", sync.image),
            ]
        }
        for case (let field, let text?) in fields where text.utf8.contains(where: TextRules.isControl) {
            throw controlCharacter(field: field, text: text, allowed: "")
        }
        for (key, value) in (job.environment ?? [:]).sorted(by: { $0.key < $1.key })
        where value.utf8.contains(where: TextRules.isControlExceptLineBreaks) {
            let field = JSONObjectReader.member("job.environment", key)
            throw controlCharacter(field: field, text: value, allowed: " (tab, line feed and carriage return are fine)")
        }
    }

    private static func controlCharacter(field: String, text: String, allowed: String) -> LegacyAPIError {
        let byte = text.utf8.first(where: { allowed.isEmpty ? TextRules.isControl($0) : TextRules.isControlExceptLineBreaks($0) }) ?? 0
        let code = "U+" + String(repeating: "0", count: byte < 0x10 ? 3 : 2) + String(byte, radix: 16, uppercase: true)
        return .invalid(
            field: field,
            rule: "must not contain control characters",
            details: "\(field) is \(LegacyNames.quoted(text)), which holds the control character \(code); "
                + "it would reach the InferenceWorkload cut or garbled. Control characters (U+0000 to U+001F and U+007F) "
                + "are refused here\(allowed)."
        )
    }
}
