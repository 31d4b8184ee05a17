"""Structured logging helpers: every record carries the request id (django-guid) and, inside a
Celery task, the task's id and name, so one line of a log can be traced to its request or task."""

import logging

from celery import current_task


class TaskContextFilter(logging.Filter):
    def filter(self, record):
        task = current_task._get_current_object() if current_task else None
        request = getattr(task, "request", None)
        record.task_id = getattr(request, "id", None) if request else None
        record.task_name = getattr(task, "name", None) if record.task_id else None
        return True
