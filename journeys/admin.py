from django.contrib import admin

from . import models


@admin.register(models.Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "archetype", "team"]
    list_filter = ["team"]
    search_fields = ["name", "archetype", "description", "team__name"]
    list_select_related = ["team"]


class StageInline(admin.TabularInline):
    model = models.Stage
    extra = 0
    fields = ["position", "name", "customer_goal"]


@admin.register(models.Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "persona", "template", "ideal_of", "created_at"]
    list_filter = ["template", "created_at", "team"]
    search_fields = ["title", "customer_goal", "team__name", "persona__name"]
    list_select_related = ["team", "persona", "ideal_of"]
    raw_id_fields = ["persona", "ideal_of"]
    inlines = [StageInline]


class TouchpointInline(admin.TabularInline):
    model = models.Touchpoint
    extra = 0
    fields = ["position", "name", "channel", "category", "media", "lane", "importance", "moment_of_truth",
              "target_emotion"]


@admin.register(models.Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "journey", "position"]
    search_fields = ["name", "journey__title"]
    list_select_related = ["journey"]
    raw_id_fields = ["journey"]
    inlines = [TouchpointInline]


@admin.register(models.Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "channel", "category", "media", "lane", "importance", "moment_of_truth"]
    list_filter = ["channel", "category", "media", "lane", "moment_of_truth", "importance"]
    search_fields = ["name", "stage__name", "stage__journey__title"]
    list_select_related = ["stage"]
    raw_id_fields = ["stage", "source"]


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "value", "unit", "source", "journey", "stage", "touchpoint"]
    list_filter = ["kind", "source"]
    search_fields = ["metric", "quote", "source_detail", "journey__title"]
    list_select_related = ["journey", "stage", "touchpoint"]
    raw_id_fields = ["journey", "stage", "touchpoint"]


@admin.register(models.Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "touchpoint", "participant", "created_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["text", "touchpoint__name"]
    list_select_related = ["touchpoint", "participant"]
    raw_id_fields = ["touchpoint", "participant"]


@admin.register(models.Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "journey", "kind", "taken_on"]
    list_filter = ["kind", "taken_on"]
    search_fields = ["label", "journey__title"]
    list_select_related = ["journey"]
    raw_id_fields = ["journey"]


@admin.register(models.EmotionRating)
class EmotionRatingAdmin(admin.ModelAdmin):
    list_display = ["touchpoint", "participant", "score", "measurement", "updated_at"]
    list_filter = ["score", "measurement__kind"]
    search_fields = ["touchpoint__name", "participant__display_name", "comment"]
    list_select_related = ["touchpoint", "participant", "measurement"]
    raw_id_fields = ["touchpoint", "participant", "measurement"]


@admin.register(models.Gap)
class GapAdmin(admin.ModelAdmin):
    list_display = ["problem", "journey", "origin", "created_at"]
    list_filter = ["origin", "created_at"]
    search_fields = ["problem", "description", "journey__title"]
    list_select_related = ["journey"]
    raw_id_fields = ["journey"]
    filter_horizontal = ["touchpoints"]


@admin.register(models.GapVote)
class GapVoteAdmin(admin.ModelAdmin):
    list_display = ["gap", "participant", "dots"]
    search_fields = ["gap__problem", "participant__display_name"]
    list_select_related = ["gap", "participant"]
    raw_id_fields = ["gap", "participant"]


@admin.register(models.ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """The report PDFs the workers made: deleting one makes the next download build it again."""

    list_display = ["filename", "workshop", "language", "state", "requested_at", "finished_at", "build_seconds"]
    list_filter = ["state", "language"]
    search_fields = ["filename", "workshop__title"]
    list_select_related = ["workshop"]
    raw_id_fields = ["workshop"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("pdf", "html", "pictures")  # megabytes each
