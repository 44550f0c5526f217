import os
import secrets
import subprocess
import sys

from django.conf import settings


def _check(env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NSATU_")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    done = _check(
        {
            "NSATU_ENV": "production",
            "NSATU_SECRET_KEY": secrets.token_urlsafe(60),
            "NSATU_ALLOWED_HOSTS": "nsatu.example",
        }
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_its_own_secret_key():
    done = _check({"NSATU_ENV": "production", "NSATU_ALLOWED_HOSTS": "nsatu.example"})
    assert done.returncode != 0
    assert "NSATU_SECRET_KEY is required" in done.stderr


def test_production_requires_a_second_factor_for_coordinators():
    env = {k: v for k, v in os.environ.items() if not k.startswith("NSATU_")}
    env.update(
        {
            "NSATU_ENV": "production",
            "NSATU_SECRET_KEY": secrets.token_urlsafe(60),
            "NSATU_ALLOWED_HOSTS": "nsatu.example",
        }
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.NSATU_REQUIRE_OTP)",
        ],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "True", done.stderr
