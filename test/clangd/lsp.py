"""A minimal Language Server Protocol client for testing kthread-clangd.

It talks JSON-RPC over the server's stdin/stdout, as an editor does, and
every wait has a deadline, so a server that hangs or dies fails the test
instead of blocking it. Python standard library only.
"""

import json
import os
import queue
import subprocess
import threading
import time
import urllib.parse
import urllib.request


class LspError(Exception):
    pass


def file_uri(path):
    return urllib.parse.urljoin("file:", urllib.request.pathname2url(
        os.path.abspath(path)))


def _read_message(stream):
    """Reads one framed message; None at end of stream."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    if length is None:
        raise LspError("message without Content-Length")
    return json.loads(stream.read(length).decode("utf-8"))


class Client:
    """One server process and the messages it sent that nobody took yet."""

    def __init__(self, command, log_path, env=None, cwd=None):
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log,
                                     env=env, cwd=cwd)
        self.log_path = log_path
        self.inbox = queue.Queue()
        self.next_id = 1
        # uri -> list of publishDiagnostics params, oldest first.
        self.diagnostics = {}
        reader = threading.Thread(target=self._read_all, daemon=True)
        reader.start()

    def _read_all(self):
        try:
            while True:
                message = _read_message(self.proc.stdout)
                self.inbox.put(message)
                if message is None:
                    return
        except Exception as error:  # A broken frame ends the session.
            self.inbox.put(error)

    def _send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self._send({"method": method, "params": params})

    def _answer_server_request(self, message):
        # Editors answer these; clangd only needs a well-formed reply.
        if message["method"] == "workspace/configuration":
            result = [None] * len(message["params"]["items"])
        else:
            result = None
        self._send({"id": message["id"], "result": result})

    def _take(self, deadline, what):
        """Handles the next message; returns it (None for a server request)."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LspError("timed out waiting for %s (server log: %s)" %
                           (what, self.log_path))
        try:
            message = self.inbox.get(timeout=remaining)
        except queue.Empty:
            raise LspError("timed out waiting for %s (server log: %s)" %
                           (what, self.log_path))
        if message is None:
            raise LspError("server exited (status %s) while waiting for %s; "
                           "log: %s" % (self.proc.poll(), what, self.log_path))
        if isinstance(message, Exception):
            raise LspError("unreadable message from server: %s" % message)
        if "method" in message and "id" in message:
            self._answer_server_request(message)
            return None
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics.setdefault(params["uri"], []).append(params)
        return message

    def request(self, method, params, timeout):
        request_id = self.next_id
        self.next_id += 1
        self._send({"id": request_id, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._take(deadline, "the reply to " + method)
            if message and message.get("id") == request_id:
                if "error" in message:
                    raise LspError("%s failed: %s" % (method, message["error"]))
                return message.get("result")

    def wait_diagnostics(self, uri, version, timeout):
        """The first diagnostics published for this version of a document."""
        deadline = time.monotonic() + timeout
        while True:
            for params in self.diagnostics.get(uri, []):
                if params.get("version") == version:
                    return params["diagnostics"]
            self._take(deadline, "diagnostics of %s version %d" % (uri, version))

    def shutdown(self, timeout=30):
        try:
            self.request("shutdown", None, timeout)
            self.notify("exit", None)
            self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.log.close()


# What an editor with diagnostics and quick fixes announces.
CLIENT_CAPABILITIES = {
    "textDocument": {
        "publishDiagnostics": {"relatedInformation": True,
                               "versionSupport": True,
                               "codeDescriptionSupport": True},
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
            "valueSet": ["quickfix", "refactor", "source"]}}},
        "synchronization": {"didSave": True},
    },
    "workspace": {"configuration": True},
}


def start_session(command, root, log_path, env=None, timeout=60):
    client = Client(command, log_path, env=env, cwd=root)
    client.request("initialize", {
        "processId": os.getpid(),
        "rootUri": file_uri(root),
        "capabilities": CLIENT_CAPABILITIES,
    }, timeout)
    client.notify("initialized", {})
    return client


def open_document(client, path, text, version=1):
    uri = file_uri(path)
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "c", "version": version, "text": text}})
    return uri


def change_document(client, uri, text, version):
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}]})


def _offset(text, position):
    """The string index of an LSP position (line, UTF-16 code units)."""
    lines = text.split("\n")
    index = sum(len(line) + 1 for line in lines[:position["line"]])
    units = 0
    for char in lines[position["line"]]:
        if units >= position["character"]:
            break
        units += 2 if ord(char) > 0xFFFF else 1
        index += 1
    return index


def apply_edits(text, edits):
    """Applies non-overlapping TextEdits, as an editor does."""
    spans = sorted(((_offset(text, e["range"]["start"]),
                     _offset(text, e["range"]["end"]), e["newText"])
                    for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def workspace_edits(edit, uri):
    """The TextEdits a WorkspaceEdit makes to one document."""
    edits = list(edit.get("changes", {}).get(uri, []))
    for change in edit.get("documentChanges", []):
        if change.get("textDocument", {}).get("uri") == uri:
            edits.extend(change["edits"])
    return edits
