import Foundation
import Models
import Testing

@testable import HTTP

@Suite struct RetryPolicyTests {
    @Test func backoffGrowsWithJitterAndStaysUnderTheCap() {
        let policy = RetryPolicy(maximumAttempts: 10, baseDelay: 0.5, maximumDelay: 4)
        var random = SplitMix64(seed: 1)
        for retry in 1...8 {
            let ceiling = min(4, 0.5 * pow(2, Double(retry - 1)))
            let delays = (0..<50).map { _ in policy.delay(beforeRetry: retry, retryAfter: nil, using: &random) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(Set(delays).count > 40, "jittered")
        }
        #expect(policy.delay(beforeRetry: 1, retryAfter: 2, using: &random) == 2)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 120, using: &random) == 4)
    }

    @Test func retryAfterReadsSecondsAndDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryPolicy.retryAfterSeconds("120", now: now) == 120)
        #expect(RetryPolicy.retryAfterSeconds("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(RetryPolicy.retryAfterSeconds("soon", now: now) == nil)
        #expect(RetryPolicy.retryAfterSeconds(nil, now: now) == nil)
        #expect([429, 503, 500, 502, 504, 408].allSatisfy(RetryPolicy.isTransient))
        #expect(![200, 400, 401, 404, 413].contains(where: RetryPolicy.isTransient))
    }
}
