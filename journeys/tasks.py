"""The report's PDF is made here, off the web workers (``journeys.report_files`` explains the flow)."""

from celery import shared_task

from . import report_files

BUILD_TIME_LIMIT = 4 * 60  # must stay below report_files.STALE_AFTER: a build is dead before it is asked again
BUILD_SOFT_TIME_LIMIT = 3 * 60


@shared_task(time_limit=BUILD_TIME_LIMIT, soft_time_limit=BUILD_SOFT_TIME_LIMIT)
def build_report(report_file_id):
    """Make the PDF of a pending report; returns how long WeasyPrint took (None if there was nothing to do)."""
    report_file = report_files.build(report_file_id)
    return report_file.build_seconds if report_file else None


@shared_task(time_limit=BUILD_TIME_LIMIT, soft_time_limit=BUILD_SOFT_TIME_LIMIT)
def prepare_reports(workshop_id):
    """Make a closed workshop's report in each language its team reads; returns those languages."""
    return report_files.prepare_reports(workshop_id)
