"""Every model that holds something about a person is covered by the personal-data
registry, so "download my data", leaving and retention cannot forget it."""

from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Model

from convene.conversations.models import Participant
from convene.members.models import Member
from convene.members.registry import covered_models, declarations

PERSONS = (User, Member, Participant)


def _points_at_a_person(model: type[Model]) -> bool:
    return any(
        field.is_relation
        and field.concrete
        and (field.many_to_one or field.one_to_one)
        and field.related_model in PERSONS
        for field in model._meta.get_fields()
    )


def test_every_model_pointing_at_a_person_is_declared() -> None:
    covered = covered_models()
    forgotten = sorted(
        model._meta.label
        for model in apps.get_models()
        if _points_at_a_person(model) and model not in covered
    )

    assert not forgotten, (
        f"These models hold something about a person but no app declares them in its "
        f"personal_data.py (see convene/members/registry.py): {forgotten}"
    )


def test_the_walk_finds_the_models_it_guards() -> None:
    # If the walk found nothing, the test above would pass for nothing.
    found = {
        model._meta.label for model in apps.get_models() if _points_at_a_person(model)
    }

    assert {"members.Member", "events.Registration", "conversations.Vote"} <= found


def test_every_declaration_has_words_for_the_readme() -> None:
    for item in declarations():
        assert item.label
        assert item.explanation
        assert item.models
