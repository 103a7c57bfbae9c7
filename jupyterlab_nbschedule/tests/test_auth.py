"""Every proxied route needs an authenticated, authorized Jupyter user."""
import json

import pytest
from jupyter_server.auth import AllowAllAuthorizer

from .conftest import server_config

VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
PATHS = ["status", "schedules", "schedules/abc/run", "runs/r1/outputs/executed.html"]


@pytest.fixture
def jp_server_config(fake_sidecar):
    return server_config(sidecar_url=fake_sidecar.url, sidecar_token=fake_sidecar.token)


def our_routes(web_app):
    rules = []
    for router in (web_app.default_router, web_app.wildcard_router):
        for rule in router.rules:
            rules.extend(getattr(rule.target, "rules", [rule]))
    return [rule for rule in rules if "nbschedule" in str(rule.matcher.regex.pattern)]


def test_every_route_of_the_extension_is_decorated_as_authenticated(jp_serverapp):
    # The extension template's check_auth, as a test: Jupyter's own check finds no verb without
    # @tornado.web.authenticated on any of our routes.
    routes = our_routes(jp_serverapp.web_app)
    assert routes, "the extension registered no nbschedule route"
    for rule in routes:
        assert jp_serverapp.web_app._check_handler_auth(rule.matcher, rule.target) == []


@pytest.mark.parametrize("verb", VERBS)
async def test_an_unauthenticated_request_is_refused_and_never_reaches_the_sidecar(
        api, fake_sidecar, verb):
    for path in PATHS:
        response = await api(verb, path, body=b"{}" if verb in ("POST", "PUT", "PATCH") else None,
                             auth=False)
        assert response.code in (401, 403), (verb, path, response.code)
        assert json.loads(response.body)["error"]["code"] in ("UNAUTHENTICATED", "FORBIDDEN")
    assert fake_sidecar.received == []


async def test_a_wrong_jupyter_token_is_refused(api, fake_sidecar):
    response = await api("GET", "schedules", headers={"Authorization": "token not-the-token"})
    assert response.code == 403
    assert fake_sidecar.received == []


async def test_a_post_with_a_cookie_but_no_xsrf_token_is_refused(api, fake_sidecar):
    # Browsers send cookies by themselves; without the XSRF token a cross-site POST must fail.
    response = await api("POST", "schedules", body={}, auth=False,
                         headers={"Cookie": "username-127-0-0-1=whatever"})
    assert response.code == 403
    assert fake_sidecar.received == []


class DenyNBSchedule(AllowAllAuthorizer):
    """Lets the user do everything except touch the nbschedule resource."""

    def is_authorized(self, handler, user, action, resource):
        return resource != "nbschedule"


class TestAuthorization:
    @pytest.fixture
    def jp_server_config(self, fake_sidecar):
        config = server_config(sidecar_url=fake_sidecar.url, sidecar_token=fake_sidecar.token)
        config["ServerApp"]["authorizer_class"] = DenyNBSchedule
        return config

    @pytest.mark.parametrize("verb", VERBS)
    async def test_an_authenticated_user_without_the_nbschedule_permission_is_refused(
            self, api, fake_sidecar, verb):
        response = await api(verb, "schedules", body=b"{}" if verb != "GET" and verb != "DELETE" else None)
        assert response.code == 403
        assert fake_sidecar.received == []
