"""The proxy passes requests and answers through, and nothing else: the allow-lists hold."""
import json

import pytest

from .conftest import extension, server_config


@pytest.fixture
def jp_server_config(fake_sidecar):
    return server_config(sidecar_url=fake_sidecar.url, sidecar_token=fake_sidecar.token,
                         max_body_bytes=1024 * 1024)


async def test_the_users_credentials_never_reach_the_sidecar_only_its_own_bearer_token(
        api, fake_sidecar):
    response = await api("POST", "schedules", body={"name": "Nightly"}, headers={
        "Content-Type": "application/json", "Accept": "application/json",
        "Cookie": "_xsrf=abc; username-127-0-0-1=session", "X-XSRFToken": "abc",
        "X-Custom": "not forwarded", "Origin": "http://127.0.0.1",
    })
    assert response.code == 201
    [seen] = fake_sidecar.received
    headers = {k.lower(): v for k, v in seen["headers"].items()}
    assert headers["authorization"] == f"Bearer {fake_sidecar.token}"
    assert api.token not in json.dumps(seen["headers"])
    assert headers["content-type"] == "application/json"
    assert headers["accept"] == "application/json"
    for dropped in ("cookie", "x-xsrftoken", "x-custom", "origin"):
        assert dropped not in headers


async def test_method_path_query_and_body_pass_through(api, fake_sidecar):
    body = {"enabled": False, "name": "Ünïcode ✓"}
    response = await api("PATCH", "schedules/s%2F1?purge=true&q=a+b", body=body,
                         headers={"Content-Type": "application/json"})
    assert response.code == 200
    [seen] = fake_sidecar.received
    assert seen["method"] == "PATCH"
    assert seen["path"] == "schedules/s/1"  # tornado decodes the path on the sidecar's side
    assert seen["query"] == "purge=true&q=a+b"
    assert json.loads(seen["body"]) == body


@pytest.mark.parametrize("verb", ["GET", "PUT", "DELETE"])
async def test_every_verb_is_forwarded(api, fake_sidecar, verb):
    response = await api(verb, "schedules/abc", body=b"{}" if verb == "PUT" else None)
    assert response.code == 200
    assert fake_sidecar.received[0]["method"] == verb


async def test_error_statuses_and_their_json_bodies_pass_through(api):
    response = await api("POST", "invalid", body={})
    assert response.code == 400
    assert json.loads(response.body) == {"error": {
        "code": "SCHEDULE_INVALID", "message": "The cron expression has 4 fields.",
        "field": "trigger.cron"}}
    assert response.headers["Content-Type"] == "application/json"


async def test_an_empty_answer_passes_through(api):
    response = await api("DELETE", "nothing")
    assert response.code == 204
    assert response.body == b""


async def test_the_content_type_of_an_empty_answer_is_kept(api):
    response = await api("GET", "empty-text")
    assert response.code == 200
    assert response.headers["Content-Type"] == "text/plain"


async def test_response_headers_outside_the_allow_list_are_dropped(api):
    response = await api("GET", "echo")
    assert response.code == 200
    assert json.loads(response.body) == {"echo": "echo"}
    assert "sidecar=" not in response.headers.get("Set-Cookie", ""), response.headers.get_list("Set-Cookie")
    assert "X-Sidecar-Internal" not in response.headers
    assert response.headers["Content-Disposition"] == 'attachment; filename="echo.json"'


async def test_html_outputs_are_served_sandboxed(api):
    response = await api("GET", "runs/r1/outputs/executed.html")
    assert response.code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "sandbox allow-scripts" in response.headers["Content-Security-Policy"]
    assert b"<script>" in response.body


async def test_a_large_output_streams_through_whole(api):
    response = await api("GET", "large")
    assert response.code == 200
    assert len(response.body) == 64 * 65536


async def test_status_merges_the_supervisors_view(api):
    response = await api("GET", "status")
    assert response.code == 200
    status = json.loads(response.body)
    assert status["state"] == "ready"
    assert status["version"] == "0.1.0"
    assert status["sidecar"] == {"state": "external", "restarts": 0, "reason": None}


async def test_a_body_over_the_limit_is_refused_before_it_reaches_the_sidecar(api, fake_sidecar):
    response = await api("POST", "import", body=b"x" * (1024 * 1024 + 1))
    assert response.code == 413
    assert json.loads(response.body)["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert fake_sidecar.received == []


async def test_a_chunked_body_over_the_limit_is_refused_too(api, fake_sidecar):
    async def produce(write):
        for _ in range(20):
            await write(b"y" * 65536)

    response = await api("POST", "import", body_producer=produce)
    assert response.code == 413
    assert fake_sidecar.received == []


async def test_dot_segments_cannot_climb_out_of_the_api(api, fake_sidecar):
    response = await api("GET", "schedules/%2E%2E/%2E%2E/metrics")
    assert response.code == 404
    assert fake_sidecar.received == []


def test_external_sidecar_means_no_process(jp_serverapp):
    assert extension(jp_serverapp).sidecar.state == "external"
