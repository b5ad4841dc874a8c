/// What a legacy call does, whichever of its paths it came by: the rows of ``LegacyRoutes/table``
/// name one of these, and each controller serves the endpoints it handles.
enum LegacyEndpoint: String, CaseIterable, Sendable {
    /// `POST`: submit an inference job (`{"job": …}` or `{"template": …}`).
    case submit
    /// `DELETE`: delete the jobs the body names.
    case delete
    /// `GET` of the job collection: every job the caller may see, or one project's with `?project=`.
    case listJobs
    /// `GET` of one project's jobs, the project in the path.
    case listProjectJobs
    /// `GET` of one job, its project and name in the path.
    case getJob
    /// `GET /api/v1/projects`: the projects the caller may touch.
    case listProjects
    /// `GET /api/v1/version`: the emulated Run:ai version.
    case version

    /// How many path parameters the endpoint's paths have: the project, then the job.
    var pathParameterCount: Int {
        switch self {
        case .listProjectJobs: 1
        case .getJob: 2
        case .submit, .delete, .listJobs, .listProjects, .version: 0
        }
    }
}
