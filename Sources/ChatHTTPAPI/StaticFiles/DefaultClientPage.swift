/// The page served at `/client/` when no client folder is configured: an honest placeholder that
/// says what works, until the web client is bundled.
enum DefaultClientPage {
    static let html: [UInt8] = Array("""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>GWS Chat API v2 emulator</title></head>
        <body>
        <h1>GWS Chat API v2 emulator</h1>
        <p>The web client is not bundled in this build. The API is running at <code>/api/v2/chats</code>:</p>
        <pre>
        curl -s -X POST http://HOST:PORT/api/v2/chats -H 'Content-Type: application/json' \\
          -d '{"operationName":"RequestChat","nickname":"James","subject":"Question about relativity"}'
        curl -s http://HOST:PORT/api/v2/chats/ID
        curl -s -X POST http://HOST:PORT/api/v2/chats/ID -d '{"operationName":"SendMessage","text":"Are you there?"}'
        curl -s 'http://HOST:PORT/api/v2/chats/ID/messages?index=0'
        </pre>
        <p>Readiness: <a href="/health">/health</a>.</p>
        </body>
        </html>

        """.utf8)
}
