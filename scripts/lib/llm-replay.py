#!/usr/bin/env python3
"""An OpenAI-compatible chat-completions server that replays recorded answers.

Usage: llm-replay.py PORT_FILE ANSWERS_DIR CORPUS.yaml...

Each request's description (the longest of the corpora's prompts that the
first user message holds, whitespace-normalised) is looked up, and
ANSWERS_DIR/<id>.json is sent back as the assistant's message, with the
token counts a real server reports. A description with no recording gets a
404. The port it listens on (127.0.0.1, chosen by the system) is written to
PORT_FILE once it accepts connections. Needs PyYAML.
"""
import http.server
import json
import os
import re
import sys

import yaml


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


port_file, answers, corpora = sys.argv[1], sys.argv[2], sys.argv[3:]
ids = {}
for path in corpora:
    for case in yaml.safe_load(open(path)):
        ids[norm(case["prompt"])] = case["id"]


class Replay(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        user = norm(next(m["content"] for m in body["messages"] if m["role"] == "user"))
        # (the description inside keel's request, whatever its wording)
        found = [(len(text), case) for text, case in ids.items() if text in user]
        case = max(found)[1] if found else None
        path = os.path.join(answers, f"{case}.json") if case else None
        if path is None or not os.path.exists(path):
            self.answer(404, {"error": {"message": "no recorded answer for this description"}})
            return
        content = open(path).read()
        prompt_tokens = sum(len(m["content"]) for m in body["messages"]) // 4
        self.answer(200, {
            "object": "chat.completion",
            "model": "recorded",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(content) // 4},
        })

    def answer(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Replay)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
