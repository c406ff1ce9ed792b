from .views import calendar, plan, reminders, report, reviews, workshop

app_name = "actions"

urlpatterns = (
    workshop.urlpatterns + report.urlpatterns + plan.urlpatterns + calendar.urlpatterns + reminders.urlpatterns
    + reviews.urlpatterns
)
