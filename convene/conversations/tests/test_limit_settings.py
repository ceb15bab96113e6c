"""Every limit on taking part is read from the environment, and a bad value stops start-up."""

from pathlib import Path

from convene.core.tests.test_settings_from_env import run_convene

LIMITS = {
    "PARTICIPANTS_PER_ADDRESS_PER_HOUR": "11",
    "ROOM_PARTICIPANTS_PER_ADDRESS_PER_HOUR": "1200",
    "STATEMENTS_PER_ADDRESS_PER_HOUR": "13",
    "ROOM_STATEMENTS_PER_ADDRESS_PER_HOUR": "1400",
    "STATEMENTS_PER_PARTICIPANT_PER_MINUTE": "3",
    "STATEMENTS_PER_PARTICIPANT_PER_HOUR": "16",
    "VOTES_PER_PARTICIPANT_PER_MINUTE": "17",
    "UNMODERATED_STATEMENT_AUDIENCE": "0",
}


def test_each_limit_comes_from_its_variable(tmp_path: Path) -> None:
    code = "from django.conf import settings as s;" + "".join(
        f"print(s.{name});" for name in LIMITS
    )

    result = run_convene("shell", "--no-imports", "-c", code, env=LIMITS, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == list(LIMITS.values())


def test_a_limit_that_is_not_a_number_stops_start_up(tmp_path: Path) -> None:
    env = {"VOTES_PER_PARTICIPANT_PER_MINUTE": "thirty"}

    result = run_convene("check", env=env, cwd=tmp_path)

    assert result.returncode != 0
    assert "VOTES_PER_PARTICIPANT_PER_MINUTE" in result.stderr
