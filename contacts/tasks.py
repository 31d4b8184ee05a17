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


@shared_task
def erasure_vacuum_task():
    """VACUUM the tables an erasure rewrote, so dead row versions holding the person's data
    (and their index entries) go now. VACUUM can not run in a transaction: autocommit here."""
    from django.db import connection

    from kernel.privacy import erasure_vacuum_tables

    with connection.cursor() as cursor:
        for table in erasure_vacuum_tables():
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')


@shared_task
def contact_import_sweep_stale_task():
    from .services import contact_import_sweep_stale

    contact_import_sweep_stale()
