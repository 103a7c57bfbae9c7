"""A sidecar that cannot be reached answers 503 with the API's error body, naming why."""
import json
import socket

import pytest

from .conftest import server_config


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once the socket is closed


@pytest.fixture
def jp_server_config():
    return server_config(sidecar_url=f"http://127.0.0.1:{closed_port()}", sidecar_token="t")


@pytest.mark.parametrize("verb,path", [("GET", "status"), ("GET", "schedules"),
                                       ("POST", "schedules"), ("DELETE", "schedules/x")])
async def test_a_dead_sidecar_answers_503_with_the_reason(api, verb, path):
    response = await api(verb, path, body={} if verb == "POST" else None)
    assert response.code == 503
    assert response.headers["Content-Type"] == "application/json"
    body = json.loads(response.body)
    assert body["error"]["code"] == "SIDECAR_UNAVAILABLE"
    assert body["error"]["field"] is None
    assert "could not reach it" in body["error"]["message"]
    assert body["sidecar"] == {"state": "external", "restarts": 0, "reason": None}


class TestUrlWithoutToken:
    @pytest.fixture
    def jp_server_config(self):
        return server_config(sidecar_url="http://127.0.0.1:1", sidecar_token="")

    async def test_a_url_without_a_token_is_a_configuration_error_named_in_the_503(self, api):
        response = await api("GET", "status")
        assert response.code == 503
        body = json.loads(response.body)
        assert "NBSCHEDULE_TOKEN is not" in body["error"]["message"]
        assert "NBSCHEDULE_TOKEN is not" in body["sidecar"]["reason"]
