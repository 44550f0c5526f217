"""`nsatu token create USERNAME --name NAME` and `nsatu token revoke PREFIX`: API tokens from the shell."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nsatu.accounts.models import TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX, TokenScope
from nsatu.accounts.otp import WRONG_CODE
from nsatu.accounts.selectors import user_by_username
from nsatu.accounts.services import api_token_issue, api_token_revoke_matching
from nsatu.core.errors import ValidationError
from nsatu.core.web import error_text

RAW_PREFIX = "nsatu_"
PREFIX_LENGTH = 8


class Command(BaseCommand):
    help = _("Create or revoke API tokens. The raw token is printed once and never stored.")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,revoke}")
        create = actions.add_parser("create", help=_("issue a token to a user and print it once"))
        create.add_argument("username")
        create.add_argument(
            "--name", required=True, help=_("what the token is for, e.g. 'planning script'")
        )
        create.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.WRITE,
            help=_("read: the token may only read; write (default): read and write"),
        )
        create.add_argument(
            "--days",
            type=int,
            default=TOKEN_DAYS_DEFAULT,
            help=_("how long the token works, 1 to %(max)s days (default %(default)s)")
            % {"max": TOKEN_DAYS_MAX, "default": TOKEN_DAYS_DEFAULT},
        )
        create.add_argument(
            "--totp",
            default="",
            metavar="CODE",
            help=_(
                "the current code of the user's authenticator app; a coordinator's token needs it "
                "when NSATU_REQUIRE_OTP is on"
            ),
        )
        revoke = actions.add_parser(
            "revoke", help=_("revoke a token by the prefix shown when it was created")
        )
        # The 8 characters may begin with "-", which argparse would read as an option; "nsatu_" before them is safe.
        revoke.add_argument(
            "prefix",
            help=_("the prefix printed at creation (nsatu_ and 8 characters), or the whole token"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self._create(
                username=options["username"],
                name=options["name"],
                scope=options["scope"],
                days=options["days"],
                totp=options["totp"],
            )
        else:
            self._revoke(prefix=options["prefix"])

    def _create(self, *, username: str, name: str, scope: str, days: int, totp: str) -> None:
        if not name.strip():
            raise CommandError(_("--name must not be empty: say what the token is for."))
        user = user_by_username(username=username)
        if user is None:
            raise CommandError(_("No user %(u)s.") % {"u": username})
        if not user.is_active:
            raise CommandError(
                _("User %(u)s is inactive; an API token would not work.") % {"u": username}
            )
        try:
            issued = api_token_issue(
                actor=user, name=name.strip(), scope=scope, valid_days=days, totp=totp
            )
        except ValidationError as exc:
            raise CommandError(error_text(exc)) from exc
        if issued is None:
            raise CommandError(str(WRONG_CODE))
        token, raw = issued
        self.stdout.write(raw)
        self.stderr.write(
            _(
                "Token %(name)s (prefix %(prefix)s) for %(user)s, valid until %(until)s. It is shown "
                "only now: store it safely."
            )
            % {
                "name": token.name,
                "prefix": RAW_PREFIX + token.prefix,
                "user": username,
                "until": f"{token.expires_at:%Y-%m-%d %H:%M} UTC",
            }
        )

    def _revoke(self, *, prefix: str) -> None:
        value = prefix.strip()
        if value.startswith(RAW_PREFIX) and len(value) > len(RAW_PREFIX) + PREFIX_LENGTH:
            lookup = {"raw": value}
        else:
            value = value.removeprefix(RAW_PREFIX)
            if len(value) != PREFIX_LENGTH:
                raise CommandError(
                    _("A token prefix has 8 characters; %(p)r has %(n)s.")
                    % {"p": value, "n": len(value)}
                )
            lookup = {"prefix": value}
        try:
            token = api_token_revoke_matching(**lookup)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _("Revoked %(token)s of %(user)s.") % {"token": token, "user": token.user.username}
        )
