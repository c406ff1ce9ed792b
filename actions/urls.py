from .views import calendar, plan, reminders, reviews, workshop

urlpatterns = (
    workshop.urlpatterns + plan.urlpatterns + calendar.urlpatterns + reminders.urlpatterns + reviews.urlpatterns
)
