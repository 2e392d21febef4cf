from django.urls import path

from deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("", views.deadline_list, name="deadline_list"),
    path("calendar/", views.deadline_calendar, name="calendar"),
    path("preferences/", views.preferences, name="preferences"),
    path("subscribe/", views.calendar_feed, name="calendar_feed"),
    path("subscribe/rotate/", views.calendar_feed_rotate, name="calendar_feed_rotate"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
