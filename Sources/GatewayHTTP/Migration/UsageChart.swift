/// The `/migration` page's chart: legacy calls per day, one line per client, laid out as SVG
/// coordinates. Pure: the template only prints what this computes.
struct UsageChart: Sendable, Equatable {
    /// One client's line.
    struct Series: Sendable, Equatable {
        var client: String
        /// The SVG `points` of the polyline.
        var points: String
        var color: String
        /// Its calls over the chart's days.
        var calls: Int
        /// Where its legend entry sits.
        var legendY: Int
        /// A marker per day, so a single day still shows.
        var dots: [Dot]
    }

    /// One day's point of a line.
    struct Dot: Sendable, Equatable {
        var x: Int
        var y: Int
        var day: String
        var calls: Int
    }

    /// A labelled tick on an axis.
    struct Tick: Sendable, Equatable {
        var label: String
        var x: Int
        var y: Int
    }

    static let width = 860
    static let height = 260
    static let left = 48
    static let right = 260
    static let top = 16
    static let bottom = 36

    var series: [Series]
    var dayTicks: [Tick]
    var callTicks: [Tick]
    /// The highest calls of one client on one day.
    var maximum: Int

    /// Colours that stay apart on a dark and a light background.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// The chart of `report`'s clients over its days.
    init(report: UsageReport) {
        let days = report.allDays
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        maximum = max(1, report.clients.flatMap(\.days).map(\.calls).max() ?? 1)
        let maximum = maximum
        func x(_ index: Int) -> Int {
            days.count <= 1 ? Self.left + plotWidth / 2 : Self.left + index * plotWidth / (days.count - 1)
        }
        func y(_ calls: Int) -> Int { Self.top + plotHeight - calls * plotHeight / maximum }
        series = report.clients.enumerated().map { index, client in
            let perDay = Dictionary(uniqueKeysWithValues: client.days.map { ($0.day, $0.calls) })
            let dots = days.enumerated().map { dayIndex, day in
                Dot(x: x(dayIndex), y: y(perDay[day] ?? 0), day: day, calls: perDay[day] ?? 0)
            }
            return Series(
                client: client.client,
                points: dots.map { "\($0.x),\($0.y)" }.joined(separator: " "),
                color: Self.palette[index % Self.palette.count],
                calls: client.calls,
                legendY: Self.top + 12 + index * 18,
                dots: dots
            )
        }
        let step = max(1, days.count / 6)
        dayTicks = days.enumerated().filter { $0.offset % step == 0 }.map { index, day in
            Tick(label: String(day.dropFirst(5)), x: x(index), y: Self.height - Self.bottom + 16)
        }
        callTicks = [0, maximum / 2, maximum].reduce(into: [Int]()) { ticks, value in
            if !ticks.contains(value) { ticks.append(value) }
        }
        .map { Tick(label: "\($0)", x: Self.left - 6, y: y($0) + 4) }
    }
}
