from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.link_list, name="link_list"),
    path("send/", views.link_send, name="link_send"),
    path("<int:pk>/revoke/", views.link_revoke, name="link_revoke"),
]
