package import ChatCore

/// The emulator as a test double (`/emulator/clock`, `/emulator/reset`, `/emulator/requests`,
/// `/emulator/faults`): what they control and how far they may go.
package struct TestDoubleConfiguration: Sendable {
    /// The chats' clock when it is virtual (`serve --clock virtual`): `POST /emulator/clock` moves
    /// it. `nil` (the default): the wall clock, which the endpoint only reads.
    package var virtualClock: ManualClock?
    /// Faults in force from the start (`serve --fault`, `--faults FILE`); they count toward
    /// ``maxFaults`` and a reset clears them.
    package var faults: [Fault] = []
    /// At most this many faults in force at once; adding more is a 400. Default 100.
    package var maxFaults = 100
    /// How many requests `GET /emulator/requests` keeps (the oldest are dropped); 0 records none.
    /// Default 1,000.
    package var recordedRequests = 1_000
    /// How much of each request's body the record keeps. Default 1 KiB.
    package var recordedBodyBytes = 1_024
    /// The most virtual time one `POST /emulator/clock` may move (`advance` beyond it is a 400,
    /// `quiet` stops there and says so). Default 1 hour.
    package var maxAdvance: Duration = .seconds(3_600)

    package init() {}
}
