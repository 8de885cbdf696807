/// The fax numbers demo traffic uses, in the spellings real payloads carry.
///
/// All numbers are in ranges reserved for fiction (NANP 555-01xx, Ofcom's 020 7946 0xxx drama range,
/// ACMA's 02 5550 xxxx), so a demo screenshot never shows a real person's number.
public enum NumberPool {
    /// The account's own fax numbers: E.164 and the spaced form Fax.Plus shows in its web app.
    public static let own = ["+12125550147", "+1 212-555-0148"]

    /// Numbers the account faxes to and receives from.
    public static let remote = [
        "+1 415-555-0199", "+14155550123", "+1 (646) 555-0123", "+44 20 7946 0018",
        "+442079460957", "+61 2 5550 1234", "+1 312-555-0186", "+13125550110",
    ]

    /// Free accounts have no fax number; their sent faxes carry the sender's user name, which has no
    /// digits at all (faxtop groups such senders by the text itself).
    public static let freeAccounts = ["free-user-jmartin", "free-user-okafor"]
}
