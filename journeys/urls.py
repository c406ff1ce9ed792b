from .views import data, emotions, gaps, ideal, pictures, report, scope, touchpoints

urlpatterns = (
    scope.urlpatterns + data.urlpatterns + touchpoints.urlpatterns + emotions.urlpatterns + ideal.urlpatterns
    + gaps.urlpatterns + pictures.urlpatterns + report.urlpatterns
)
