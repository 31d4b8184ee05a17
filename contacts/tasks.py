"""Thin Celery tasks for big imports: take the import id, call the service."""

from celery import shared_task


@shared_task(acks_late=True)
def contact_import_validate_task(contact_import_id):
    from .services import contact_import_validate

    contact_import_validate(contact_import_id=contact_import_id)


@shared_task(acks_late=True)
def contact_import_commit_task(contact_import_id):
    from .services import contact_import_run

    contact_import_run(contact_import_id=contact_import_id)


@shared_task
def contact_import_files_purge_task():
    from .services import contact_import_files_purge

    contact_import_files_purge(actor="system:beat")
