import Foundation

/// Where the personal access token for the Fax.Plus API comes from.
public enum FaxPlusToken {
    public static let environmentVariable = "FAXPLUS_TOKEN"

    /// The token from `--token-file` if given (first line, trimmed), else from `FAXPLUS_TOKEN`.
    public static func resolve(tokenFile: String?, environment: [String: String]) throws(FaxPlusError) -> String {
        if let tokenFile {
            let text: String
            do {
                text = try String(contentsOfFile: tokenFile, encoding: .utf8)
            } catch {
                throw .missingToken("cannot read the token file \(tokenFile): \(error.localizedDescription)")
            }
            let token = text.split(whereSeparator: \.isNewline).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !token.isEmpty else { throw .missingToken("the token file \(tokenFile) is empty") }
            return token
        }
        let token = environment[environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !token.isEmpty else {
            throw .missingToken("""
                no Fax.Plus token: set \(environmentVariable) or pass --token-file PATH.
                Create a personal access token in your Fax.Plus account settings (API access).
                """)
        }
        return token
    }
}
