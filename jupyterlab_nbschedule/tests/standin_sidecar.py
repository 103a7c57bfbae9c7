"""A stand-in for the Node sidecar that keeps its process contract (CONTRACTS.md): reads the
NBSCHEDULE_* environment, prints the one "listening" line, requires the bearer token, exits on
SIGTERM and, with NBSCHEDULE_EXIT_ON_STDIN_CLOSE=1, when stdin closes.

Its first argument bends it for the supervisor's failure paths:
  crash        print a log line on stderr and exit 3 before listening
  silent       never print the listening line
  stubborn     ignore SIGTERM
"""
import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

behaviour = sys.argv[1] if len(sys.argv) > 1 else ""
token = os.environ["NBSCHEDULE_TOKEN"]


def log(msg, level=30):
    print(json.dumps({"level": level, "msg": msg, "pid": os.getpid()}), file=sys.stderr, flush=True)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("Authorization") != f"Bearer {token}":
            return self.answer(401, {"error": {"code": "UNAUTHORIZED", "message": "no", "field": None}})
        if self.path == "/api/v1/status":
            return self.answer(200, {"state": "ready", "version": "0.1.0-standin",
                                     "instanceId": str(os.getpid())})
        return self.answer(404, {"error": {"code": "NOT_FOUND", "message": self.path, "field": None}})

    def answer(self, code, payload):
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if behaviour == "crash":
    log("NBSCHEDULE_DATA_DIR is not writable", level=60)
    sys.exit(3)

server = ThreadingHTTPServer((os.environ["NBSCHEDULE_HOST"], int(os.environ["NBSCHEDULE_PORT"])), Handler)
stop = threading.Event()
signal.signal(signal.SIGTERM, (lambda *_: None) if behaviour == "stubborn" else (lambda *_: stop.set()))


def watch_stdin():
    while sys.stdin.buffer.read(4096):
        pass
    stop.set()


if os.environ.get("NBSCHEDULE_EXIT_ON_STDIN_CLOSE") == "1":
    threading.Thread(target=watch_stdin, daemon=True).start()
threading.Thread(target=server.serve_forever, daemon=True).start()
if behaviour != "silent":
    host, port = server.server_address[:2]
    print(json.dumps({"event": "listening", "host": host, "port": port,
                      "version": "0.1.0-standin", "instanceId": str(os.getpid())}), flush=True)
log("started")
while not stop.wait(0.1):
    pass
log("stopping")
server.shutdown()
# os._exit: the stdin reader thread may still block in read(), which a normal exit waits on.
sys.stderr.flush()
os._exit(0)
