from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from convene.members import membership_views, retention_views, role_views, views

app_name = "members"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.joined, name="joined"),
    path("verify/resend/", views.resend_verification, name="resend-verification"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="members/password_reset_done.html"
        ),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="members/password_reset_confirm.html",
            success_url=reverse_lazy("members:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="members/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("account/", views.account, name="account"),
    path("account/data/", views.download_data, name="download-data"),
    path("account/leave/", views.leave, name="leave"),
    path("retention/", retention_views.retention_page, name="retention"),
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
]

# Memberships (membership_views.py).
urlpatterns += [
    path("account/renew/", membership_views.renew_own, name="renew"),
    path("renew/<str:token>/", membership_views.renew_from_link, name="renew-by-link"),
]

# Roles (role_views.py).
urlpatterns += [
    path("invitation/<str:token>/", role_views.invitation, name="invitation"),
    path("account/roles/<int:pk>/alerts/", role_views.role_alerts, name="role-alerts"),
]
