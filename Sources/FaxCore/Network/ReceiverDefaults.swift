/// The receiver's defaults, in one place: the receiver's configuration, the config file's built-in
/// layer and the help text all read them from here.
public enum ReceiverDefaults {
    public static let host = "0.0.0.0"
    public static let port = 8080
    public static let path = "/webhook"
    public static let maxBody = 65_536
    /// Fax.Plus's webhook senders and loopback (a local proxy, `faxtop send`).
    public static let allow = ["34.65.253.117/32", "34.65.146.131/32", "127.0.0.0/8", "::1/128"]
    /// A proxy on loopback is believed about the client it forwards for.
    public static let trustProxy = ["127.0.0.0/8", "::1/128"]
}
