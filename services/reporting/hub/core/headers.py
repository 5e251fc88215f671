"""What every answer of the hub carries, and HEAD for every GET.

The dashboard keeps a bearer token in the tab's sessionStorage, so no
other site may frame it and no script may come from elsewhere; the
reports' HTML is shown under the same rules. Only the API docs page loads
Swagger UI from its CDN, so it gets no Content-Security-Policy (open it in
a tab of its own). HEAD is answered as GET without the body: monitoring
probes use it, and FastAPI routes a GET for GET only."""

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
CONTENT_SECURITY_POLICY = (b"content-security-policy",
                           b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                           b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")
DOCS = ("/api/docs", "/docs/oauth2-redirect")


class HubHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        extra = SECURITY_HEADERS if scope["path"].startswith(DOCS) else [*SECURITY_HEADERS, CONTENT_SECURITY_POLICY]

        async def sending(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(header for header in extra if header[0] not in present)]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, sending)
