import Foundation
import Models
import Testing

@testable import CLI

/// The order and the per-host limit of `folio fetch`, and its progress line, without a network.
@Suite struct FetchScheduleTests {
    func article(_ url: String) -> Article {
        Article(url: url, title: url, content: "", contentStatus: .pending)
    }

    @Test func atMostTwoPerHostAndOtherHostsGoOnMeanwhile() throws {
        let a1 = article("https://a.example/1")
        let a2 = article("https://A.example:8080/2")
        let a3 = article("https://a.example/3")
        let b1 = article("https://b.example/1")
        var schedule = FetchSchedule([a1, a2, a3, b1], perHost: 2)
        #expect(schedule.next()?.id == a1.id)
        #expect(schedule.next()?.id == a2.id, "the same host, whatever the case and port")
        #expect(schedule.next()?.id == b1.id, "a.example is full: b.example goes first")
        #expect(schedule.next() == nil, "a3 waits for a slot on a.example")
        #expect(schedule.left == 1)
        schedule.finished(b1)
        #expect(schedule.next() == nil, "a slot on another host does not help")
        schedule.finished(a2)
        #expect(schedule.next()?.id == a3.id)
        #expect(schedule.next() == nil)
        #expect(schedule.left == 0)
    }

    @Test func droppingTheWaitingStartsNothingMore() {
        var schedule = FetchSchedule([article("https://a.example/1"), article("https://b.example/1")], perHost: 2)
        _ = schedule.next()
        schedule.dropWaiting()
        #expect(schedule.next() == nil)
        #expect(schedule.left == 0)
    }

    @Test func theProgressLineShowsDoneFailedLeftRateAndTimeLeft() {
        var progress = FetchProgress(total: 100)
        #expect(progress.line(elapsed: 0) == "fetched 0, failed 0, left 100…")
        progress.fetched = 18
        progress.failed = 2
        #expect(progress.line(elapsed: 4) == "fetched 18, failed 2, left 80, 5.0 pages/s, about 16 s left")
        progress.fetched = 98
        #expect(progress.line(elapsed: 10) == "fetched 98, failed 2, left 0, 10.0 pages/s")
        #expect(FetchProgress.duration(125) == "2 min 5 s")
        #expect(FetchProgress.duration(3840) == "1 h 4 min")
    }
}
