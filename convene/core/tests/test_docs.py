"""Every setting and every command is documented (a test fails when one is added silently)."""

import re
from pathlib import Path

import convene

ROOT = Path(convene.__file__).resolve().parent
DOCS = ROOT.parent / "docs"


def test_every_environment_variable_is_in_the_settings_doc() -> None:
    source = (ROOT / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list|secret)\(\s*"([A-Z_]+)"', source))
    documented = (DOCS / "settings.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert names, "no env_* calls found in settings.py"
    assert not missing, f"undocumented settings: {missing}"


def test_every_management_command_is_in_the_commands_doc() -> None:
    commands = {
        path.stem
        for path in ROOT.glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    }
    documented = (DOCS / "commands.md").read_text()
    spelled = {name: {name, name.replace("_", "-")} for name in commands}
    missing = sorted(
        name
        for name, forms in spelled.items()
        if not any(f"convene {form}" in documented for form in forms)
    )
    assert commands, "no management commands found"
    assert not missing, f"undocumented commands: {missing}"
