/// Writes numbers the way the Cluster API expects them in string fields (`"0.5"`, `"1"`).
enum NumberText {
    /// The shortest text for `number`: whole numbers without a fraction (`1`, not `1.0`).
    static func string(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 {
            return String(Int64(number))
        }
        return "\(number)"
    }
}
