from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("meetings/<int:pk>/items/<int:item_id>/actions/add/", views.action_add, name="action_add"),
    path("meetings/<int:pk>/actions/<int:action_id>/remove/", views.action_remove, name="action_remove"),
]
