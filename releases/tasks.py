from celery import shared_task


@shared_task(ignore_result=True)
def release_publish_due_task():
    from .services import release_publish_due

    return len(release_publish_due())
