import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridGit
import GridStore
import GridTestSupport
import Testing

/// The dashboard in a real browser: `gridops serve --http` on the bundled grid, a drift made
/// with `gridops sim drift`, then headless Chromium (Debian's `chromium`, which `make test`
/// installs) renders the page and the test reads its DOM. The screenshot is kept in
/// `test-artifacts/dashboard.png`.
@Suite struct DashboardBrowserTests {
    static let token = "browser-admin-token-0123456789"
    static let tenantToken = "browser-netops-token-0123456789"

    func get(_ url: String) -> (status: Int, body: String) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result = (status: 0, body: "")
        var request = URLRequest(url: URL(string: url)!)
        request.setValue("Bearer \(Self.token)", forHTTPHeaderField: "Authorization")
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            done.signal()
        }.resume()
        done.wait()
        return result
    }

    @Test func theDashboardShowsEverySiteTheDriftAndTheRevisionInForce() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(chromium, "headless Chromium is needed: apt-get install chromium (make test installs it)")

        // The bundled grid, drift reported (not healed) so it stays on the page.
        let repo = try TestRepository()
        var files = try Fixtures.bundledGrid()
        files["manifests/grid.yaml"] = files["manifests/grid.yaml"]! + "  driftPolicy: report\n"
        let sha = try repo.commit(files, message: "bundled grid, drift reported")
        let state = TemporaryDirectory("gridops-browser")
        try Data("\(Self.token),ops,admin\n\(Self.tenantToken),netops-ci,tenant:netops\n".utf8)
            .write(to: URL(fileURLWithPath: state.path + "/tokens"))
        let apply = try runProcess(gridopsExecutable, ["apply", "--repo", repo.path, "--state", state.path])
        #expect(apply.status == 0, "\(apply.stdout)\(apply.stderr)")
        let drift = try runProcess(gridopsExecutable, ["sim", "drift", "--state", state.path, "--site", "par-regional-1",
                                                       "--resource", "deployment/netops/care-chat", "--set", "replicas=9"])
        #expect(drift.status == 0, "\(drift.stderr)")

        let serve = try ServeProcess(["--repo", repo.path, "--branch", "main", "--interval", "2s", "--http", "127.0.0.1:0",
                                      "--tokens", state.path + "/tokens", "--preview-refspec", "none"], state: state)
        let port = try #require(serve.httpPort(), "\(serve.log)")
        let base = "http://127.0.0.1:\(port)"
        #expect(eventually(60) { get(base + "/api/v1/drift").body.contains("deployment/netops/care-chat") }, "the pass found the drift")

        let artifacts = Fixtures.packageRoot + "/test-artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--user-data-dir=\(state.path)/chromium", "--virtual-time-budget=15000", "--window-size=1280,800"]
        let page = "\(base)/#token=\(Self.token)"
        let dom = try runProcess(browser, flags + ["--dump-dom", page])
        #expect(dom.status == 0, "\(dom.stderr.suffix(2000))")
        let html = dom.stdout
        #expect(html.contains(#"data-state="live""#), "the page loaded its data: \(html.prefix(3000))")
        let sites = files.keys.filter { $0.hasPrefix("manifests/sites/") }.compactMap { path in
            files[path]!.split(separator: "\n").first { $0.hasPrefix("  name: ") }.map { String($0.dropFirst("  name: ".count)) }
        }
        #expect(sites.count == 18)
        // The map: one marker per cell; rings count the sites they group, so every site is drawn once.
        #expect(html.contains(#"data-sites="18""#), "the map says it holds 18 sites")
        let alone = matches(#"<circle class="site[^"]*"[^>]*data-site="([^"]+)""#, in: html)
        let grouped = matches(#"<g class="cell"[^>]*data-count="(\d+)""#, in: html).compactMap { Int($0) }
        #expect(alone.count + grouped.reduce(0, +) == 18, "\(alone) and rings of \(grouped)")
        #expect(Set(alone).isSubset(of: Set(sites)))
        // A poll reads aggregates and first pages, never a whole list of sites or services.
        let poll = try #require(matches(#"data-poll="([^"]*)""#, in: html).first, "the page says what it polled")
        let paths = poll.split(separator: " ").map(String.init)
        #expect(paths.contains("summary") && paths.contains { $0.hasPrefix("map?") }, "\(paths)")
        #expect(!paths.contains { $0.hasPrefix("sites") || $0.hasPrefix("services") || $0.hasPrefix("placements") }, "\(paths)")
        #expect(Set(matches(#"<tr data-tenant="([^"]+)""#, in: html)).count == 6, "allocation by tenant, from the summary")
        #expect(html.contains(#"data-resource="deployment/netops/care-chat""#), "the drift made in the test is listed")
        #expect(html.contains(#"data-sha="\#(sha)""#), "the revision in force is shown")
        #expect(html.contains(#"class="msg">bundled grid, drift reported<"#), "with its commit message")
        #expect(!html.contains(">null<"), "no empty value is shown as the word null")

        // The site list is fetched when opened (here by #open=sites), a page at a time.
        let listed = try runProcess(browser, flags + ["--dump-dom", "\(base)/#token=\(Self.token)&open=sites"])
        #expect(listed.status == 0, "\(listed.stderr.suffix(2000))")
        #expect(Set(matches(#"<tr data-site="([^"]+)""#, in: listed.stdout)) == Set(sites), "every site is in the opened list")
        #expect(listed.stdout.contains("1–18 of 18"), "with its place in the list")

        // A tenant token: its own share from the summary, no map (403), a note that says why.
        let tenant = try runProcess(browser, flags + ["--dump-dom", "\(base)/#token=\(Self.tenantToken)"])
        #expect(tenant.status == 0, "\(tenant.stderr.suffix(2000))")
        #expect(tenant.stdout.contains(#"data-view="tenant""#), "the page knows it sees one tenant")
        #expect(matches(#"<tr data-tenant="([^"]+)""#, in: tenant.stdout) == ["netops"], "only its own allocation")
        #expect(matches(#"<section id="map-sec"[^>]*data-access="([a-z]+)""#, in: tenant.stdout) == ["denied"], "no site map")
        #expect(!tenant.stdout.contains("<circle class=\"site"), "and no site drawn")

        let shot = try runProcess(browser, flags + ["--screenshot=\(artifacts)/dashboard.png", page])
        #expect(shot.status == 0, "\(shot.stderr.suffix(2000))")
        let png = FileManager.default.contents(atPath: artifacts + "/dashboard.png") ?? Data()
        #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "a screenshot was taken")
    }

    /// The first capture group of each match of `pattern`.
    func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
