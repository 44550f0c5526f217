"""The Ukrainian catalogues: one per app (`nsatu/<app>/locale/uk/LC_MESSAGES/django.po`) and one for the shared
templates (`nsatu/locale`).

    python scripts/messages.py update [--app NAME]  # extract the strings, keeping what is translated
    python scripts/messages.py check    # fail on any string that is untranslated, fuzzy or not yet extracted,
                                        # or translated differently in two catalogues
    python scripts/messages.py compile  # the .mo files Django reads (msgfmt, from Debian's gettext)

`check` extracts into the catalogues, reads msgfmt's statistics and puts the files back as they were, so a
string added to a template without its translation fails `make test` without changing the tree.

Django merges every catalogue of a language into one (LOCALE_PATHS first, then the apps in INSTALLED_APPS
order), so one msgid translated two ways in two apps shows one app the other's wording. `check` fails on
that too: the same meaning gets the same words everywhere, and a word meaning two things in English ("Record"
the noun and the verb) gets a context (`pgettext`, `{% translate "Record" context "verb" %}`).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections import defaultdict
from contextlib import chdir
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NSATU = ROOT / "nsatu"
LANGUAGE = "uk"
# Apps with no user-facing text of their own.
SKIPPED = {"engine", "static", "templates", "locale", "api", "__pycache__"}
STATS = re.compile(
    r"(?:(\d+) translated messages?)?(?:, )?(?:(\d+) fuzzy translations?)?(?:, )?"
    r"(?:(\d+) untranslated messages?)?"
)


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("NSATU_ENV", "test")
    import django

    django.setup()


def apps() -> list[Path]:
    return sorted(
        p
        for p in NSATU.iterdir()
        if p.is_dir() and p.name not in SKIPPED and (p / "apps.py").exists()
    )


def catalogues() -> list[Path]:
    return [NSATU / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"] + [
        app / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po" for app in apps()
    ]


def update(only: str | None = None) -> None:
    """Extract into every catalogue, or only into `only` (an app's name, or "shared" for nsatu/locale)."""
    _setup()
    from django.core.management import call_command
    from django.test import override_settings

    options = {"locale": [LANGUAGE], "no_obsolete": True, "no_location": True, "verbosity": 0}
    for app in apps():
        if only not in (None, app.name):
            continue
        (app / "locale").mkdir(exist_ok=True)
        # An app's strings go to its own catalogue: without LOCALE_PATHS makemessages writes to ./locale.
        with override_settings(LOCALE_PATHS=[]), chdir(app):
            call_command("makemessages", ignore_patterns=["locale/*", "migrations/*"], **options)
    # The shared templates and the command line: everything under nsatu/ that is not an app.
    with chdir(NSATU):
        if only not in (None, "shared"):
            return _tidy_all()
        ignored = [f"{app.name}/*" for app in apps()] + ["engine/*", "locale/*"]
        call_command("makemessages", ignore_patterns=ignored, **options)
    _tidy_all()


def _tidy_all() -> None:
    for po in catalogues():
        if po.exists():
            _tidy_header(po)


HEADER = {
    "Project-Id-Version": "nsatu",
    "POT-Creation-Date": "2026-12-07 00:00+0000",  # fixed, so that extracting again changes no line
    "PO-Revision-Date": "2026-12-07 00:00+0000",
    "Last-Translator": "nsatu project <nsatu@example.invalid>",
    "Language-Team": "Ukrainian <nsatu@example.invalid>",
    "Language": LANGUAGE,
}


def _tidy_header(po: Path) -> None:
    """makemessages writes a fuzzy template header, which msgfmt would drop with its plural forms."""
    text = po.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n\n")
    head = re.sub(r"\A(#.*\n)+", "# Ukrainian translation of nsatu.\n", head)
    for key, value in HEADER.items():
        head = re.sub(rf'"{key}: [^"]*\\n"', f'"{key}: {value}\\\\n"', head)
    po.write_text(head + sep + rest, encoding="utf-8")


def _statistics(po: Path) -> tuple[int, int, int]:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{po.relative_to(ROOT)}: msgfmt --check failed:\n{done.stderr}")
    m = STATS.search(done.stderr.strip())
    assert m is not None
    return tuple(int(g or 0) for g in m.groups())  # type: ignore[return-value]


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')

# (context, msgid, msgid_plural) -> the translation (one string, or the plural forms)
Key = tuple[str | None, str, str | None]


def entries(po: Path) -> dict[Key, tuple[str, ...]]:
    """The translated entries of a catalogue (the header, obsolete and fuzzy entries left out)."""
    found: dict[Key, tuple[str, ...]] = {}
    fields: dict[str, str] = {}
    fuzzy = False
    field = ""

    def close() -> None:
        nonlocal fields, fuzzy
        if fields.get("msgid") and not fuzzy:
            key = (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
            found[key] = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
        fields, fuzzy = {}, False

    for line in po.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            close()
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif m := _KEYWORD.match(line):
            if m.group(1) in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
                close()
            field = m.group(1)
            fields[field] = ast.literal_eval(m.group(2))
        elif line.startswith('"') and field:
            fields[field] += ast.literal_eval(line)
    close()
    return found


def inconsistencies(pos: list[Path]) -> list[str]:
    """Each msgid (with its context) that two catalogues translate differently, with where each reading is."""
    readings: dict[Key, dict[tuple[str, ...], list[str]]] = defaultdict(lambda: defaultdict(list))
    for po in pos:
        if po.exists():
            name = po.parents[3].name if po.parents[3] != NSATU else "shared"
            for key, msgstr in entries(po).items():
                readings[key][msgstr].append(name)
    problems = []
    for (context, msgid, _plural), seen in sorted(readings.items(), key=lambda kv: kv[0][1]):
        if len(seen) > 1:
            label = f"{context} | {msgid!r}" if context else repr(msgid)
            problems.append(f"{label} is translated {len(seen)} ways:")
            for msgstr, where in seen.items():
                problems.append(f"    {' / '.join(msgstr)!r} in {', '.join(where)}")
    return problems


def check() -> int:
    before = {po: po.read_bytes() for po in catalogues() if po.exists()}
    differing: list[str] = []
    try:
        update()
        problems = []
        for po in catalogues():
            if not po.exists():
                continue
            translated, fuzzy, untranslated = _statistics(po)
            if fuzzy or untranslated:
                problems.append(
                    f"{po.relative_to(ROOT)}: {untranslated} untranslated, {fuzzy} fuzzy "
                    f"({translated} translated)"
                )
        differing = inconsistencies(catalogues())
    finally:
        for po in catalogues():
            if po in before:
                po.write_bytes(before[po])
            elif po.exists():
                po.unlink()
    if problems:
        print(
            "Ukrainian catalogues incomplete (python scripts/messages.py update, then translate):"
        )
        print("\n".join(problems))
        return 1
    if differing:
        print(
            "One msgid translated differently in two catalogues (Django shows one app the other's words): "
            "use one translation, or give the homonym a context (pgettext, translate ... context ...):"
        )
        print("\n".join(differing))
        return 1
    print(f"Ukrainian catalogues complete: {len(before)} files, 0 untranslated, 0 fuzzy")
    return 0


def compile_() -> None:
    for po in catalogues():
        if po.exists():
            subprocess.run(
                ["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True
            )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        only = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--app" else None
        update(only)
    elif command == "check":
        sys.exit(check())
    elif command == "compile":
        compile_()
    else:
        sys.exit(__doc__)
