from django.contrib import admin

from .models import (
    CalendarFeed,
    Improvement,
    ReminderLog,
    ReminderOptOut,
    Review,
    ReviewCycle,
    StatusChange,
)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["changed_at", "old_status", "new_status", "comment", "changed_by", "review"]
    readonly_fields = ["changed_at"]
    raw_id_fields = ["changed_by", "review"]


@admin.register(Improvement)
class ImprovementAdmin(admin.ModelAdmin):
    list_display = ["title", "journey", "status", "impact", "effort", "owner", "deadline"]
    list_filter = ["status", "deadline"]
    search_fields = ["title", "description", "kpi", "journey__title", "owner__email"]
    list_select_related = ["journey", "owner"]
    raw_id_fields = ["journey", "gap", "owner", "created_by"]
    filter_horizontal = ["touchpoints"]
    inlines = [StatusChangeInline]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["improvement", "old_status", "new_status", "changed_by", "changed_at"]
    list_filter = ["new_status", "changed_at"]
    search_fields = ["improvement__title", "comment"]
    list_select_related = ["improvement", "changed_by"]
    raw_id_fields = ["improvement", "changed_by", "review"]


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ["journey", "cadence_months", "next_due"]
    list_filter = ["cadence_months", "next_due"]
    search_fields = ["journey__title"]
    list_select_related = ["journey"]
    raw_id_fields = ["journey"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["journey", "held_on", "finished_at"]
    list_filter = ["held_on"]
    search_fields = ["journey__title", "notes"]
    list_select_related = ["journey"]
    raw_id_fields = ["journey", "measurement", "started_by"]
    filter_horizontal = ["walked"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "period", "recipient", "state", "attempts", "claimed_at", "sent_at"]
    list_filter = ["kind", "state", "claimed_at"]
    search_fields = ["recipient__email", "period", "last_error"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    exclude = ["token"]
