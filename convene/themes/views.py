from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from convene.themes.models import Theme
from convene.themes.queries import all_themes, tagged_with


def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "themes/theme_list.html", {"themes": all_themes()})


def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    return render(
        request, "themes/theme_detail.html", {"theme": theme, **tagged_with(theme)}
    )
