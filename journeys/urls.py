from .views import data, emotions, gaps, ideal, scope, touchpoints

urlpatterns = (
    scope.urlpatterns + data.urlpatterns + touchpoints.urlpatterns + emotions.urlpatterns + ideal.urlpatterns
    + gaps.urlpatterns
)
