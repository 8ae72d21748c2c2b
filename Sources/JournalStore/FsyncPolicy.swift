/// When the journal forces its writes to the disk.
///
/// Either way, a request is answered only after its events were written to the journal file, so a
/// crash of the emulator process (even `kill -9`) loses nothing that was acknowledged.
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// `fsync` after every write, before the request is answered: acknowledged events also
    /// survive a crash of the operating system or a power cut. Costs a disk flush per request.
    case always
    /// Leave flushing to the operating system: acknowledged events survive a crash of the
    /// emulator, but the last few seconds may be lost if the machine itself goes down.
    case never
}
