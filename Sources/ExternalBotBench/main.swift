// What an external bot adds to each reply, and how many replies one exec bot serves (bench/
// external-bots.sh runs it in a release build; not part of the tests).
//
// A chat host on the wall clock, without join or reply delays: a customer message goes in, and
// the time is taken when the agent's answer is added to the transcript (a ChatObserver sees it).
// One message at a time per chat. The same echo bot answers in process (the baseline), as a
// webhook and as an exec process; "added" is the difference of medians to the baseline.
//
//   ExternalBotBench --webhook URL --exec COMMAND [--replies N] [--chats N] [--seconds S]
import ChatCore
import ExternalBots
import Foundation
import Locking

struct Options {
    var webhook: String?
    var exec: String?
    var replies = 2000
    var chats = 16
    var seconds = 10.0

    init(_ arguments: [String]) {
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fatalError("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--webhook": webhook = value()
            case "--exec": exec = value()
            case "--replies": replies = Int(value()) ?? replies
            case "--chats": chats = Int(value()) ?? chats
            case "--seconds": seconds = Double(value()) ?? seconds
            default: fatalError("unknown argument \(arguments[index])")
            }
            index += 1
        }
    }
}

/// Wakes the sender of a chat when its agent's answer is added.
final class Replies: ChatObserver {
    private let waiting = Locked<[ChatID: DispatchSemaphore]>([:])

    func expect(_ id: ChatID) -> DispatchSemaphore {
        let semaphore = DispatchSemaphore(value: 0)
        waiting.withLock { $0[id] = semaphore }
        return semaphore
    }

    func chat(_ id: ChatID, added message: ChatMessage) {
        guard message.kind == .text, message.from.kind == .agent else { return }
        waiting.withLock { $0[id] }?.signal()
    }
}

func makeHost(_ responder: any Responder, observer: Replies, threads: Int) throws -> ChatHost {
    var configuration = ChatHostConfiguration()
    configuration.agentJoinDelay = .zero
    configuration.replyDelay = .zero
    configuration.systemMessageInterval = .zero
    configuration.seed = 1
    configuration.observer = observer
    configuration.responderExecution = .workerThreads(threads)
    return try ChatHost(configuration: configuration, responder: responder, clock: SystemClock())
}

/// Milliseconds from SendMessage to the answer, `count` times in one chat.
func latencies(_ responder: any Responder, count: Int) throws -> [Double] {
    let replies = Replies()
    let host = try makeHost(responder, observer: replies, threads: 2)
    defer { host.shutdown() }
    let id = try host.requestChat(nickname: "Bench", subject: "Latency")
    var samples: [Double] = []
    for index in 0..<(count + count / 10) {
        let answered = replies.expect(id)
        let start = DispatchTime.now().uptimeNanoseconds
        try host.sendMessage("message \(index)", to: id)
        guard answered.wait(timeout: .now() + 10) == .success else { fatalError("no answer within 10 s") }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        if index >= count / 10 { samples.append(elapsed) }  // the first tenth warms up
    }
    return samples.sorted()
}

/// Answers per second with `chats` chats sending one message at a time each, for `seconds`.
func throughput(_ responder: any Responder, chats: Int, seconds: Double) throws -> Double {
    let replies = Replies()
    let host = try makeHost(responder, observer: replies, threads: 4)
    defer { host.shutdown() }
    let ids = try (0..<chats).map { try host.requestChat(nickname: "Bench \($0)", subject: "Throughput") }
    let count = Locked(0)
    let deadline = Date().addingTimeInterval(seconds)
    let group = DispatchGroup()
    let start = Date()
    for id in ids {
        group.enter()
        Thread {
            defer { group.leave() }
            var index = 0
            while Date() < deadline {
                let answered = replies.expect(id)
                guard (try? host.sendMessage("message \(index)", to: id)) != nil, answered.wait(timeout: .now() + 10) == .success else { return }
                count.withLock { $0 += 1 }
                index += 1
            }
        }.start()
    }
    group.wait()
    return Double(count.withLock { $0 }) / Date().timeIntervalSince(start)
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

func report(_ name: String, _ samples: [Double], baseline: Double?) {
    let median = percentile(samples, 0.5)
    let p99 = percentile(samples, 0.99)
    let added = baseline.map { String(format: ", adds %.3f ms (median)", median - $0) } ?? ""
    print(String(format: "%-9@ median %.3f ms, p99 %.3f ms over %d replies%@", name as NSString, median, p99, samples.count, added as NSString))
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
var settings = ExternalBotSettings()
settings.timeout = .seconds(10)
let echo = ClosureResponder { event, _ in event.kind == .customerText ? AgentReply([.say(event.text ?? "")]) : .none }
let baseline = try latencies(echo, count: options.replies)
report("in-process", baseline, baseline: nil)
let baselineMedian = percentile(baseline, 0.5)
if let webhook = options.webhook, let url = URL(string: webhook) {
    report("webhook", try latencies(WebhookResponder(url: url, settings: settings), count: options.replies), baseline: baselineMedian)
}
if let command = options.exec {
    let bot = ExecResponder(command: command, settings: settings)
    report("exec", try latencies(bot, count: options.replies), baseline: baselineMedian)
    let rate = try throughput(bot, chats: options.chats, seconds: options.seconds)
    print(String(format: "exec: %.0f replies per second, %d chats each sending one message at a time, %.0f s", rate, options.chats, options.seconds))
    bot.stop()
}
