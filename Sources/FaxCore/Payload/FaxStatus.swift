/// The `data.status` of a fax, with every value the Fax.Plus API documents.
public enum FaxStatus: Hashable, Sendable {
    case success
    case partiallySent
    case partiallyReceived
    case insufficientCredit
    case failed
    case failedInternalProcessError
    case failedUserBusy
    case failedNoAnswer
    case failedUnallocatedNumber
    case failedOfficeConverterIssue
    case failedSeparateFilePagesIssue
    case failedRenderHeaderIssue
    case failedInvalidNumberFormat
    case failedMimetypeNotSupported
    case failedDestinationNotSupported
    case failedImagePreparation
    case failedToSend
    case failedNormalTemporaryFailure
    case failedUnknownConverterIssue
    case failedNormalClearing
    case failedConvertToTiffIssue
    case failedFs49
    case failedFs2
    /// A value the documentation does not list; kept verbatim.
    case unknown(String)

    /// How a status ends, for colours, totals and success rates.
    public enum Outcome: String, Sendable, CaseIterable {
        case succeeded
        case partial
        case failed
        case noCredit = "no credit"
        /// An undocumented value that does not start with `failed`.
        case unknown
    }

    /// The documented values in the API's order, with their wire names and meanings.
    public static let documented: [(status: FaxStatus, raw: String, meaning: String)] = [
        (.success, "success", "Delivered: every page went through."),
        (.partiallySent, "partially_sent", "Some pages were sent before the call ended."),
        (.partiallyReceived, "partially_received", "Some pages arrived before the call ended."),
        (.insufficientCredit, "insufficient_credit", "The account ran out of credit before the fax could go out."),
        (.failed, "failed", "The fax failed; Fax.Plus gave no specific reason."),
        (.failedInternalProcessError, "failed_internal_process_error", "Fax.Plus hit an internal error while processing the fax."),
        (.failedUserBusy, "failed_user_busy", "The destination line was busy."),
        (.failedNoAnswer, "failed_no_answer", "The destination did not answer."),
        (.failedUnallocatedNumber, "failed_unallocated_number", "The destination number is not in service."),
        (.failedOfficeConverterIssue, "failed_office_converter_issue", "The office document could not be converted for faxing."),
        (.failedSeparateFilePagesIssue, "failed_separate_file_pages_issue", "The file could not be split into fax pages."),
        (.failedRenderHeaderIssue, "failed_render_header_issue", "The fax header could not be rendered."),
        (.failedInvalidNumberFormat, "failed_invalid_number_format", "The destination number is not in a valid format."),
        (.failedMimetypeNotSupported, "failed_mimetype_not_supported", "The file type cannot be faxed."),
        (.failedDestinationNotSupported, "failed_destination_not_supported", "Faxing to this destination is not supported."),
        (.failedImagePreparation, "failed_image_preparation", "The page images could not be prepared."),
        (.failedToSend, "failed_to_send", "The fax could not be sent."),
        (.failedNormalTemporaryFailure, "failed_normal_temporary_failure", "A temporary network failure; a retry may succeed."),
        (.failedUnknownConverterIssue, "failed_unknown_converter_issue", "The file converter failed for an unknown reason."),
        (.failedNormalClearing, "failed_normal_clearing", "The call was cleared normally before the fax completed."),
        (.failedConvertToTiffIssue, "failed_convert_to_tiff_issue", "The file could not be converted to TIFF."),
        (.failedFs49, "failed_fs_49", "Fax protocol error (FS 49): the remote fax machine ended the session."),
        (.failedFs2, "failed_fs_2", "Fax protocol error (FS 2): the remote side did not negotiate the fax."),
    ]

    private static let byRaw: [String: FaxStatus] = Dictionary(
        uniqueKeysWithValues: documented.map { ($0.raw, $0.status) }
    )

    /// Position in `documented` (0...22), or nil for an unknown value. A switch, for the filter's hot loop.
    public var documentedIndex: Int? {
        switch self {
        case .success: return 0
        case .partiallySent: return 1
        case .partiallyReceived: return 2
        case .insufficientCredit: return 3
        case .failed: return 4
        case .failedInternalProcessError: return 5
        case .failedUserBusy: return 6
        case .failedNoAnswer: return 7
        case .failedUnallocatedNumber: return 8
        case .failedOfficeConverterIssue: return 9
        case .failedSeparateFilePagesIssue: return 10
        case .failedRenderHeaderIssue: return 11
        case .failedInvalidNumberFormat: return 12
        case .failedMimetypeNotSupported: return 13
        case .failedDestinationNotSupported: return 14
        case .failedImagePreparation: return 15
        case .failedToSend: return 16
        case .failedNormalTemporaryFailure: return 17
        case .failedUnknownConverterIssue: return 18
        case .failedNormalClearing: return 19
        case .failedConvertToTiffIssue: return 20
        case .failedFs49: return 21
        case .failedFs2: return 22
        case .unknown: return nil
        }
    }

    public init(raw: String) {
        self = Self.byRaw[raw] ?? .unknown(raw)
    }

    /// The wire name (`failed_user_busy`). A switch, not a table search: the filter calls this for
    /// every record.
    public var raw: String {
        switch self {
        case .success: return "success"
        case .partiallySent: return "partially_sent"
        case .partiallyReceived: return "partially_received"
        case .insufficientCredit: return "insufficient_credit"
        case .failed: return "failed"
        case .failedInternalProcessError: return "failed_internal_process_error"
        case .failedUserBusy: return "failed_user_busy"
        case .failedNoAnswer: return "failed_no_answer"
        case .failedUnallocatedNumber: return "failed_unallocated_number"
        case .failedOfficeConverterIssue: return "failed_office_converter_issue"
        case .failedSeparateFilePagesIssue: return "failed_separate_file_pages_issue"
        case .failedRenderHeaderIssue: return "failed_render_header_issue"
        case .failedInvalidNumberFormat: return "failed_invalid_number_format"
        case .failedMimetypeNotSupported: return "failed_mimetype_not_supported"
        case .failedDestinationNotSupported: return "failed_destination_not_supported"
        case .failedImagePreparation: return "failed_image_preparation"
        case .failedToSend: return "failed_to_send"
        case .failedNormalTemporaryFailure: return "failed_normal_temporary_failure"
        case .failedUnknownConverterIssue: return "failed_unknown_converter_issue"
        case .failedNormalClearing: return "failed_normal_clearing"
        case .failedConvertToTiffIssue: return "failed_convert_to_tiff_issue"
        case .failedFs49: return "failed_fs_49"
        case .failedFs2: return "failed_fs_2"
        case .unknown(let raw): return raw
        }
    }

    public var outcome: Outcome {
        switch self {
        case .success: return .succeeded
        case .partiallySent, .partiallyReceived: return .partial
        case .insufficientCredit: return .noCredit
        case .unknown(let raw): return raw.hasPrefix("failed") ? .failed : .unknown
        default: return .failed
        }
    }

    /// One line for the detail pane.
    public var meaning: String {
        if case .unknown(let raw) = self {
            return raw.hasPrefix("failed")
                ? "An undocumented failure status; treated as failed."
                : "A status the Fax.Plus documentation does not list."
        }
        return Self.documented.first { $0.status == self }!.meaning
    }
}
