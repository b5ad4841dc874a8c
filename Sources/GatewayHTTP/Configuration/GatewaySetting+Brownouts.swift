extension GatewaySetting {
    // MARK: Brownouts

    /// `--brownouts-file`.
    public static let brownoutsFile = GatewaySetting(
        "brownouts-file",
        environment: "GATEWAY_BROWNOUTS_FILE",
        defaultNote: "none",
        "YAML or JSON file of brownout windows during which legacy calls answer 410 Gone; validated at start, re-read when it changes"
    )
}
