"""Background work for the outbox. Thin: look up, call the domain."""

from django_tasks import task

from medvirk.notifications import delivery


@task(queue_name="mail")
def deliver_mail(mail_id: int) -> str:
    """Send one outbox row (claimed with one UPDATE, so at most once)."""
    return delivery.deliver(mail_id)
