import Foundation
import Hummingbird

/// JSON responses as the API writes them: keys sorted, dates ISO 8601.
enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"response could not be encoded"}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// An API answer other than 2xx: `{"error": "..."}` with its status.
struct APIFailure: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func forbidden(_ what: String) -> APIFailure {
        APIFailure(.forbidden, "a tenant token cannot see \(what)")
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        APIResponse.json(APIError(error: message), status: status)
    }
}
