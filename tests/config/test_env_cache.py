import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_cache


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://nsatu", "django.core.cache.backends.locmem.LocMemCache", "nsatu"),
        (
            "file:///srv/nsatu/cache",
            "django.core.cache.backends.filebased.FileBasedCache",
            "/srv/nsatu/cache",
        ),
        ("db://nsatu_cache", "django.core.cache.backends.db.DatabaseCache", "nsatu_cache"),
        (
            "redis://10.0.0.5:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://10.0.0.5:6379/1",
        ),
    ],
)
def test_a_cache_url_names_its_backend(
    monkeypatch: pytest.MonkeyPatch, url: str, backend: str, location: str
) -> None:
    monkeypatch.setenv("NSATU_CACHE_URL", url)
    assert env_cache("NSATU_CACHE_URL", "locmem://x") == {"BACKEND": backend, "LOCATION": location}


@pytest.mark.parametrize("url", ["memcached://h:1", "locmem", "file://", "db://"])
def test_a_bad_cache_url_stops_start_up_with_its_name(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("NSATU_CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="NSATU_CACHE_URL"):
        env_cache("NSATU_CACHE_URL", "locmem://x")
