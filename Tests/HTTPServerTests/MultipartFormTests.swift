import Testing
@testable import HTTPServer

/// `multipart/form-data` decoding and encoding: what browsers and curl send, and hostile bodies
/// refused with an error that names the problem, the part and the byte.
@Suite struct MultipartFormTests {
    static let boundary = "----WebKitFormBoundaryX3bY"
    static let contentType = "multipart/form-data; boundary=\(boundary)"

    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func decode_readsFieldsAndAFile_asABrowserSendsThem() throws {
        let text = """
            --\(Self.boundary)\r
            Content-Disposition: form-data; name="userId"\r
            \r
            007\r
            --\(Self.boundary)\r
            Content-Disposition: form-data; name="file"; filename="C:\\photos\\my \\"cat\\".png"\r
            Content-Type: image/png\r
            \r
            \u{1}PNG\r\n\r\nbytes\r
            --\(Self.boundary)--\r

            """
        let form = try MultipartForm.decode(Self.body(text), contentType: Self.contentType)
        #expect(form.parts.count == 2)
        #expect(form.value(named: "userId") == "007")
        let file = try #require(form.part(named: "file"))
        #expect(file.filename == #"C:\photos\my "cat".png"#)
        #expect(file.contentType == "image/png")
        #expect(file.body == Self.body("\u{1}PNG\r\n\r\nbytes"))
        #expect(form.files.count == 1)
        #expect(form.fields.map(\.name) == ["userId"])
    }

    @Test func decode_acceptsPreambleEpilogueQuotedBoundaryAndPadding() throws {
        let text = "preamble to ignore\r\n--a'b c\t \r\ncontent-disposition: FORM-DATA; NAME=x\r\n\r\n1\r\n--a'b c--\r\nepilogue"
        let form = try MultipartForm.decode(Self.body(text), contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a'b c\"")
        #expect(form.parts == [MultipartForm.Part(name: "x", value: "1")])
    }

    @Test func decode_ofAnEmptyForm_hasNoParts() throws {
        #expect(try MultipartForm.decode(Self.body("--b--\r\n"), boundary: "b").parts.isEmpty)
    }

    /// Each hostile or broken body: the error's code, the part it names, and the body never decodes.
    @Test(arguments: [
        ("no opening delimiter", "Content-Disposition: form-data; name=a\r\n\r\nx\r\n", MultipartError.Code.missingBoundary, Int?.none),
        ("cut short in a part", "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxyz", .missingClosingBoundary, 1),
        ("cut short in headers", "--b\r\nContent-Disposition: form-da", .missingClosingBoundary, 1),
        ("ends after a delimiter", "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b", .malformedDelimiter, 2),
        ("junk after the boundary", "--bX\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--", .malformedDelimiter, 1),
        ("no Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", .missingPartName, 1),
        ("disposition without name", "--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--b--", .missingPartName, 1),
        ("attachment, not form-data", "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--", .missingPartName, 1),
        ("unclosed quote", "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--", .malformedPartHeader, 1),
        ("header without colon", "--b\r\nContent-Disposition form-data\r\n\r\nx\r\n--b--", .malformedPartHeader, 1),
        ("folded header", "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n--b--", .malformedPartHeader, 1),
        ("NUL in a header", "--b\r\nContent-Disposition: form-data; name=\"a\u{0}b\"\r\n\r\nx\r\n--b--", .malformedPartHeader, 1),
        ("bare LF in a header", "--b\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\nx\r\n--b--", .malformedPartHeader, 1),
        ("nested multipart", "--b\r\nContent-Disposition: form-data; name=files\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--", .nestedMultipart, 1),
        ("second part broken", "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b\r\nX-Nothing: 1\r\n\r\n2\r\n--b--", .missingPartName, 2),
    ])
    func decode_refusesBrokenBodies(name: String, text: String, code: MultipartError.Code, part: Int?) {
        #expect {
            _ = try MultipartForm.decode(Self.body(text), boundary: "b")
        } throws: { error in
            guard let error = error as? MultipartError else { return false }
            return error.code == code && error.part == part && !error.message.isEmpty && error.description.contains("multipart body")
        }
    }

    @Test(arguments: [
        ("text/plain", MultipartError.Code.notMultipart),
        ("multipart/form-data", .invalidBoundary),
        ("multipart/form-data; boundary=", .invalidBoundary),
        ("multipart/form-data; boundary=\"unclosed", .invalidBoundary),
        ("multipart/form-data; boundary=a{b}", .invalidBoundary),
        ("multipart/form-data; boundary=\"ends with space \"", .invalidBoundary),
        ("multipart/form-data; boundary=" + String(repeating: "x", count: 71), .invalidBoundary),
    ])
    func boundary_refusesBadContentTypes(contentType: String, code: MultipartError.Code) {
        #expect(throws: MultipartError.self) { try MultipartForm.boundary(fromContentType: contentType) }
        do {
            _ = try MultipartForm.boundary(fromContentType: contentType)
        } catch {
            #expect(error.code == code, "\(contentType)")
        }
        #expect((try? MultipartForm.boundary(fromContentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 70)))?.count == 70)
    }

    @Test func bombOfEmptyParts_isRefusedAtTheLimit_namingThePart() {
        let part = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n"
        let limits = MultipartLimits(parts: 10)
        let atLimit = Self.body(String(repeating: part, count: 10) + "--b--")
        #expect((try? MultipartForm.decode(atLimit, boundary: "b", limits: limits))?.parts.count == 10)
        let over = Self.body(String(repeating: part, count: 100_000) + "--b--")
        do {
            _ = try MultipartForm.decode(over, boundary: "b", limits: limits)
            Issue.record("100 000 parts decoded")
        } catch {
            #expect(error.code == .tooManyParts)
            #expect(error.part == 11)
            #expect(error.offset == part.utf8.count * 10 + 5)
        }
    }

    @Test func headerBlocks_overTheLimit_areRefused_evenWhenTheyNeverEnd() {
        let limits = MultipartLimits(partHeaderBytes: 100, partHeaderFields: 3)
        let long = "--b\r\nContent-Disposition: form-data; name=\"" + String(repeating: "n", count: 200) + "\"\r\n\r\nx\r\n--b--"
        let endless = "--b\r\nX: " + String(repeating: "y", count: 10_000)
        let many = "--b\r\n" + String(repeating: "X: 1\r\n", count: 4) + "Content-Disposition: form-data; name=a\r\n\r\nx\r\n--b--"
        for text in [long, endless, many] {
            do {
                _ = try MultipartForm.decode(Self.body(text), boundary: "b", limits: limits)
                Issue.record("decoded \(text.prefix(40))")
            } catch {
                #expect(error.code == .partHeadersTooLarge)
                #expect(error.part == 1)
            }
        }
    }

    @Test func bodiesOverTheTotal_areRefusedBeforeReading() {
        let text = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n" + String(repeating: "z", count: 2000) + "\r\n--b--"
        do {
            _ = try MultipartForm.decode(Self.body(text), boundary: "b", limits: MultipartLimits(totalBytes: 1000))
            Issue.record("decoded a body over the total")
        } catch {
            #expect(error.code == .bodyTooLarge)
            #expect(error.message.contains("1000"))
        }
    }

    @Test func encode_thenDecode_givesTheSameForm_withHostileNames() throws {
        let form = MultipartForm(parts: [
            .init(name: "message", value: "héllo\r\n--not-the-boundary"),
            .init(name: "we\"ird\\name", value: ""),
            .init(name: "file", filename: "../../etc/pass\"wd\u{0}.png", contentType: "image/png", body: [0, 13, 10, 255]),
        ])
        let boundary = MultipartForm.makeBoundary()
        let bytes = form.encoded(boundary: boundary)
        let decoded = try MultipartForm.decode(bytes, contentType: MultipartForm.contentType(boundary: boundary))
        #expect(decoded.parts[0] == form.parts[0])
        #expect(decoded.parts[1] == form.parts[1])
        // NUL cannot travel in a header: it arrives percent-encoded, never as a NUL.
        #expect(decoded.parts[2].filename == "../../etc/pass\"wd%00.png")
        #expect(decoded.parts[2].body == [0, 13, 10, 255])
    }
}
