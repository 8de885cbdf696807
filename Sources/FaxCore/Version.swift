/// faxtop's version: `faxtop --version` and the User-Agent of everything faxtop sends.
public enum FaxtopVersion {
    public static let current = "0.1.0"
}
