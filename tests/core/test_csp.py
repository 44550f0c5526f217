"""Every page is served with a Content-Security-Policy that runs no inline script."""

from __future__ import annotations


def test_pages_forbid_inline_script(client, coordinator):
    client.force_login(coordinator)
    for path in ("/", "/pledges/", "/accounts/login/", "/api/docs"):
        policy = client.get(path).headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
