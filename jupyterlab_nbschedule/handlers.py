"""The proxy from `<base_url>nbschedule/api/v1/...` to the sidecar's `/api/v1/...`.

Jupyter authenticates and authorizes here; the sidecar sees only the headers on the allow-lists
below and its own bearer token, never the user's cookies, Jupyter token or XSRF token."""
import json
from http import HTTPStatus
from urllib.parse import unquote

from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import httputil, web
from tornado.httpclient import HTTPClientError, HTTPRequest

API_PREFIX = "nbschedule/api/v1/"
FORWARDED_REQUEST_HEADERS = ("Content-Type", "Accept")
FORWARDED_RESPONSE_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition")
METHODS_WITH_BODY = ("POST", "PUT", "PATCH")
# Our own errors, in the API's error shape ({"error": {code, message, field}}).
ERROR_CODES = {400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND",
               405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE"}


@web.stream_request_body  # so an over-large body is refused while it arrives, not after
class ProxyHandler(APIHandler):
    auth_resource = "nbschedule"
    SUPPORTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

    def initialize(self, sidecar, http_client, max_body_bytes, request_timeout):
        self.sidecar, self.http_client = sidecar, http_client
        self.max_body_bytes, self.request_timeout = max_body_bytes, request_timeout
        self.body = bytearray()
        self.body_too_large = False
        self.response_started = False

    async def prepare(self):
        await super().prepare()  # authentication, XSRF, origin checks
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            raise web.HTTPError(413, f"request body over {self.max_body_bytes} bytes")

    def data_received(self, chunk):
        # Chunked bodies carry no Content-Length: count as they come.
        if len(self.body) + len(chunk) > self.max_body_bytes:
            self.body_too_large = True
            self.body.clear()
        elif not self.body_too_large:
            self.body.extend(chunk)

    @web.authenticated
    @authorized
    async def get(self, path):
        await self.forward(path)

    @web.authenticated
    @authorized
    async def post(self, path):
        await self.forward(path)

    @web.authenticated
    @authorized
    async def put(self, path):
        await self.forward(path)

    @web.authenticated
    @authorized
    async def patch(self, path):
        await self.forward(path)

    @web.authenticated
    @authorized
    async def delete(self, path):
        await self.forward(path)

    # -- forwarding ---------------------------------------------------------------------------

    async def forward(self, path):
        if self.body_too_large:
            raise web.HTTPError(413, f"request body over {self.max_body_bytes} bytes")
        sub_path = self.raw_sub_path(path)
        if any(unquote(part) in (".", "..") for part in sub_path.split("/")):
            raise web.HTTPError(404)
        target = self.sidecar.target()
        if target is None:
            return self.unavailable(None)
        base_url, token = target
        url = f"{base_url}/api/v1/{sub_path}"
        if self.request.query:
            url += "?" + self.request.query
        headers = {name: self.request.headers[name]
                   for name in FORWARDED_REQUEST_HEADERS if name in self.request.headers}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = bytes(self.body) if self.request.method in METHODS_WITH_BODY or self.body else None
        options = dict(method=self.request.method, headers=headers, body=body,
                       follow_redirects=False, decompress_response=False,
                       allow_nonstandard_methods=True, connect_timeout=5,
                       request_timeout=self.request_timeout)
        try:
            if self.request.method == "GET" and sub_path == "status":
                await self.forward_status(HTTPRequest(url, **options))
            else:
                await self.forward_streaming(HTTPRequest(url, **options), sub_path)
        except (OSError, HTTPClientError) as error:
            if isinstance(error, HTTPClientError) and error.code != 599:
                raise
            if self.response_started:
                # Headers are gone already: all we can do is cut the response short.
                self.log.warning("nbschedule sidecar broke off a response: %s", error)
                self.request.connection.close()
                return None
            return self.unavailable(f"could not reach it at {base_url} ({error})")
        return None

    async def forward_status(self, request):
        """/status answers the sidecar's status with the supervisor's view merged in."""
        response = await self.http_client.fetch(request, raise_error=False)
        try:
            status = json.loads(response.body)
        except ValueError:
            status = None
        if not isinstance(status, dict):
            return self.unavailable(f"its /status answered {response.code} without JSON")
        status["sidecar"] = self.sidecar.describe()
        self.set_status(response.code)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(status))
        return None

    async def forward_streaming(self, request, sub_path):
        """Pass status, allowed headers and body through as they arrive, so large outputs
        are not held in memory."""
        start = {"line": None, "headers": httputil.HTTPHeaders()}

        def on_header(line):
            if line.startswith("HTTP/"):  # a new status line (also after a 100 Continue)
                start["line"] = httputil.parse_response_start_line(line.strip())
                start["headers"] = httputil.HTTPHeaders()
            elif line.strip():
                start["headers"].parse_line(line)

        def on_chunk(chunk):
            self.start_response(start["line"], start["headers"], sub_path)
            self.write(chunk)
            self.flush()

        request.header_callback, request.streaming_callback = on_header, on_chunk
        response = await self.http_client.fetch(request, raise_error=False)
        if start["line"] is None:  # no status line at all: report as unreachable
            raise HTTPClientError(599, "no response", response)
        self.start_response(start["line"], start["headers"], sub_path)
        # APIHandler.finish would stamp application/json on a body that was not flushed yet.
        self.finish(set_content_type=start["headers"].get("Content-Type", "application/json"))

    def start_response(self, start_line, headers, sub_path):
        if self.response_started:
            return
        self.response_started = True
        self.set_status(start_line.code, start_line.reason or "Unknown")
        self.clear_header("Content-Type")
        for name in FORWARDED_RESPONSE_HEADERS:
            if name in headers:
                self.set_header(name, headers[name])
        content_type = headers.get("Content-Type", "")
        if content_type.startswith("text/html") or sub_path.endswith(".html"):
            # Executed notebooks are untrusted HTML: confine their scripts to a unique origin,
            # as Jupyter does for the files it serves (AuthenticatedFileHandler).
            self.set_header("Content-Security-Policy",
                            JupyterHandler.content_security_policy.fget(self)
                            + "; sandbox allow-scripts")

    def raw_sub_path(self, path):
        """The path after the prefix as the client sent it, still percent-encoded, so ids with
        reserved characters reach the sidecar unchanged."""
        prefix = url_path_join(self.base_url, API_PREFIX)
        raw = self.request.path
        return raw[len(prefix):] if raw.startswith(prefix) else path

    # -- errors -------------------------------------------------------------------------------

    def unavailable(self, detail):
        state = self.sidecar.describe()
        why = {
            "starting": "it is starting",
            "restarting": "it is restarting",
            "stopped": "it is stopped",
            "failed": "it failed and will not be restarted",
            "external": "it did not answer",
        }.get(state["state"], f"it is {state['state']}")
        message = f"The nbschedule scheduler is unavailable: {why}"
        for extra in (state["reason"], detail):
            if extra:
                message += f" ({extra})"
        self.set_status(503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({
            "error": {"code": "SIDECAR_UNAVAILABLE", "message": message + ".", "field": None},
            "sidecar": state,
        }))

    def write_error(self, status_code, **kwargs):
        """Our own refusals (auth, size, bad path) in the API's error shape; 5xx details hidden."""
        reason = self._reason or HTTPStatus(status_code).phrase
        exception = kwargs.get("exc_info", (None, None))[1]
        if status_code < 500 and isinstance(exception, web.HTTPError) and exception.log_message:
            reason = exception.log_message % exception.args if exception.args \
                else exception.log_message
        self.clear_header("Content-Disposition")
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": {
            "code": ERROR_CODES.get(status_code, "INTERNAL" if status_code >= 500 else "ERROR"),
            "message": reason, "field": None}}))

    def compute_etag(self):
        return None  # caching is the sidecar's call, not ours
