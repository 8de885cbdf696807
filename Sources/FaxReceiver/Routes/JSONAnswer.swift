import FaxCore
import Hummingbird

/// Small JSON responses, written by hand: the shapes are fixed and this avoids an encoder per request.
enum JSONAnswer {
    static func response(_ status: HTTPResponse.Status, _ json: String, extraHeaders: HTTPFields = [:]) -> Response {
        var headers = extraHeaders
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json + "\n")))
    }

    static func error(_ status: Int, _ reason: String, field: String? = nil, extraHeaders: HTTPFields = [:]) -> Response {
        var json = "{\"error\":\(JSONText.quote(reason))"
        if let field { json += ",\"field\":\(JSONText.quote(field))" }
        json += "}"
        return response(HTTPResponse.Status(code: status), json, extraHeaders: extraHeaders)
    }
}
