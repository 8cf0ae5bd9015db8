from django.urls import path

from regimens import views

urlpatterns = [
    path("", views.regimen_list, name="regimen-list"),
    path("<slug:slug>/", views.regimen_detail, name="regimen-detail"),
    path("<slug:slug>/v<int:version>/", views.regimen_version, name="regimen-version"),
]
