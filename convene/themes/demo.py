from convene.themes.services import create_theme

DEMO_THEMES = [
    (
        "Community wealth building",
        "Keeping money, land and ownership working for the places where people live.",
    ),
    (
        "Health and wellbeing",
        "Community action that keeps people well: social prescribing, food, green space, mutual aid.",
    ),
    (
        "Young people",
        "Youth work, apprenticeships and making sure young people are heard in local decisions.",
    ),
    (
        "Climate and nature",
        "Local action on energy, transport, flooding and nature recovery.",
    ),
    (
        "Local democracy",
        "How residents take part in decisions: forums, assemblies, devolution deals.",
    ),
    (
        "Volunteering",
        "Recruiting, supporting and thanking the volunteers who keep community groups running.",
    ),
]


def load_themes_demo() -> str:
    for name, explanation in DEMO_THEMES:
        create_theme(name, explanation=explanation)
    return f"{len(DEMO_THEMES)} themes"
