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


_HEADER = None


def decompose_echo(body: dict, merge: bool = False) -> str:
    """A plausible answer to prompts/decompose_refine.v1.j2: the rules' kept sentences (and every one
    with a target) as rows, each with the first candidate unit; merge=True joins each pair of
    adjacent kept sentences of one line into one row."""
    import re

    global _HEADER
    _HEADER = _HEADER or re.compile(r"^\[S(\d+)\] 第(\S+?)行｜.*?规则：(保留|略去)(｜含指标)?(?:｜候选牵头单位：(.*))?$")
    lines = next(m for m in body["messages"] if m["role"] == "user")["content"].splitlines()  # the prompt, also in a repair turn
    rows: list[dict] = []
    last_line = None
    for header, text in zip(lines, lines[1:]):
        m = _HEADER.match(header)
        if not m or (m.group(3) != "保留" and not m.group(4)):
            continue
        sid, where, units = int(m.group(1)), m.group(2), m.group(5)
        first = re.sub(r"（[\d.]+）$", "", units.split("、")[0]) if units else None
        if merge and rows and last_line == where and rows[-1]["segments"][-1] == sid - 1 and len(rows[-1]["segments"]) == 1:
            rows[-1]["segments"].append(sid)
            rows[-1]["content"] += text
        else:
            rows.append({"segments": [sid], "content": text, "lead_units": [first] if first else []})
        last_line = where
    return json.dumps({"rows": rows}, ensure_ascii=False)
