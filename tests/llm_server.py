"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 for tests: it answers
POST /v1/chat/completions from a script (canned replies, HTTP errors, delays) and records every
request it receives. Real HTTP, real `openai` client on the other side."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional, Union

Reply = Union[str, dict]  # a string = the assistant's content; a dict = {"status", "body", "headers", "delay", "content", "usage"}


class ScriptedLLM:
    def __init__(self):
        self.script: list[Reply] = []
        self.default: Optional[Callable[[dict], str]] = None
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with server._lock:
                    server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                    reply = server.script.pop(0) if server.script else (server.default(body) if server.default else "{}")
                if isinstance(reply, str):
                    reply = {"content": reply}
                time.sleep(reply.get("delay", 0))
                status = reply.get("status", 200)
                if status == 200:
                    content = reply["content"]
                    usage = reply.get("usage", {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120})
                    payload = {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model", "m"), "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}
                    if usage is not None:
                        payload["usage"] = usage
                else:
                    payload = reply.get("body", {"error": {"message": f"scripted {status}", "type": "error"}})
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.get("headers", {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def chat_requests(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]
