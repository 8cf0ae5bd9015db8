"""Education URLs, included at the root (before /regimens/<slug>/, which the general page's
address would otherwise match)."""

from django.urls import path

from regimens.education import views

urlpatterns = [
    path("regimens/about-imiquimod/", views.about_imiquimod, name="about-imiquimod"),
    path("questions/", views.question_list, name="question-list"),
    path("questions/<slug:slug>/", views.question_detail, name="question-detail"),
    path("editorial-policy/", views.editorial_policy, name="editorial-policy"),
    path("reader/", views.choose_reader, name="reader-choose"),
    path("education/preview/<int:pk>/", views.preview, name="education-preview"),
]
