"""Safe by default: loopback unless told, bearer tokens, no key ever echoed, a light `--help`."""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.errors import ConfigError
from summarizer.server.config import ServerConfig, is_loopback
from tests.conftest import ROOT
from tests.fault_server import FaultServer
from tests.server_support import SERVE, ServerProcess, fault_model_args, free_port, short_document

# Built at run time, so no secret-shaped literal sits in the repository.
TOKEN_A = "token-a-" + secrets.token_hex(8)
TOKEN_B = "token-b-" + secrets.token_hex(8)
API_KEY = "never-shown-" + secrets.token_hex(8)


def test_binding_beyond_loopback_needs_a_token(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            *SERVE,
            "--host",
            "0.0.0.0",
            "--port",
            str(free_port()),
            "--model",
            "m",
            "--queue",
            f"sqlite:///{tmp_path}/q.db",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "bearer token" in run.stderr
    assert ServerConfig(host="0.0.0.0", tokens=(TOKEN_A,)).checked().auth_required
    with pytest.raises(ConfigError, match="16 characters"):
        ServerConfig(tokens=("short",)).checked()
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")


def test_tokens_are_required_and_jobs_belong_to_their_token(
    tmp_path: Path, fault_server: FaultServer
) -> None:
    env = {"SUMMARIZER_SERVER_TOKENS": f"{TOKEN_A},{TOKEN_B}", "OPENAI_API_KEY": "k"}
    with ServerProcess(tmp_path, *fault_model_args(fault_server.base_url), env=env, token=TOKEN_A) as server:
        anonymous = server.client.post("/v1/briefs", json={"text": "x"}, headers={"authorization": ""})
        wrong = server.client.get("/metrics", headers={"authorization": "Bearer " + TOKEN_A[:-1] + "X"})
        assert anonymous.status_code == wrong.status_code == 401
        assert anonymous.headers["www-authenticate"].startswith("Bearer")
        assert server.client.get("/healthz").status_code == 200
        assert "id='token'" in server.client.get("/", headers={"authorization": ""}).text
        job_id = server.submit(short_document("owned"))
        assert server.wait_for(job_id)["state"] == "done"
        other = {"authorization": f"Bearer {TOKEN_B}"}
        assert server.client.get(f"/v1/jobs/{job_id}", headers=other).status_code == 404
        assert server.client.delete(f"/v1/jobs/{job_id}", headers=other).status_code == 404
        assert server.client.get("/metrics").status_code == 200


def test_keys_and_tokens_are_never_echoed(tmp_path: Path, fault_server: FaultServer) -> None:
    """The model server refuses the key; nothing the service answers or logs contains it."""
    env = {"SUMMARIZER_SERVER_TOKENS": TOKEN_A, "OPENAI_API_KEY": API_KEY}
    seen: list[str] = []
    with ServerProcess(tmp_path, *fault_model_args(fault_server.base_url), env=env, token=TOKEN_A) as server:
        refused = short_document("refused", "[[fault:401]]")
        sync = server.client.post("/v1/briefs", json={"text": refused})
        assert sync.status_code == 502 and "key" in sync.json()["detail"]
        job = server.wait_for(server.submit(short_document("refused job", "[[fault:401]]")))
        assert job["state"] == "failed"
        bad_token = server.client.get("/metrics", headers={"authorization": f"Bearer {TOKEN_A}x"})
        for response in (sync, bad_token, server.client.get(f"/v1/jobs/{job['id']}/brief")):
            seen += [response.text, str(response.headers)]
        for path in ("/metrics", "/readyz", "/openapi.json", "/", f"/v1/jobs/{job['id']}"):
            seen.append(server.client.get(path).text)
        seen.append(str(job))
    seen.append(server.log())
    assert fault_server.log.outcomes["401"] == 2
    for text in seen:
        assert API_KEY not in text and TOKEN_A not in text


def test_help_loads_neither_the_web_stack_nor_the_llm_stack() -> None:
    heavy = {"fastapi", "uvicorn", "huey", "starlette", "prometheus_client", "openai", "instructor"}
    for argv in (["summarizer", "--help"], ["summarizer", "serve", "--help"]):
        code = (
            f"import sys; sys.argv = {argv!r}\n"
            "from summarizer.cli import app\ntry: app()\nexcept SystemExit: pass\n"
            "import json; print(json.dumps(sorted(sys.modules)))"
        )
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        loaded = set(__import__("json").loads(run.stdout.strip().splitlines()[-1]))
        assert not heavy & loaded, argv
