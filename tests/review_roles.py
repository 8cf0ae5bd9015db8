"""Staff in the catalogue's groups, as the migrations make them: editors change versions,
reviewers approve them."""

from django.contrib.auth.models import Group

from factories import make_user


def make_editor(username="editor", **fields):
    user = make_user(username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name="Regimen editors"))
    return user


def make_reviewer(username="reviewer", **fields):
    user = make_user(username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name="Regimen reviewers"))
    return user
