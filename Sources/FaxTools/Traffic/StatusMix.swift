/// How often each status appears in demo traffic, roughly as a busy office sees them.
enum StatusMix {
    /// First attempts of sent faxes: about 36% fail.
    static let sent: [(String, Double)] = [
        ("success", 0.58), ("partially_sent", 0.04), ("insufficient_credit", 0.02),
        ("failed_user_busy", 0.10), ("failed_no_answer", 0.08), ("failed_normal_temporary_failure", 0.05),
        ("failed_fs_49", 0.03), ("failed_normal_clearing", 0.02), ("failed_unallocated_number", 0.02),
        ("failed_invalid_number_format", 0.01), ("failed_to_send", 0.01), ("failed_fs_2", 0.01),
        ("failed_office_converter_issue", 0.01), ("failed_convert_to_tiff_issue", 0.005), ("failed", 0.015),
    ]

    /// Received faxes: about 23% fail (the sender's machine hangs up or negotiates badly).
    static let received: [(String, Double)] = [
        ("success", 0.70), ("partially_received", 0.07), ("failed_fs_49", 0.09), ("failed_fs_2", 0.05),
        ("failed_normal_clearing", 0.05), ("failed_no_answer", 0.01), ("failed", 0.03),
    ]

    /// Failures worth retrying: the line, not the document, was the problem.
    static let retryable: [(String, Double)] = [
        ("failed_user_busy", 0.35), ("failed_no_answer", 0.30), ("failed_normal_temporary_failure", 0.15),
        ("failed_fs_49", 0.08), ("failed_normal_clearing", 0.06), ("failed_to_send", 0.03), ("failed_fs_2", 0.03),
    ]

    static func isRetryable(_ status: String) -> Bool {
        retryable.contains { $0.0 == status }
    }

    /// Page counts: mostly short documents.
    static let pages: [(Int, Double)] = [
        (1, 0.34), (2, 0.22), (3, 0.14), (4, 0.09), (5, 0.06), (6, 0.04), (8, 0.04), (10, 0.03), (12, 0.02),
        (17, 0.01), (24, 0.01),
    ]
}
