"""Views of the scope step. URLs all start with w/<int:workshop_id>/ and go through workshops.access.room_for."""

urlpatterns = []
