from .views import data, emotions, gaps, ideal, pictures, scope, touchpoints, workshops

app_name = "journeys"

urlpatterns = (
    scope.urlpatterns + data.urlpatterns + touchpoints.urlpatterns + emotions.urlpatterns + ideal.urlpatterns
    + gaps.urlpatterns + pictures.urlpatterns + workshops.urlpatterns
)
