/// The Mustache template of the `/migration` page (``MigrationPage``).
enum MigrationPageTemplate {
    /// The template's text. Every value goes through `{{…}}`, which escapes HTML.
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <link rel="icon" href="data:,">
        <title>Legacy API usage · inference-gateway</title>
        <style>
        :root { --bg: #ffffff; --fg: #1d2330; --muted: #5c6475; --line: #d8dce4; --head: #f2f4f7; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #15181e; --fg: #e6e9ef; --muted: #9aa3b2; --line: #343a46; --head: #1f242c; }
        }
        body { background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
        h1 { font-size: 1.4rem; margin-bottom: .2rem; }
        p.summary { color: var(--muted); margin-top: 0; }
        svg { max-width: 100%; height: auto; }
        svg text { fill: var(--muted); font-size: 11px; }
        svg .axis { stroke: var(--line); }
        svg .series { fill: none; stroke-width: 2; }
        table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
        th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; }
        th { background: var(--head); }
        th button { background: none; border: 0; color: inherit; font: inherit; font-weight: 600; padding: 0; cursor: pointer; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        code { font-size: .9em; }
        </style>
        </head>
        <body>
        <h1>Who still calls the legacy API</h1>
        <p class="summary">{{clientCount}} client(s) from {{from}} to {{to}} (UTC days). Also as JSON: <code>GET /api/v1/migration/usage</code>.</p>
        <figure>
        <svg id="usage-chart" role="img" aria-label="Legacy calls per day per client" viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" xmlns="http://www.w3.org/2000/svg">
        <line class="axis" x1="{{plotLeft}}" y1="{{plotBottom}}" x2="{{plotRight}}" y2="{{plotBottom}}"/>
        <line class="axis" x1="{{plotLeft}}" y1="{{plotTop}}" x2="{{plotLeft}}" y2="{{plotBottom}}"/>
        {{#chart.callTicks}}<text x="{{x}}" y="{{y}}" text-anchor="end">{{label}}</text>
        {{/chart.callTicks}}
        {{#chart.dayTicks}}<text x="{{x}}" y="{{y}}" text-anchor="middle">{{label}}</text>
        {{/chart.dayTicks}}
        {{#chart.series}}<polyline class="series" data-client="{{client}}" stroke="{{color}}" points="{{points}}"><title>{{client}}: {{calls}} call(s)</title></polyline>
        {{#dots}}<circle class="dot" cx="{{x}}" cy="{{y}}" r="3" fill="{{color}}"><title>{{client}} {{day}}: {{calls}}</title></circle>{{/dots}}
        <rect x="{{legendX}}" y="{{legendY}}" width="10" height="10" fill="{{color}}"/><text x="{{legendX}}" dx="14" y="{{legendY}}" dy="9">{{client}}</text>
        {{/chart.series}}
        </svg>
        <figcaption>Legacy calls per day, one line per client.</figcaption>
        </figure>
        <table id="usage">
        <thead><tr>
        <th data-type="text"><button type="button">Client</button></th>
        <th data-type="text"><button type="button">Endpoint</button></th>
        <th class="number" data-type="number"><button type="button">Calls</button></th>
        <th class="number" data-type="number"><button type="button">Errors</button></th>
        <th data-type="text"><button type="button">First seen</button></th>
        <th data-type="text"><button type="button">Last seen</button></th>
        <th data-type="text"><button type="button">Last job</button></th>
        </tr></thead>
        <tbody>
        {{#rows}}<tr class="usage-row"><td>{{client}}</td><td>{{endpoint}}</td><td class="number">{{calls}}</td><td class="number">{{errors}}</td><td>{{firstSeen}}</td><td>{{lastSeen}}</td><td>{{lastJob}}</td></tr>
        {{/rows}}
        {{^hasRows}}<tr><td colspan="7">No legacy calls recorded in this range.</td></tr>{{/hasRows}}
        </tbody>
        </table>
        <h2>What each client's last call becomes</h2>
        {{^hasReplacements}}<p>No legacy calls recorded in this range.</p>{{/hasReplacements}}
        {{#hasReplacements}}<table id="replacements">
        <thead><tr><th>Client</th><th>Last legacy call</th><th>Cluster API</th><th>kubectl</th></tr></thead>
        <tbody>
        {{#replacements}}<tr class="replacement-row"><td>{{client}}</td><td>{{legacy}}</td><td><code>{{request}}</code></td><td><code>{{kubectl}}</code>{{#hasObject}}<details><summary>the object</summary><pre>{{object}}</pre></details>{{/hasObject}}</td></tr>
        {{/replacements}}
        </tbody>
        </table>{{/hasReplacements}}
        <script>
        document.querySelectorAll("#usage th button").forEach(function (button, column) {
          button.addEventListener("click", function () {
            var header = button.parentElement, body = document.querySelector("#usage tbody");
            var ascending = header.getAttribute("aria-sort") !== "ascending";
            var numeric = header.dataset.type === "number";
            var rows = Array.prototype.slice.call(body.querySelectorAll("tr.usage-row"));
            rows.sort(function (a, b) {
              var x = a.cells[column].textContent, y = b.cells[column].textContent;
              var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
              return ascending ? order : -order;
            });
            document.querySelectorAll("#usage th").forEach(function (th) { th.removeAttribute("aria-sort"); });
            header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
        </script>
        </body>
        </html>
        """#
}
