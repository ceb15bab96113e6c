"""The `convene` console command: Django's manage.py under the project's own name."""

import contextlib
import os
import sys

# Django names commands after their modules, which can't hold hyphens; the documented
# spellings are hyphenated.
ALIASES = {
    "import-polis": "import_polis",
    "export-polis": "export_polis",
    "opinion-map": "opinion_map",
    "membership-reminders": "membership_reminders",
    "alert-moderators": "alert_moderators",
    "erase-expired": "erase_expired",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
    if len(sys.argv) > 1:
        sys.argv[1] = ALIASES.get(sys.argv[1], sys.argv[1])
    if sys.argv[1:2] == ["demo"]:
        # The demo speaks as its fictional organisation unless SITE_NAME says otherwise;
        # settings are read once, so this has to be decided before Django starts.
        from convene.core.demo_identity import DEMO_SITE_NAME

        os.environ.setdefault("SITE_NAME", DEMO_SITE_NAME)
        # Emailed links and the QR codes on the live wall point at the address being served.
        from convene.core.serving import parse_address

        address = next((arg for arg in sys.argv[2:] if not arg.startswith("-")), "")
        with contextlib.suppress(
            ValueError
        ):  # the command itself reports a bad address
            host, port = parse_address(address)
            os.environ.setdefault("SITE_URL", f"http://{host}:{port}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
