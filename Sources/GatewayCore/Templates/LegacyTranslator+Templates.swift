import Foundation

extension LegacyTranslator {
    /// Translates a raw submit body of either form (`{"job": …}` or `{"template": …}`): decode,
    /// resolve the template, validate, name, translate.
    /// - Parameters:
    ///   - templates: the administrator's templates a `template.settingsName` may name; `nil` when none are configured.
    ///   - Other parameters: as ``translate(body:user:takenNames:namespace:options:)``.
    /// - Throws: ``LegacyAPIError`` for malformed JSON or the first rule the request breaks, naming
    ///   the field as the request gave it.
    public static func translate(
        body: Data,
        templates: [JobTemplateDefinition]?,
        user: String?,
        takenNames: Set<String> = [],
        namespace: String? = nil,
        options: TranslationOptions = .init()
    ) throws(LegacyAPIError) -> InferenceWorkload {
        let request = try LegacySubmitRequest(json: LegacyRequestDecoder.parse(body), templates: templates)
        return try request.attributing { () throws(LegacyAPIError) in
            try LegacyJobValidator.validate(request.submission, options: options)
            let name = try JobNameGenerator.name(for: request.submission.job, taken: takenNames, options: options)
            return try translate(submission: request.submission, name: name, user: user, namespace: namespace, options: options)
        }
    }
}
