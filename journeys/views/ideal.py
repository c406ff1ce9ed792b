"""Views of the ideal step. URLs all start with w/<int:workshop_id>/ and go through workshops.access.room_for."""

urlpatterns = []
